//! PETRARCH-2's own unit tests as an evaluation of the verb matcher.
//!
//! `PETR.UnitTest.records.xml` holds test sentences, each with the events PETRARCH must code
//! (source, target, CAMEO code) and a Treebank parse. We read the records with a small reader
//! of our own: the file uses four flat elements with quoted attributes, which does not
//! justify an XML crate. A record's expected code counts as found when the matcher gives
//! that code at a word the record's parse tags as a verb (`VB*`): the code must come from a
//! verb of the sentence, not from a noun that happens to spell one. Actors are not checked
//! (the matcher does not see them).

use crate::actors::LexiconError;
use crate::text::{tokenize, Span, TokenKind};

use super::VerbDictionary;

/// One test record.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Record {
    /// Its id (`DEMO-06`).
    pub id: String,
    /// Its category (`SYNSET`, `PATTERN`, ...).
    pub category: String,
    /// The sentence.
    pub text: String,
    /// Expected CAMEO codes (empty for a record that must code nothing).
    pub expected: Vec<String>,
    /// Whether the record says no event may be coded.
    pub no_events: bool,
    /// Whether the record tests input errors (`error="dateline"`): not evaluated.
    pub input_error: bool,
    /// The words its parse tags as verbs, lowercase.
    pub parse_verbs: Vec<String>,
}

/// Reads the records of a PETRARCH unit-test file; errors name the line of the record.
pub fn read_records(path: &str, content: &str) -> Result<Vec<Record>, LexiconError> {
    let content = strip_xml_comments(content);
    let line_of = |offset: usize| content[..offset].matches('\n').count() + 1;
    let error = |offset: usize, reason: &str| LexiconError {
        path: path.to_owned(),
        line: line_of(offset),
        reason: reason.to_owned(),
    };
    let mut records = Vec::new();
    let mut at = 0;
    while let Some(start) = content[at..].find("<Sentence ").map(|s| s + at) {
        let end = content[start..]
            .find("</Sentence>")
            .map(|e| e + start)
            .ok_or_else(|| error(start, "expected `</Sentence>` closing this record"))?;
        let body = &content[start..end];
        let open_end = body
            .find('>')
            .ok_or_else(|| error(start, "expected `>` ending <Sentence"))?;
        let open = &body[..open_end];
        let mut record = Record {
            id: attribute(open, "id").unwrap_or_default().to_owned(),
            category: attribute(open, "category").unwrap_or_default().to_owned(),
            ..Record::default()
        };
        let mut rest = body;
        while let Some(e) = rest.find("<EventCoding") {
            let tag_end = rest[e..]
                .find('>')
                .ok_or_else(|| error(start, "expected `>` ending <EventCoding"))?;
            let tag = &rest[e..e + tag_end];
            if attribute(tag, "noevents").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
                record.no_events = true;
            } else if attribute(tag, "error").is_some() {
                // A test of input errors (datelines, discards): nothing for the matcher.
                record.input_error = true;
            } else {
                match attribute(tag, "eventcode") {
                    Some(code) => record.expected.push(code.to_owned()),
                    None => {
                        return Err(error(
                            start,
                            "expected eventcode=\"...\", noevents=\"True\" or error=\"...\" in <EventCoding>",
                        ))
                    }
                }
            }
            rest = &rest[e + tag_end..];
        }
        record.text = element(body, "Text")
            .ok_or_else(|| error(start, "expected <Text>...</Text> in the record"))?
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let parse = element(body, "Parse").unwrap_or("");
        record.parse_verbs = parse_verbs(parse);
        records.push(record);
        at = end;
    }
    Ok(records)
}

fn strip_xml_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        match rest[start..].find("-->") {
            Some(end) => {
                // Keep the line count: offsets name lines in errors.
                let comment = &rest[start..start + end + 3];
                out.extend(comment.chars().filter(|&c| c == '\n'));
                rest = &rest[start + end + 3..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let after = &rest[i + name.len()..];
        let preceded = i == 0 || rest.as_bytes()[i - 1].is_ascii_whitespace();
        if preceded {
            if let Some(value) = after.trim_start().strip_prefix('=') {
                let value = value.trim_start().strip_prefix('"')?;
                return value.find('"').map(|end| &value[..end]);
            }
        }
        rest = after;
    }
    None
}

fn element<'t>(body: &'t str, name: &str) -> Option<&'t str> {
    let open = format!("<{name}>");
    let close = format!("</{name}>");
    let start = body.find(&open)? + open.len();
    let end = body[start..].find(&close)? + start;
    Some(&body[start..end])
}

