//! What makes a partial unique: a digest of the records each of its inputs gave, so that merging
//! a partial twice, or two partials that read the same input, can be caught instead of counting
//! those documents twice.

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::corpus::{Document, Location};

/// The records one input gave a run.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputDigest {
    /// The input as named in the run (a path, or `-` for standard input).
    pub name: String,
    /// Documents read from it.
    pub documents: u64,
    /// SHA-256 (hex) of those documents, in order: every field, length-prefixed. It depends on the
    /// records only, not on the file's name, compression or layout (a record without an id, whose
    /// id is its `path:line`, is hashed with its line instead).
    pub sha256: String,
}

/// Whether `id` is the one a reader gives a record without an id: its location, `path:line`
/// (`path` for a whole file).
fn id_is_location(id: &str, at: &Location) -> bool {
    let Some(rest) = id.strip_prefix(&*at.path) else {
        return false;
    };
    if at.line == 0 {
        rest.is_empty()
    } else {
        rest.strip_prefix(':')
            .is_some_and(|n| n.parse::<u64>() == Ok(at.line))
    }
}

/// Digests the documents of a run, input by input, in the order they are read.
#[derive(Default)]
pub struct InputDigester {
    done: Vec<InputDigest>,
    current: Option<(String, u64, Sha256)>,
}

impl InputDigester {
    /// Adds one document, read at `at`.
    pub fn add(&mut self, at: &Location, doc: &Document) {
        let input = &*at.path;
        if self
            .current
            .as_ref()
            .is_none_or(|(name, _, _)| name != input)
        {
            self.finish_current();
            self.current = Some((input.to_string(), 0, Sha256::new()));
        }
        let (_, documents, hash) = self.current.as_mut().expect("just set");
        *documents += 1;
        // An id made from the location would make a renamed copy of an input look new.
        if id_is_location(&doc.id, at) {
            hash.update([2u8]);
            hash.update(at.line.to_le_bytes());
        } else {
            hash.update([1u8]);
            hash.update((doc.id.len() as u64).to_le_bytes());
            hash.update(doc.id.as_bytes());
        }
        for field in [
            doc.date.as_deref(),
            doc.title.as_deref(),
            doc.source.as_deref(),
            Some(doc.text.as_str()),
        ] {
            // Length-prefixed, with absent fields distinct from empty ones, so that no two
            // different records hash the same bytes.
            match field {
                None => hash.update([0u8]),
                Some(f) => {
                    hash.update([1u8]);
                    hash.update((f.len() as u64).to_le_bytes());
                    hash.update(f.as_bytes());
                }
            }
        }
    }

    fn finish_current(&mut self) {
        if let Some((name, documents, hash)) = self.current.take() {
            let sha256 = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
            self.done.push(InputDigest {
                name,
                documents,
                sha256,
            });
        }
    }

    /// The digests, one per run of consecutive documents from one input.
    pub fn finish(mut self) -> Vec<InputDigest> {
        self.finish_current();
        self.done
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, text: &str) -> Document {
        Document {
            id: id.into(),
            date: None,
            title: None,
            source: None,
            text: text.into(),
        }
    }

    fn at(path: &str, line: u64) -> Location {
        Location {
            path: path.into(),
            line,
        }
    }

    #[test]
    fn same_records_same_digest_whatever_the_name() {
        let mut a = InputDigester::default();
        a.add(&at("a.jsonl", 1), &doc("1", "x"));
        a.add(&at("a.jsonl", 2), &doc("2", "y"));
        a.add(&at("b.jsonl", 1), &doc("3", "z"));
        let a = a.finish();
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].documents, 2);
        let mut b = InputDigester::default();
        b.add(&at("copy.jsonl", 1), &doc("1", "x"));
        b.add(&at("copy.jsonl", 2), &doc("2", "y"));
        assert_eq!(b.finish()[0].sha256, a[0].sha256);
        // Field boundaries count: "1"+"xy" is not "1x"+"y".
        let mut c = InputDigester::default();
        c.add(&at("c", 1), &doc("1x", "y"));
        let mut d = InputDigester::default();
        d.add(&at("c", 1), &doc("1", "xy"));
        assert_ne!(c.finish()[0].sha256, d.finish()[0].sha256);
    }

    #[test]
    fn ids_made_from_the_location_do_not_make_a_copy_look_new() {
        let digest = |path: &str| {
            let mut g = InputDigester::default();
            g.add(&at(path, 3), &doc(&format!("{path}:3"), "x"));
            g.finish().remove(0).sha256
        };
        assert_eq!(digest("a.csv"), digest("renamed.csv"));
        let whole = |path: &str| {
            let mut g = InputDigester::default();
            g.add(&at(path, 0), &doc(path, "x"));
            g.finish().remove(0).sha256
        };
        assert_eq!(whole("a.txt"), whole("b.txt"));
        // A real id that happens to differ is still hashed as an id.
        let mut g = InputDigester::default();
        g.add(&at("a.csv", 3), &doc("a.csv:4", "x"));
        assert_ne!(g.finish().remove(0).sha256, digest("a.csv"));
    }
}
