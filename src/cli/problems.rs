//! Reporting skipped records and file problems on stderr without flooding it: a corrupt file can
//! hold thousands of records that fail alike (a gzip read as text gives one "binary data" line
//! per line of it), which bury the other messages. The first few of each kind per file are
//! shown, then one line says how many more there were; the run's counts stay exact.

use std::sync::Arc;

use stance::corpus::Location;

/// Messages of one kind shown per file before the rest are only counted.
const SHOWN_PER_KIND: u64 = 3;

/// The problems of the file being read, by kind.
#[derive(Debug, Default)]
pub struct ProblemLog {
    /// The file the counts are about.
    path: Option<Arc<str>>,
    /// Per kind: the kind, how many were seen, and the first reason of that kind.
    kinds: Vec<(String, u64)>,
}

impl ProblemLog {
    /// Takes one problem; returns the lines to print now (the problem itself while few of its
    /// kind were seen, and the tally of the previous file when this one is another).
    pub fn note(&mut self, at: &Location, reason: &str) -> Vec<String> {
        let mut lines = Vec::new();
        if self.path.as_deref() != Some(&*at.path) {
            lines.extend(self.finish());
            self.path = Some(at.path.clone());
        }
        let kind = kind_of(reason);
        let seen = match self.kinds.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                self.kinds.push((kind, 1));
                1
            }
        };
        if seen <= SHOWN_PER_KIND {
            lines.push(format!("{at}: {reason}"));
        }
        lines
    }

    /// The tallies of the file last read: one line per kind that had more than were shown.
    pub fn finish(&mut self) -> Vec<String> {
        let Some(path) = self.path.take() else {
            return Vec::new();
        };
        std::mem::take(&mut self.kinds)
            .into_iter()
            .filter(|&(_, n)| n > SHOWN_PER_KIND)
            .map(|(kind, n)| {
                format!(
                    "{path}: ... and {} more like it ({kind})",
                    n - SHOWN_PER_KIND
                )
            })
            .collect()
    }
}

/// What a reason says without its particulars: parenthesised details dropped, numbers as `N`.
/// "binary data (NUL byte at line 3, byte 5); expected UTF-8 text" and the same at line 9 are
/// one kind; "row has 3 fields, the header has 2" and "row has 4 fields, ..." are one kind.
fn kind_of(reason: &str) -> String {
    let mut kind = String::with_capacity(reason.len());
    let mut depth = 0usize;
    let mut in_number = false;
    let mut prev = ' ';
    for c in reason.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            // A number on its own; digits inside a word ("UTF-8") are part of it.
            '0'..='9' if in_number || !(prev.is_alphanumeric() || prev == '-') => {
                if !in_number {
                    kind.push('N');
                }
                in_number = true;
                prev = c;
                continue;
            }
            _ => kind.push(c),
        }
        in_number = false;
        prev = c;
    }
    kind.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" ;", ";")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(path: &str, line: u64) -> Location {
        Location {
            path: path.into(),
            line,
        }
    }

    #[test]
    fn the_first_few_of_a_kind_are_shown_and_the_rest_tallied_per_file() {
        let mut log = ProblemLog::default();
        let mut lines = Vec::new();
        for n in 1..=10 {
            let reason = format!("binary data (NUL byte at line {n}, byte 0); expected UTF-8 text");
            lines.extend(log.note(&at("x.jsonl", n), &reason));
        }
        lines.extend(log.note(&at("x.jsonl", 11), "malformed JSON (EOF at column 3)"));
        lines.extend(log.note(&at("y.jsonl", 1), "malformed JSON (EOF at column 3)"));
        lines.extend(log.finish());
        assert_eq!(
            lines,
            [
                "x.jsonl:1: binary data (NUL byte at line 1, byte 0); expected UTF-8 text",
                "x.jsonl:2: binary data (NUL byte at line 2, byte 0); expected UTF-8 text",
                "x.jsonl:3: binary data (NUL byte at line 3, byte 0); expected UTF-8 text",
                "x.jsonl:11: malformed JSON (EOF at column 3)",
                "x.jsonl: ... and 7 more like it (binary data; expected UTF-8 text)",
                "y.jsonl:1: malformed JSON (EOF at column 3)",
            ]
        );
    }

    #[test]
    fn kinds_ignore_numbers_and_details() {
        assert_eq!(
            kind_of("row has 3 fields, the header has 2"),
            kind_of("row has 14 fields, the header has 2")
        );
        assert_ne!(
            kind_of("row has 3 fields, the header has 2"),
            kind_of("empty document (no text)")
        );
    }
}
