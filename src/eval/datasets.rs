//! Readers for the labelled data sets `stance eval` scores. Every malformed record is an error
//! naming the file and line and what was expected; nothing is dropped silently.

use std::path::Path;

use serde::Deserialize;

use super::mojibake::repair_latin1_mojibake;
use crate::actors::lexicon::{content_lines, decode};
use crate::actors::LexiconError;
use crate::text::Span;

/// A record that could not be read: `path:line: reason`, as for lexicons.
pub type DataError = LexiconError;

/// Three-way polarity of a human label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Polarity {
    /// Negative.
    Negative,
    /// Neutral.
    Neutral,
    /// Positive.
    Positive,
}

impl Polarity {
    /// 0, 1, 2 for negative, neutral, positive.
    pub fn index(self) -> usize {
        self as usize
    }

    /// -1, 0, +1 for negative, neutral, positive.
    pub fn sign(self) -> i8 {
        self as i8 - 1
    }
}

/// A DSE sentence: two entities and the direction and sign of sentiment between them.
#[derive(Debug, Clone, PartialEq)]
pub struct DseItem {
    /// The sentence without the brackets.
    pub text: String,
    /// The first bracketed entity, in `text`.
    pub first: Span,
    /// The second bracketed entity.
    pub second: Span,
    /// 0 neutral, 1 first positive toward second, 2 second positive toward first,
    /// 3 first negative toward second, 4 second negative toward first.
    pub label: u8,
}

/// A NewsMTSC target: the sentiment of the sentence toward one mention.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetItem {
    /// The sentence.
    pub text: String,
    /// The target mention.
    pub target: Span,
    /// The label.
    pub polarity: Polarity,
}

/// A PerSenT document: the author's stance toward its main entity.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentItem {
    /// The article.
    pub text: String,
    /// The entity's name as the data set gives it.
    pub entity: String,
    /// The label.
    pub polarity: Polarity,
}

/// One row of a hand annotation of dyads (`../shared/seed/gold.tsv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldDyad {
    /// A distinctive piece of the sentence the dyad comes from.
    pub snippet: String,
    /// Source actor id.
    pub source: String,
    /// Target actor id.
    pub target: String,
    /// `+1` supports, `-1` opposes.
    pub sign: i8,
    /// Whether a reader extracts it without doubt (`yes`) or it is only defensible (`weak`).
    pub required: bool,
    /// The line it was read from.
    pub line: usize,
}

fn read(path: &Path) -> Result<String, DataError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| DataError {
        path: name.clone(),
        line: 0,
        reason: format!("cannot read: {e}"),
    })?;
    decode(&name, &bytes)
}

/// Reads DSE TSV: `sentence<TAB>entity1<TAB>entity2<TAB>label`, the two entities bracketed.
pub fn read_dse(path: &Path) -> Result<Vec<DseItem>, DataError> {
    let content = read(path)?;
    let name = path.display().to_string();
    let mut items = Vec::new();
    for (n, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |reason: &str| DataError {
            path: name.clone(),
            line: n + 1,
            reason: reason.into(),
        };
        let fields: Vec<&str> = line.split('\t').collect();
        let [sentence, _, _, label] = fields[..] else {
            return Err(err(
                "expected 4 tab-separated fields: sentence, entity1, entity2, label",
            ));
        };
        let label = match label.trim().parse::<u8>() {
            Ok(l) if l <= 4 => l,
            _ => return Err(err("expected a label 0-4 in the fourth field")),
        };
        let (text, spans) = unbracket(sentence);
        let [first, second] = spans[..] else {
            return Err(err(&format!(
                "expected exactly two [bracketed] entities in the sentence, found {}",
                spans.len()
            )));
        };
        items.push(DseItem {
            text,
            first,
            second,
            label,
        });
    }
    Ok(items)
}

/// Removes `[` and `]` marks (one level), returning the text and the spans they enclosed.
pub fn unbracket(s: &str) -> (String, Vec<Span>) {
    let mut text = String::with_capacity(s.len());
    let mut spans = Vec::new();
    let mut open: Option<usize> = None;
    for c in s.chars() {
        match c {
            '[' if open.is_none() => open = Some(text.len()),
            ']' if open.is_some() => {
                let start = open.take().unwrap_or_default();
                spans.push(Span::new(start, text.len()));
            }
            _ => text.push(c),
        }
    }
    (text, spans)
}

