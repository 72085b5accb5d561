//! CSV and TSV with a header row and a text column.

use std::io::BufRead;
use std::sync::Arc;

use super::{text_problem, Document, Event, FieldNames, Location};

/// Column positions of the document fields.
struct Columns {
    text: usize,
    id: Option<usize>,
    date: Option<usize>,
    title: Option<usize>,
    source: Option<usize>,
}

/// How many lines after the first of a multi-line field look like rows of the file: an id-like
/// first field (short, no spaces) and as many fields as the header. A quote left open swallows
/// the rows after it into one field; this is how that shows.
fn rows_inside(text: &str, delimiter: u8, header_len: usize) -> usize {
    if header_len < 2 || !text.contains('\n') {
        return 0;
    }
    text.lines()
        .skip(1)
        .filter(|line| {
            let fields: Vec<&str> = line.split(delimiter as char).collect();
            fields.len() == header_len
                && !fields[0].is_empty()
                && fields[0].len() <= 40
                && !fields[0].contains(' ')
        })
        .count()
}

/// Streams the rows of a CSV or TSV input.
pub struct TabularReader {
    path: Arc<str>,
    reader: csv::Reader<Box<dyn BufRead + Send>>,
    fields: FieldNames,
    delimiter: u8,
    header_len: usize,
    columns: Option<Columns>,
    record: csv::ByteRecord,
    started: bool,
    done: bool,
}

impl TabularReader {
    pub(super) fn new(
        path: Arc<str>,
        reader: Box<dyn BufRead + Send>,
        delimiter: u8,
        fields: FieldNames,
    ) -> Self {
        let reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(false)
            // TSV exports rarely quote, and their texts contain quote marks.
            .quoting(delimiter != b'\t')
            .from_reader(reader);
        TabularReader {
            path,
            reader,
            fields,
            delimiter,
            header_len: 0,
            columns: None,
            record: csv::ByteRecord::new(),
            started: false,
            done: false,
        }
    }

    fn problem(&self, line: u64, reason: String) -> Event {
        Event::FileProblem {
            at: Location {
                path: self.path.clone(),
                line,
            },
            reason,
        }
    }

    /// Reads the header and finds the columns, or says what is missing.
    // The error is an event passed on unchanged; the lint sees the size of the `Document`
    // variant, which these errors never carry.
    #[allow(clippy::result_large_err)]
    fn start(&mut self) -> Result<(), Event> {
        let headers = match self.reader.byte_headers() {
            Ok(h) => h.clone(),
            Err(e) => return Err(self.problem(1, format!("cannot read the header: {e}"))),
        };
        if headers.is_empty() || headers.iter().all(|h| h.is_empty()) {
            return Err(self.problem(0, "empty file: no header and no records".into()));
        }
        let names: Vec<String> = headers
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let h = if i == 0 {
                    h.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(h)
                } else {
                    h
                };
                String::from_utf8_lossy(h).trim().to_string()
            })
            .collect();
        let find = |name: &str| names.iter().position(|n| n == name);
        let Some(text) = find(&self.fields.text) else {
            return Err(self.problem(
                1,
                format!(
                    "no \"{}\" column in the header (found: {}); name the text column with --text-field",
                    self.fields.text,
                    names.join(", ")
                ),
            ));
        };
        self.header_len = names.len();
        self.columns = Some(Columns {
            text,
            id: find(&self.fields.id),
            date: find(&self.fields.date),
            title: find(&self.fields.title),
            source: find(&self.fields.source),
        });
        Ok(())
    }

    fn row(&self) -> Event {
        let columns = self.columns.as_ref().expect("header was read");
        let line = self.record.position().map_or(0, |p| p.line());
        let at = Location {
            path: self.path.clone(),
            line,
        };
        let raw_text = self.record.get(columns.text).unwrap_or_default();
        if let Some(reason) = text_problem(raw_text, line) {
            return Event::Skipped {
                at,
                reason: format!("column \"{}\": {reason}", self.fields.text),
            };
        }
        let text = String::from_utf8(raw_text.to_vec()).expect("checked above");
        let swallowed = rows_inside(&text, self.delimiter, self.header_len);
        if swallowed > 0 {
            return Event::Skipped {
                at,
                reason: format!(
                    "the text runs over {swallowed} more lines that look like rows of this file (an unbalanced quote?); record skipped"
                ),
            };
        }
        if text.trim().is_empty() {
            return Event::Skipped {
                at,
                reason: "empty document (no text)".into(),
            };
        }
        let field = |c: Option<usize>| {
            c.and_then(|c| self.record.get(c))
                .and_then(|b| std::str::from_utf8(b).ok())
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
        };
        Event::Document {
            doc: Document {
                id: field(columns.id).unwrap_or_else(|| at.to_string()),
                date: field(columns.date),
                title: field(columns.title),
                source: field(columns.source),
                text,
            },
            bytes: self.record.as_slice().len() as u64,
            at,
        }
    }
}

impl Iterator for TabularReader {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        if self.done {
            return None;
        }
        if !self.started {
            self.started = true;
            if let Err(problem) = self.start() {
                self.done = true;
                return Some(problem);
            }
        }
        match self.reader.read_byte_record(&mut self.record) {
            Ok(true) => Some(self.row()),
            Ok(false) => {
                self.done = true;
                None
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => Some(Event::Skipped {
                        at: Location {
                            path: self.path.clone(),
                            line,
                        },
                        reason: format!(
                            "row has {len} fields, the header has {expected_len}{}",
                            if len < expected_len {
                                " (an unbalanced quote can swallow the rows after it)"
                            } else {
                                ""
                            }
                        ),
                    }),
                    _ => {
                        self.done = true;
                        Some(self.problem(line, format!("read error: {e}")))
                    }
                }
            }
        }
    }
}
