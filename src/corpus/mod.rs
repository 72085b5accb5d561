//! Reading corpora: plain text, JSON Lines, CSV/TSV, gzip, stdin and directories, streamed.
//!
//! A [`CorpusReader`] yields [`Event`]s one at a time: a document, a record that had to be skipped,
//! or a problem with a whole file. Nothing is dropped silently; the caller counts every event.
//! Memory holds one record (or one plain-text file) at a time.

mod jsonl;
mod sample;
mod tabular;
mod unescape;

use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use jsonl::FieldNames;
pub use sample::{sample_documents, SAMPLE_JSONL, SAMPLE_LABEL};

use crate::text::MAX_DOCUMENT_BYTES;

/// A document to analyse.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Identifier: the record's id, or `path:line` when it has none.
    pub id: String,
    /// Date as written in the input (ISO 8601 expected), if any.
    pub date: Option<String>,
    /// Title, if any.
    pub title: Option<String>,
    /// Publisher, if any.
    pub source: Option<String>,
    /// The text.
    pub text: String,
}

/// Where something was read: a file (or `-`) and a 1-based line (0 for the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The path as the user gave it (or as found under a directory).
    pub path: Arc<str>,
    /// 1-based line, 0 when the location is the file itself.
    pub line: u64,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.path)
        } else {
            write!(f, "{}:{}", self.path, self.line)
        }
    }
}

/// What a reader found next.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    /// A document and where it starts; `bytes` is its size in the input.
    Document {
        /// The document.
        doc: Document,
        /// Where it was read.
        at: Location,
        /// Bytes of input it took.
        bytes: u64,
    },
    /// A record that was read but cannot be scored.
    Skipped {
        /// Where.
        at: Location,
        /// Why, and what was expected.
        reason: String,
    },
    /// A file that could not be read, or not to the end.
    FileProblem {
        /// Which file (and line, when known).
        at: Location,
        /// What went wrong.
        reason: String,
    },
}

/// Input formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// One document per file.
    Text,
    /// One JSON object per line.
    Jsonl,
    /// Comma-separated with a header.
    Csv,
    /// Tab-separated with a header.
    Tsv,
}

impl Format {
    /// Parses a format name: `text`, `jsonl` (or `ndjson`), `csv`, `tsv`.
    pub fn parse(name: &str) -> Option<Format> {
        Some(match name.to_ascii_lowercase().as_str() {
            "text" | "txt" => Format::Text,
            "jsonl" | "ndjson" | "json" => Format::Jsonl,
            "csv" => Format::Csv,
            "tsv" | "tab" => Format::Tsv,
            _ => return None,
        })
    }

    /// The format a file name implies (looking through a `.gz` suffix); text when unknown.
    pub fn from_path(path: &Path) -> Format {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let name = name.strip_suffix(".gz").unwrap_or(name);
        let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        match Format::parse(ext) {
            Some(f) => f,
            None => Format::Text,
        }
    }
}

/// How to read the inputs.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// Force this format for every input instead of guessing from the extension.
    pub format: Option<Format>,
    /// Field or column names.
    pub fields: FieldNames,
}

/// Why the inputs of a run cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// An input names nothing on disk.
    #[error("{0}: no such file or directory")]
    Missing(String),
}

/// Checks that every input exists before anything is read, naming the first that does not.
pub fn check_inputs(inputs: &[String]) -> Result<(), InputError> {
    for input in inputs {
        if input != "-" && std::fs::symlink_metadata(input).is_err() {
            return Err(InputError::Missing(input.clone()));
        }
    }
    Ok(())
}

/// Streams the documents of a list of inputs (files, directories, `-`).
pub struct CorpusReader {
    pending: Vec<PathBuf>,
    /// Inputs not yet expanded, in reverse order (popped from the end).
    inputs: Vec<String>,
    options: ReadOptions,
    current: Option<Box<dyn Iterator<Item = Event> + Send>>,
    visited_dirs: Vec<PathBuf>,
    /// Problems found while listing a directory, reported before anything else is read.
    problems: std::collections::VecDeque<Event>,
}

