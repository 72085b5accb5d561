//! A CoNLL-U reader and writer: the sentences of a Universal Dependencies treebank.
//!
//! Only what the tagger and parser learn from is kept: the word form (column 2), the universal
//! part of speech (4), the head (7) and the relation (8). Multiword-token range lines (`1-2`)
//! and empty nodes (`8.1`) are skipped: the syntactic words carry the tree. A malformed line is
//! an error naming the file, the line and what was expected.

use std::fmt;
use std::path::Path;

use super::tags::Upos;

/// One sentence of a treebank, on gold tokenisation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sentence {
    /// The word forms, in order.
    pub words: Vec<String>,
    /// The universal part of speech of each word.
    pub upos: Vec<Upos>,
    /// The head of each word: 0 for the root, else the 1-based index of the head word.
    pub heads: Vec<u32>,
    /// The relation of each word to its head, as the file writes it (`nsubj`, `nsubj:pass`).
    pub deprels: Vec<String>,
}

impl Sentence {
    /// The number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// True for a sentence without words.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// A line of a CoNLL-U file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConlluError {
    /// The file, as given.
    pub path: String,
    /// The 1-based line number.
    pub line: usize,
    /// What was wrong and what was expected.
    pub message: String,
}

impl fmt::Display for ConlluError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path, self.line, self.message)
    }
}

impl std::error::Error for ConlluError {}

/// Reads a CoNLL-U file.
pub fn read_file(path: &Path) -> Result<Vec<Sentence>, ConlluError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| ConlluError {
        path: name.clone(),
        line: 0,
        message: format!("cannot read the file: {e}"),
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = 1 + e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count();
        ConlluError {
            path: name.clone(),
            line,
            message: "invalid UTF-8".into(),
        }
    })?;
    parse(&name, &text)
}

/// Parses CoNLL-U text; `path` names it in errors.
pub fn parse(path: &str, text: &str) -> Result<Vec<Sentence>, ConlluError> {
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    // The line each word came from, to name it when a head points outside the sentence.
    let mut word_lines: Vec<usize> = Vec::new();
    let error = |line: usize, message: String| ConlluError {
        path: path.to_string(),
        line,
        message,
    };
    let mut finish = |s: &mut Sentence, lines: &mut Vec<usize>| -> Result<(), ConlluError> {
        let n = s.len() as u32;
        for (k, &h) in s.heads.iter().enumerate() {
            if h > n {
                return Err(error(
                    lines[k],
                    format!("HEAD {h} is beyond the sentence's {n} words"),
                ));
            }
        }
        if !s.is_empty() {
            sentences.push(std::mem::take(s));
        }
        lines.clear();
        Ok(())
    };
    for (i, raw) in text.lines().enumerate() {
        let line_no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            finish(&mut current, &mut word_lines)?;
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(error(
                line_no,
                format!("expected 10 tab-separated columns, found {}", cols.len()),
            ));
        }
        let id = cols[0];
        if id.contains('-') || id.contains('.') {
            continue; // a multiword token's range, or an empty node
        }
        let id: u32 = id.parse().map_err(|_| {
            error(
                line_no,
                format!("expected a word ID (1, 2, ...), a range (1-2) or an empty node (8.1), found {id:?}"),
            )
        })?;
        let expected = current.len() as u32 + 1;
        if id != expected {
            return Err(error(
                line_no,
                format!("expected word ID {expected}, found {id}"),
            ));
        }
        let upos = Upos::from_name(cols[3]).ok_or_else(|| {
            error(
                line_no,
                format!(
                    "expected a universal part of speech in column 4, found {:?}",
                    cols[3]
                ),
            )
        })?;
        let head: u32 = cols[6].parse().map_err(|_| {
            error(
                line_no,
                format!(
                    "expected a HEAD (0 or a word ID) in column 7, found {:?}",
                    cols[6]
                ),
            )
        })?;
        if head == id {
            return Err(error(line_no, format!("word {id} is its own head")));
        }
        let deprel = cols[7];
        if deprel.is_empty() || deprel == "_" {
            return Err(error(
                line_no,
                "expected a relation (DEPREL) in column 8, found none".into(),
            ));
        }
        current.words.push(cols[1].to_string());
        current.upos.push(upos);
        current.heads.push(head);
        current.deprels.push(deprel.to_string());
        word_lines.push(line_no);
    }
    finish(&mut current, &mut word_lines)?;
    Ok(sentences)
}