/// Reads NewsMTSC, either the flat format (`mention, polarity -1/0/1, from, to, sentence`, one
/// target per line) or the original one (`sentence_normalized, targets[]`, polarity 2/4/6).
pub fn read_newsmtsc(path: &Path) -> Result<Vec<TargetItem>, DataError> {
    #[derive(Deserialize)]
    struct Flat {
        polarity: f64,
        from: usize,
        to: usize,
        sentence: String,
    }
    #[derive(Deserialize)]
    struct Original {
        sentence_normalized: String,
        targets: Vec<OriginalTarget>,
    }
    #[derive(Deserialize)]
    struct OriginalTarget {
        from: usize,
        to: usize,
        polarity: f64,
    }
    let content = read(path)?;
    let name = path.display().to_string();
    let mut items = Vec::new();
    for (n, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |reason: String| DataError {
            path: name.clone(),
            line: n + 1,
            reason,
        };
        // Offsets count characters (Python string indices); spans here are bytes.
        let mut push = |text: &str, from: usize, to: usize, polarity: Polarity| {
            let byte_at = |chars: usize| {
                text.char_indices()
                    .map(|(b, _)| b)
                    .chain(std::iter::once(text.len()))
                    .nth(chars)
            };
            let (Some(start), Some(end)) = (byte_at(from), byte_at(to)) else {
                return Err(err(format!(
                    "target offsets {from}..{to} lie outside the sentence"
                )));
            };
            if start >= end {
                return Err(err(format!("target offsets {from}..{to} are empty")));
            }
            items.push(TargetItem {
                text: text.to_string(),
                target: Span::new(start, end),
                polarity,
            });
            Ok(())
        };
        if line.contains("\"targets\"") {
            let rec: Original = serde_json::from_str(line).map_err(|e| {
                err(format!(
                    "expected a NewsMTSC record (sentence_normalized, targets): {e}"
                ))
            })?;
            for t in rec.targets {
                let polarity = match t.polarity {
                    2.0 => Polarity::Negative,
                    4.0 => Polarity::Neutral,
                    6.0 => Polarity::Positive,
                    p => return Err(err(format!("expected polarity 2, 4 or 6, found {p}"))),
                };
                push(&rec.sentence_normalized, t.from, t.to, polarity)?;
            }
        } else {
            let rec: Flat = serde_json::from_str(line).map_err(|e| {
                err(format!(
                    "expected a NewsMTSC record (mention, polarity, from, to, sentence): {e}"
                ))
            })?;
            let polarity = match rec.polarity {
                -1.0 => Polarity::Negative,
                0.0 => Polarity::Neutral,
                1.0 => Polarity::Positive,
                p => return Err(err(format!("expected polarity -1, 0 or 1, found {p}"))),
            };
            push(&rec.sentence, rec.from, rec.to, polarity)?;
        }
    }
    Ok(items)
}

/// Reads PerSenT CSV (header with DOCUMENT, TARGET_ENTITY, TRUE_SENTIMENT). Text that was read
/// as Latin-1 when the data set was scraped is repaired ([`repair_latin1_mojibake`]).
pub fn read_persent(path: &Path) -> Result<Vec<DocumentItem>, DataError> {
    let name = path.display().to_string();
    let content = read(path)?;
    let mut reader = csv::ReaderBuilder::new().from_reader(content.as_bytes());
    let err = |line: usize, reason: String| DataError {
        path: name.clone(),
        line,
        reason,
    };
    let headers = reader
        .headers()
        .map_err(|e| err(1, format!("expected a CSV header: {e}")))?
        .clone();
    let column = |want: &str| {
        headers
            .iter()
            .position(|h| h == want)
            .ok_or_else(|| err(1, format!("expected a column {want} in the header")))
    };
    let (doc, entity, label) = (
        column("DOCUMENT")?,
        column("TARGET_ENTITY")?,
        column("TRUE_SENTIMENT")?,
    );
    let mut items = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            err(line, format!("malformed CSV record: {e}"))
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        let field = |i: usize| {
            record
                .get(i)
                .ok_or_else(|| err(line, format!("expected {} fields", headers.len())))
        };
        let polarity = match field(label)?.trim() {
            "Negative" => Polarity::Negative,
            "Neutral" => Polarity::Neutral,
            "Positive" => Polarity::Positive,
            other => {
                return Err(err(
                    line,
                    format!(
                        "expected TRUE_SENTIMENT Negative, Neutral or Positive, found {other:?}"
                    ),
                ))
            }
        };
        // Part of PerSenT was scraped with its UTF-8 read as Latin-1, hiding its quote marks.
        items.push(DocumentItem {
            text: repair_latin1_mojibake(field(doc)?).into_owned(),
            entity: repair_latin1_mojibake(field(entity)?.trim()).into_owned(),
            polarity,
        });
    }
    Ok(items)
}

/// Reads a gold dyad annotation: `#` comments, a header, then
/// `snippet source target sign required why` (tab-separated; `why` may be empty).
pub fn read_gold(path: &Path) -> Result<Vec<GoldDyad>, DataError> {
    let content = read(path)?;
    let name = path.display().to_string();
    let mut rows = Vec::new();
    let mut header = false;
    for (n, line) in content_lines(&content) {
        let err = |reason: &str| DataError {
            path: name.clone(),
            line: n,
            reason: reason.into(),
        };
        if !header {
            header = true;
            if !line.starts_with("snippet\tsource\ttarget\tsign\trequired") {
                return Err(err(
                    "expected the header `snippet source target sign required why` (tab-separated)",
                ));
            }
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 5 {
            return Err(err(
                "expected at least 5 tab-separated fields: snippet, source, target, sign, required",
            ));
        }
        let sign = match f[3].trim() {
            "+" => 1,
            "-" => -1,
            _ => return Err(err("expected sign + or - in the fourth field")),
        };
        let required = match f[4].trim() {
            "yes" => true,
            "weak" => false,
            _ => return Err(err("expected required = yes or weak in the fifth field")),
        };
        rows.push(GoldDyad {
            snippet: f[0].to_string(),
            source: f[1].trim().to_string(),
            target: f[2].trim().to_string(),
            sign,
            required,
            line: n,
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_become_spans() {
        let (text, spans) = unbracket("[Kratz’]s claims about [Avery]’s trial");
        assert_eq!(text, "Kratz’s claims about Avery’s trial");
        assert_eq!(spans[0].slice(&text), "Kratz’");
        assert_eq!(spans[1].slice(&text), "Avery");
    }
}