/// The entries of directory `dir` worth reading, and a problem event for each entry that could
/// not be read: nothing found in a directory is dropped without a word.
fn listed(
    dir: &Path,
    entries: impl Iterator<Item = io::Result<PathBuf>>,
) -> (Vec<PathBuf>, Vec<Event>) {
    let mut children = Vec::new();
    let mut problems = Vec::new();
    for entry in entries {
        match entry {
            // Hidden files (".git", ".DS_Store") are not corpus documents.
            Ok(p)
                if p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.')) => {}
            Ok(p) => children.push(p),
            Err(e) => problems.push(Event::FileProblem {
                at: Location {
                    path: dir.display().to_string().into(),
                    line: 0,
                },
                reason: format!("an entry of this directory cannot be read: {e}"),
            }),
        }
    }
    (children, problems)
}

/// Whether `path` is a symbolic link whose chain of targets comes back to a link already
/// followed (`a -> b -> a`, `self -> self`), rather than ending at a missing file. The system
/// only says "too many levels of symbolic links", which a long chain can also cause.
fn is_symlink_loop(path: &Path) -> bool {
    let mut seen: Vec<PathBuf> = Vec::new();
    let mut at = path.to_path_buf();
    // The kernel gives up after 40 links; a chain that long is followed no further here either.
    for _ in 0..40 {
        let Ok(target) = std::fs::read_link(&at) else {
            return false; // not a link: the chain ends
        };
        let key = at
            .parent()
            .map_or(at.clone(), |dir| match dir.canonicalize() {
                Ok(d) => d.join(at.file_name().unwrap_or_default()),
                Err(_) => at.clone(),
            });
        if seen.contains(&key) {
            return true;
        }
        seen.push(key);
        at = match at.parent() {
            Some(dir) if target.is_relative() => dir.join(target),
            _ => target,
        };
    }
    false
}

impl CorpusReader {
    /// A reader over `inputs`, read in the given order; directories are walked in name order.
    pub fn new(inputs: &[String], options: ReadOptions) -> CorpusReader {
        CorpusReader {
            pending: Vec::new(),
            inputs: inputs.iter().rev().cloned().collect(),
            options,
            current: None,
            visited_dirs: Vec::new(),
            problems: Default::default(),
        }
    }

    /// A reader over one in-memory or piped stream, named `label` in messages.
    pub fn from_stream(
        label: &str,
        stream: Box<dyn BufRead + Send>,
        format: Format,
        options: ReadOptions,
    ) -> CorpusReader {
        let mut reader = CorpusReader::new(&[], options);
        reader.current = Some(open_stream(
            label.into(),
            stream,
            format,
            reader.options.fields.clone(),
        ));
        reader
    }

    /// The next file to open, walking directories as they come; problems become events.
    fn next_file(&mut self) -> Option<Result<PathBuf, Event>> {
        loop {
            if let Some(problem) = self.problems.pop_front() {
                return Some(Err(problem));
            }
            if let Some(path) = self.pending.pop() {
                match self.expand(path) {
                    Ok(Some(file)) => return Some(Ok(file)),
                    Ok(None) => continue,
                    Err(problem) => return Some(Err(problem)),
                }
            }
            let input = self.inputs.pop()?;
            if input == "-" {
                return Some(Ok(PathBuf::from("-")));
            }
            self.pending.push(PathBuf::from(input));
        }
    }

