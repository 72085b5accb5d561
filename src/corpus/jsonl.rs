//! JSON Lines: one object per line, with configurable field names.

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;
use std::io::BufRead;
use std::sync::Arc;

use super::unescape::{unescape_in_place, BadEscape};
use super::{text_problem, Document, Event, Location};

/// The names of the fields (JSON keys or CSV columns) that hold each part of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldNames {
    /// The text; required.
    pub text: String,
    /// The identifier.
    pub id: String,
    /// The date.
    pub date: String,
    /// The title.
    pub title: String,
    /// The publisher.
    pub source: String,
}

impl Default for FieldNames {
    fn default() -> Self {
        FieldNames {
            text: "text".into(),
            id: "id".into(),
            date: "date".into(),
            title: "title".into(),
            source: "source".into(),
        }
    }
}

/// A JSON value reduced to what a document field can use.
enum FieldValue {
    Str(String),
    Number(String),
    Null,
    /// Any other type, by its JSON name.
    Other(&'static str),
}

impl FieldValue {
    fn into_string(self) -> Option<String> {
        match self {
            FieldValue::Str(s) | FieldValue::Number(s) => Some(s),
            _ => None,
        }
    }
}

impl<'de> de::Deserialize<'de> for FieldValue {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = FieldValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_str<E>(self, v: &str) -> Result<FieldValue, E> {
                Ok(FieldValue::Str(v.to_owned()))
            }
            fn visit_string<E>(self, v: String) -> Result<FieldValue, E> {
                Ok(FieldValue::Str(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<FieldValue, E> {
                Ok(FieldValue::Number(v.to_string()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<FieldValue, E> {
                Ok(FieldValue::Number(v.to_string()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<FieldValue, E> {
                Ok(FieldValue::Number(v.to_string()))
            }
            fn visit_bool<E>(self, _: bool) -> Result<FieldValue, E> {
                Ok(FieldValue::Other("a boolean"))
            }
            fn visit_unit<E>(self) -> Result<FieldValue, E> {
                Ok(FieldValue::Null)
            }
            fn visit_none<E>(self) -> Result<FieldValue, E> {
                Ok(FieldValue::Null)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut a: A) -> Result<FieldValue, A::Error> {
                while a.next_element::<IgnoredAny>()?.is_some() {}
                Ok(FieldValue::Other("an array"))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<FieldValue, A::Error> {
                while a.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(FieldValue::Other("an object"))
            }
        }
        d.deserialize_any(V)
    }
}

/// The text field of a record: a JSON string, left where it is in the line (the range of its
/// body) to be unescaped in place, or any other value.
enum TextField {
    InLine(std::ops::Range<usize>),
    Other(FieldValue),
}

/// The fields of one record that a document needs; the rest is skipped unparsed.
#[derive(Default)]
struct Record {
    text: Option<TextField>,
    id: Option<FieldValue>,
    date: Option<FieldValue>,
    title: Option<FieldValue>,
    source: Option<FieldValue>,
}

/// Reads a record of the line that starts at address `line_start`.
struct RecordSeed<'a> {
    names: &'a FieldNames,
    line_start: usize,
}

impl<'de> DeserializeSeed<'de> for RecordSeed<'_> {
    type Value = Record;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Record, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_> {
    type Value = Record;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
        let names = self.names;
        let mut r = Record::default();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            let slot = if key == names.text {
                let raw: &'de RawValue = map.next_value()?;
                let raw = raw.get();
                r.text = Some(if raw.starts_with('"') {
                    let start = raw.as_ptr() as usize - self.line_start + 1;
                    TextField::InLine(start..start + raw.len() - 2)
                } else {
                    TextField::Other(serde_json::from_str(raw).map_err(de::Error::custom)?)
                });
                continue;
            } else if key == names.id {
                &mut r.id
            } else if key == names.date {
                &mut r.date
            } else if key == names.title {
                &mut r.title
            } else if key == names.source {
                &mut r.source
            } else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            *slot = Some(map.next_value()?);
        }
        Ok(r)
    }
}

/// Streams the records of a JSON Lines input.
pub struct JsonlReader {
    path: Arc<str>,
    reader: Box<dyn BufRead + Send>,
    fields: FieldNames,
    line: u64,
    buf: Vec<u8>,
    events: u64,
    done: bool,
}

impl JsonlReader {
    pub(super) fn new(path: Arc<str>, reader: Box<dyn BufRead + Send>, fields: FieldNames) -> Self {
        JsonlReader {
            path,
            reader,
            fields,
            line: 0,
            buf: Vec::new(),
            events: 0,
            done: false,
        }
    }

    fn at(&self) -> Location {
        Location {
            path: self.path.clone(),
            line: self.line,
        }
    }

    /// The event of the record at `line` in `buf`. A document takes `buf` as its text, which
    /// leaves `buf` empty.
    fn record(&self, buf: &mut Vec<u8>, line: std::ops::Range<usize>) -> Event {
        let skip = |reason: String| Event::Skipped {
            at: self.at(),
            reason,
        };
        let bytes = &buf[line.clone()];
        let size = bytes.len() as u64;
        if let Some(reason) = text_problem(bytes, self.line) {
            return skip(reason);
        }
        let mut de = serde_json::Deserializer::from_slice(bytes);
        let seed = RecordSeed {
            names: &self.fields,
            line_start: bytes.as_ptr() as usize,
        };
        let record = match seed.deserialize(&mut de).and_then(|r| de.end().map(|()| r)) {
            Ok(r) => r,
            Err(e) => {
                return skip(format!(
                    "malformed JSON ({e}); expected one JSON object per line"
                ))
            }
        };
        let name = &self.fields.text;
        let text = match record.text {
            Some(TextField::InLine(body)) => {
                match take_unescaped(buf, line.start + body.start..line.start + body.end) {
                    Ok(text) => text,
                    Err(e) => {
                        let column = body.start + e.at + 1;
                        return skip(format!(
                            "malformed JSON ({} at column {column}); expected one JSON object \
                             per line",
                            e.reason
                        ));
                    }
                }
            }
            Some(TextField::Other(FieldValue::Str(t))) => t,
            None => {
                return skip(format!(
                    "no \"{name}\" field; each record needs its text as a string"
                ))
            }
            Some(TextField::Other(FieldValue::Null)) => {
                return skip(format!("field \"{name}\" is null; expected a string"))
            }
            Some(TextField::Other(FieldValue::Number(_))) => {
                return skip(format!("field \"{name}\" is a number; expected a string"))
            }
            Some(TextField::Other(FieldValue::Other(kind))) => {
                return skip(format!("field \"{name}\" is {kind}; expected a string"))
            }
        };
        if text.trim().is_empty() {
            return skip("empty document (no text)".into());
        }
        let id = record
            .id
            .and_then(FieldValue::into_string)
            .unwrap_or_else(|| self.at().to_string());
        Event::Document {
            doc: Document {
                id,
                date: record.date.and_then(FieldValue::into_string),
                title: record.title.and_then(FieldValue::into_string),
                source: record.source.and_then(FieldValue::into_string),
                text,
            },
            at: self.at(),
            bytes: size,
        }
    }
}

/// Unescapes the string body at `body` of `buf` in place and makes the result the text,
/// taking `buf` (its pages are already in memory) rather than copying out of it.
fn take_unescaped(buf: &mut Vec<u8>, body: std::ops::Range<usize>) -> Result<String, BadEscape> {
    let len = unescape_in_place(&mut buf[body.clone()])?;
    buf.truncate(body.start + len);
    buf.drain(..body.start);
    // The line was valid UTF-8 and escapes decode to whole characters.
    Ok(String::from_utf8(std::mem::take(buf)).expect("unescaped UTF-8 stays UTF-8"))
}

impl Iterator for JsonlReader {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        while !self.done {
            self.buf.clear();
            match self.reader.read_until(b'\n', &mut self.buf) {
                Ok(0) => {
                    self.done = true;
                    if self.events == 0 {
                        self.events += 1;
                        return Some(Event::FileProblem {
                            at: Location {
                                path: self.path.clone(),
                                line: 0,
                            },
                            reason: "empty file: no records".into(),
                        });
                    }
                }
                Ok(_) => {
                    self.line += 1;
                    let mut bytes = std::mem::take(&mut self.buf);
                    let bom = self.line == 1 && bytes.starts_with(b"\xEF\xBB\xBF");
                    let start = if bom { 3 } else { 0 };
                    let end = start + bytes[start..].trim_ascii_end().len();
                    if bytes[start..end].iter().all(u8::is_ascii_whitespace) {
                        self.buf = bytes;
                        continue;
                    }
                    let event = self.record(&mut bytes, start..end);
                    self.events += 1;
                    bytes.clear();
                    self.buf = bytes;
                    return Some(event);
                }
                Err(e) => {
                    self.done = true;
                    return Some(Event::FileProblem {
                        at: Location {
                            path: self.path.clone(),
                            line: self.line + 1,
                        },
                        reason: format!("read error: {e}"),
                    });
                }
            }
        }
        None
    }
}