/// Writes one sentence as CoNLL-U: ID, FORM, UPOS, HEAD and DEPREL filled, the rest `_`.
/// `comments` are written first, each as a `# ` line.
pub fn write_sentence(
    out: &mut impl std::io::Write,
    comments: &[String],
    words: &[&str],
    upos: &[Upos],
    heads: &[u32],
    deprels: &[&str],
) -> std::io::Result<()> {
    for c in comments {
        writeln!(out, "# {c}")?;
    }
    for (k, w) in words.iter().enumerate() {
        // A form may not contain a tab or a newline in CoNLL-U; the engine's tokens never do.
        writeln!(
            out,
            "{}\t{}\t_\t{}\t_\t_\t{}\t{}\t_\t_",
            k + 1,
            w,
            upos[k].name(),
            heads[k],
            deprels[k]
        )?;
    }
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "# text = They left.\n\
1-2\tThey're\t_\t_\t_\t_\t_\t_\t_\t_\n\
1\tThey\tthey\tPRON\tPRP\t_\t2\tnsubj\t_\t_\n\
2\tleft\tleave\tVERB\tVBD\t_\t0\troot\t_\t_\n\
2.1\tgone\tgo\tVERB\tVBN\t_\t_\t_\t2:conj\t_\n\
3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\
\n\
1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n";

    #[test]
    fn reads_words_and_skips_ranges_and_empty_nodes() {
        let s = parse("t.conllu", GOOD).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].words, ["They", "left", "."]);
        assert_eq!(s[0].upos, [Upos::Pron, Upos::Verb, Upos::Punct]);
        assert_eq!(s[0].heads, [2, 0, 2]);
        assert_eq!(s[0].deprels, ["nsubj", "root", "punct"]);
        assert_eq!(s[1].words, ["Hi"]);
    }

    fn err(text: &str) -> String {
        parse("x.conllu", text).unwrap_err().to_string()
    }

    #[test]
    fn errors_name_file_line_and_expectation() {
        assert_eq!(
            err("1\tHi\thi\tINTJ\n"),
            "x.conllu:1: expected 10 tab-separated columns, found 4"
        );
        assert_eq!(
            err("1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n3\tyou\tyou\tPRON\tPRP\t_\t1\tvocative\t_\t_\n"),
            "x.conllu:2: expected word ID 2, found 3"
        );
        assert!(err("# c\n1\tHi\thi\tBOGUS\tUH\t_\t0\troot\t_\t_\n")
            .starts_with("x.conllu:2: expected a universal part of speech"));
        assert!(err("1\tHi\thi\tINTJ\tUH\t_\tx\troot\t_\t_\n")
            .starts_with("x.conllu:1: expected a HEAD"));
        assert_eq!(
            err("1\tHi\thi\tINTJ\tUH\t_\t4\troot\t_\t_\n\n"),
            "x.conllu:1: HEAD 4 is beyond the sentence's 1 words"
        );
        assert!(err("a\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n")
            .starts_with("x.conllu:1: expected a word ID"));
        assert!(err("1\tHi\thi\tINTJ\tUH\t_\t0\t_\t_\t_\n")
            .starts_with("x.conllu:1: expected a relation"));
    }

    #[test]
    fn writes_what_it_reads() {
        let s = &parse("t", GOOD).unwrap()[0];
        let words: Vec<&str> = s.words.iter().map(String::as_str).collect();
        let rels: Vec<&str> = s.deprels.iter().map(String::as_str).collect();
        let mut out = Vec::new();
        write_sentence(&mut out, &[], &words, &s.upos, &s.heads, &rels).unwrap();
        let back = parse("t", std::str::from_utf8(&out).unwrap()).unwrap();
        assert_eq!(back[0], *s);
    }
}