    /// A file is returned as is; a directory pushes its entries and returns `None`.
    // The error is an event passed on unchanged; the lint sees the size of the `Document`
    // variant, which these errors never carry.
    #[allow(clippy::result_large_err)]
    fn expand(&mut self, path: PathBuf) -> Result<Option<PathBuf>, Event> {
        let problem = |reason: String| Event::FileProblem {
            at: Location {
                path: path.display().to_string().into(),
                line: 0,
            },
            reason,
        };
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => {
                let is_link = std::fs::symlink_metadata(&path).is_ok();
                return Err(problem(if is_link && is_symlink_loop(&path) {
                    format!("symbolic link loop: the links lead back to themselves ({e})")
                } else if is_link {
                    format!("broken symbolic link ({e})")
                } else {
                    format!("cannot read: {e}")
                }));
            }
        };
        if !meta.is_dir() {
            return Ok(Some(path));
        }
        let canonical = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if self.visited_dirs.contains(&canonical) {
            return Err(problem(
                "directory already visited (symbolic link loop); not read again".into(),
            ));
        }
        self.visited_dirs.push(canonical);
        let entries = match std::fs::read_dir(&path) {
            Ok(entries) => entries,
            Err(e) => return Err(problem(format!("cannot list directory: {e}"))),
        };
        let (mut children, problems) = listed(&path, entries.map(|e| e.map(|e| e.path())));
        // Popped from the end: reverse name order gives name order.
        children.sort_unstable_by(|a, b| b.cmp(a));
        self.pending.extend(children);
        self.problems.extend(problems);
        Ok(None)
    }

    // The error is an event passed on unchanged; the lint sees the size of the `Document`
    // variant, which these errors never carry.
    #[allow(clippy::result_large_err)]
    fn open(&self, path: &Path) -> Result<Box<dyn Iterator<Item = Event> + Send>, Event> {
        let shown: Arc<str> = path.display().to_string().into();
        let format = self.options.format.unwrap_or(if path == Path::new("-") {
            Format::Text
        } else {
            Format::from_path(path)
        });
        let problem = |reason: String| Event::FileProblem {
            at: Location {
                path: shown.clone(),
                line: 0,
            },
            reason,
        };
        let raw: Box<dyn Read + Send> = if path == Path::new("-") {
            Box::new(io::stdin())
        } else {
            match File::open(path) {
                Ok(f) => Box::new(f),
                Err(e) => return Err(problem(format!("cannot open: {e}"))),
            }
        };
        let reader = match sniff_gzip(raw) {
            Ok(reader) => reader,
            Err(e) => return Err(problem(format!("read error: {e}"))),
        };
        Ok(open_stream(
            shown,
            reader,
            format,
            self.options.fields.clone(),
        ))
    }
}

impl Iterator for CorpusReader {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(events) = self.current.as_mut() {
                if let Some(event) = events.next() {
                    return Some(refuse_oversized(event));
                }
                self.current = None;
            }
            match self.next_file()? {
                Ok(path) => match self.open(&path) {
                    Ok(events) => self.current = Some(events),
                    Err(event) => return Some(event),
                },
                Err(event) => return Some(event),
            }
        }
    }
}

/// The stream, decompressed when it is gzip. Gzip is recognised by its magic bytes (1f 8b), not
/// by the name: standard input has none, and a `.jsonl` file may well be gzipped. The format
/// (JSON Lines, CSV, text) still comes from the name before `.gz` or from `--input-format`.
fn sniff_gzip(mut raw: Box<dyn Read + Send>) -> io::Result<Box<dyn BufRead + Send>> {
    // Read the two bytes by hand: a pipe may deliver them in separate reads.
    let mut head = [0u8; 2];
    let mut got = 0;
    while got < head.len() {
        match raw.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let whole: Box<dyn Read + Send> = Box::new(io::Cursor::new(head[..got].to_vec()).chain(raw));
    Ok(if head[..got] == [0x1f, 0x8b] {
        Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::read::MultiGzDecoder::new(BufReader::new(whole)),
        ))
    } else {
        Box::new(BufReader::with_capacity(1 << 16, whole))
    })
}