/// The words tagged `VB*` in a Treebank parse: `(VBD condemned)`.
fn parse_verbs(parse: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = parse;
    while let Some(i) = rest.find("(VB") {
        let leaf = &rest[i + 1..];
        let end = leaf.find(')').unwrap_or(leaf.len());
        let mut parts = leaf[..end].split_whitespace();
        if let (Some(_tag), Some(word), None) = (parts.next(), parts.next(), parts.next()) {
            out.push(word.to_lowercase());
        }
        rest = &leaf[end.min(leaf.len())..];
    }
    out
}

/// How the matcher did on the records.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UnitTestReport {
    /// Records with at least one expected event.
    pub records: usize,
    /// Expected events in them.
    pub events: usize,
    /// Expected events whose code the matcher gave at a verb of the sentence.
    pub events_found: usize,
    /// Records all of whose expected codes were found.
    pub records_all_found: usize,
    /// Distinct codes the matcher gave at verbs of those records.
    pub codes_given: usize,
    /// Of those, codes the record expects.
    pub codes_right: usize,
    /// Records that must code nothing.
    pub no_event_records: usize,
    /// Of those, records where the matcher gave no code at a verb.
    pub no_event_records_clean: usize,
}

/// Runs the matcher over every record.
pub fn evaluate(dict: &VerbDictionary, records: &[Record]) -> UnitTestReport {
    let mut report = UnitTestReport::default();
    let (mut tokens, mut ids, mut scratch) = (Vec::new(), Vec::new(), String::new());
    for record in records {
        tokens.clear();
        tokenize(&record.text, Span::new(0, record.text.len()), &mut tokens);
        let words: Vec<&str> = tokens.iter().map(|t| t.text(&record.text)).collect();
        dict.word_ids(words.iter().copied(), &mut scratch, &mut ids);
        let mut given: Vec<&str> = Vec::new();
        for (pos, token) in tokens.iter().enumerate() {
            if token.kind() != TokenKind::Word {
                continue;
            }
            let lower = words[pos].to_lowercase();
            if !record.parse_verbs.contains(&lower) {
                continue;
            }
            if let Some(code) = dict.match_at(&ids, pos).and_then(|m| m.code(dict)) {
                if !given.contains(&code) {
                    given.push(code);
                }
            }
        }
        if record.expected.is_empty() {
            if record.no_events {
                report.no_event_records += 1;
                report.no_event_records_clean += usize::from(given.is_empty());
            }
            continue;
        }
        report.records += 1;
        report.events += record.expected.len();
        let found = record
            .expected
            .iter()
            .filter(|code| given.contains(&code.as_str()))
            .count();
        report.events_found += found;
        report.records_all_found += usize::from(found == record.expected.len());
        report.codes_given += given.len();
        report.codes_right += given
            .iter()
            .filter(|code| record.expected.iter().any(|e| e == *code))
            .count();
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_record() {
        let xml = r#"<Validation>
<!-- <Sentence id="not-this"> -->
<Sentence date="19950101" id="T-1" category="DEMO" sentence="true">
<EventCoding sourcecode="A" targetcode="B" eventcode="112"></EventCoding>
<Text>
Gondor accused
Rohan.
</Text>
<Parse>(ROOT (S (NP (NNP Gondor)) (VP (VBD accused) (NP (NNP Rohan))) (. .)))</Parse>
</Sentence>
<Sentence id="T-2" category="DEMO">
<EventCoding noevents="True"></EventCoding>
<Text>Nothing.</Text>
</Sentence>
</Validation>"#;
        let records = read_records("r.xml", xml).unwrap();
        assert_eq!(records.len(), 2);
        assert_eq!(records[0].id, "T-1");
        assert_eq!(records[0].expected, ["112"]);
        assert_eq!(records[0].text, "Gondor accused Rohan.");
        assert_eq!(records[0].parse_verbs, ["accused"]);
        assert!(records[1].no_events && records[1].expected.is_empty());
        let dict = super::super::reader::parse("v.txt", "--- ACCUSE [112] ---\nACCUSE\n").unwrap();
        let report = evaluate(&dict, &records);
        assert_eq!(
            (
                report.records,
                report.events_found,
                report.no_event_records_clean
            ),
            (1, 1, 1)
        );
    }

    #[test]
    fn an_unclosed_record_is_an_error_at_its_line() {
        let err = read_records("r.xml", "<V>\n\n<Sentence id=\"x\">\n<Text>a</Text>").unwrap_err();
        assert_eq!(err.line, 3);
    }
}