/// A document too long to tokenize, as a skipped record that says so.
fn refuse_oversized(event: Event) -> Event {
    match event {
        Event::Document { doc, at, .. } if doc.text.len() > MAX_DOCUMENT_BYTES => Event::Skipped {
            at,
            reason: format!(
                "document of {} bytes; expected at most {MAX_DOCUMENT_BYTES} (1 GiB)",
                doc.text.len()
            ),
        },
        event => event,
    }
}

/// The events of one stream in one format.
fn open_stream(
    shown: Arc<str>,
    reader: Box<dyn BufRead + Send>,
    format: Format,
    fields: FieldNames,
) -> Box<dyn Iterator<Item = Event> + Send> {
    match format {
        Format::Text => Box::new(read_text(shown, reader).into_iter()),
        Format::Jsonl => Box::new(jsonl::JsonlReader::new(shown, reader, fields)),
        Format::Csv => Box::new(tabular::TabularReader::new(shown, reader, b',', fields)),
        Format::Tsv => Box::new(tabular::TabularReader::new(shown, reader, b'\t', fields)),
    }
}

/// Why bytes cannot be a document's text, if they cannot: NUL bytes or invalid UTF-8, with the
/// line of the first bad byte (counted from `first_line`).
pub(crate) fn text_problem(bytes: &[u8], first_line: u64) -> Option<String> {
    let line_of = |at: usize| first_line + memchr::memchr_iter(b'\n', &bytes[..at]).count() as u64;
    // Every document passes through here: memchr's vectorised search keeps it off the profile.
    if let Some(at) = memchr::memchr(0, bytes) {
        return Some(format!(
            "binary data (NUL byte at line {}, byte {at}); expected UTF-8 text",
            line_of(at)
        ));
    }
    if let Err(e) = std::str::from_utf8(bytes) {
        let at = e.valid_up_to();
        return Some(format!(
            "not valid UTF-8 at line {}, byte {at}; expected UTF-8 text",
            line_of(at)
        ));
    }
    None
}

/// A plain-text file is one document, named after the file.
fn read_text(path: Arc<str>, mut reader: Box<dyn BufRead + Send>) -> Option<Event> {
    let mut bytes = Vec::new();
    let at = Location {
        path: path.clone(),
        line: 1,
    };
    if let Err(e) = reader.read_to_end(&mut bytes) {
        return Some(Event::FileProblem {
            at: Location { path, line: 0 },
            reason: format!("read error: {e}"),
        });
    }
    let size = bytes.len() as u64;
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    if let Some(reason) = text_problem(body, 1) {
        return Some(Event::Skipped { at, reason });
    }
    let text = String::from_utf8(body.to_vec()).expect("checked above");
    if text.trim().is_empty() {
        return Some(Event::Skipped {
            at,
            reason: "empty document (no text)".into(),
        });
    }
    Some(Event::Document {
        doc: Document {
            id: path.to_string(),
            text,
            ..Document::default()
        },
        at,
        bytes: size,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An entry a directory listing cannot read (an I/O error while listing) is a problem named
    /// after the directory, never dropped; hidden entries are left out on purpose.
    #[test]
    fn unreadable_directory_entries_become_problems() {
        let entries = vec![
            Ok(PathBuf::from("d/b.txt")),
            Err(io::Error::other("input/output error")),
            Ok(PathBuf::from("d/.hidden")),
            Ok(PathBuf::from("d/a.txt")),
        ];
        let (children, problems) = listed(Path::new("d"), entries.into_iter());
        assert_eq!(
            children,
            [PathBuf::from("d/b.txt"), PathBuf::from("d/a.txt")]
        );
        assert_eq!(problems.len(), 1);
        let Event::FileProblem { at, reason } = &problems[0] else {
            panic!("{problems:?}");
        };
        assert_eq!(at.to_string(), "d");
        assert!(
            reason.contains("cannot be read: input/output error"),
            "{reason}"
        );
    }
}
