//! `actors suggest`: frequent names in a corpus that no lexicon covers.
//!
//! A name is a run of capitalised words ("Khalid al-Mishri", "High Council of State"), with
//! lowercase particles allowed inside (al, bin, de, of, the, ...). Runs that a lexicon alias
//! already matches are left out, as are single words opening a sentence (most are ordinary words
//! capitalised by position), function words, months and weekdays.

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::actors::{ActorSet, MatchScratch};
use crate::corpus::Document;
use crate::matrix::period::Date;
use crate::text::{split_sentences, tokenize, Span, Token, TokenKind};

/// Longest example sentence kept, in bytes.
const MAX_EXAMPLE: usize = 300;

/// Words that are capitalised for other reasons than being names.
const NOT_NAMES: &[&str] = &[
    "a",
    "an",
    "the",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "his",
    "her",
    "its",
    "their",
    "our",
    "in",
    "on",
    "at",
    "by",
    "for",
    "from",
    "to",
    "of",
    "with",
    "and",
    "but",
    "or",
    "if",
    "as",
    "after",
    "before",
    "while",
    "when",
    "this",
    "that",
    "these",
    "those",
    "there",
    "here",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "mr",
    "mrs",
    "ms",
    "dr",
    "reuters",
    "ap",
    "afp",
    "no",
    "yes",
    "not",
    "all",
    "some",
    "many",
    "more",
    "most",
];

/// Lowercase words allowed inside a name.
const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "bint", "abu", "de", "del", "der", "van", "von", "of", "the", "for",
    "la", "le", "du",
];

/// A suggested name with its count and an example.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// The name as written.
    pub name: String,
    /// How many times it occurs.
    pub count: u64,
    /// A document it occurs in.
    pub doc: String,
    /// A sentence it occurs in.
    pub example: String,
}

/// Counts uncovered names over documents.
#[derive(Debug, Default)]
pub struct NameCounter {
    names: FxHashMap<String, Suggestion>,
    sentences: Vec<Span>,
    tokens: Vec<Token>,
    /// The spans of every alias of the lexicons found in the document.
    known: Vec<Span>,
    matching: MatchScratch,
}

fn is_capitalised(word: &str) -> bool {
    let w = word
        .strip_prefix("al-")
        .or_else(|| word.strip_prefix("el-"))
        .unwrap_or(word);
    w.chars().next().is_some_and(char::is_uppercase)
}

fn is_any(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

impl NameCounter {
    /// Counts the uncovered names of one document.
    pub fn add(&mut self, doc: &Document, actors: &ActorSet) {
        let text = doc.text.as_str();
        // Every alias counts as known, by the document's date as scoring reads it, even where
        // it is no mention of its own ("government" alone, "in Moscow").
        let date = doc.date.as_deref().and_then(Date::parse);
        actors.find_known(text, date, &mut self.matching, &mut self.known);
        self.sentences.clear();
        split_sentences(text, &mut self.sentences);
        let sentences = std::mem::take(&mut self.sentences);
        for &sentence in &sentences {
            self.tokens.clear();
            tokenize(text, sentence, &mut self.tokens);
            // A word inside a known actor's mention neither starts nor extends a name.
            let spans = &self.known;
            let known = |t: &Token| {
                let at = spans.partition_point(|m| m.end <= t.span().start);
                spans.get(at).is_some_and(|m| m.start < t.span().end)
            };
            let mut i = 0;
            while i < self.tokens.len() {
                let t = self.tokens[i];
                let word = t.text(text);
                if t.kind() != TokenKind::Word
                    || !is_capitalised(word)
                    || is_any(word, NOT_NAMES)
                    || known(&t)
                {
                    i += 1;
                    continue;
                }
                // Extend over capitalised words and inner particles; end on a capitalised word.
                let (mut j, mut last) = (i + 1, i);
                while j < self.tokens.len()
                    && self.tokens[j].kind() == TokenKind::Word
                    && !known(&self.tokens[j])
                {
                    let w = self.tokens[j].text(text);
                    if is_capitalised(w) && !is_any(w, NOT_NAMES) {
                        last = j;
                    } else if !is_any(w, PARTICLES) {
                        break;
                    }
                    j += 1;
                }
                let span = Span::new(t.span().start, self.tokens[last].span().end);
                // After an opening bracket, colon or quote a word is capitalised by position too
                // ("(Editing by ...", "Note: ...").
                let opens_sentence = i == 0
                    || self.tokens[..i]
                        .iter()
                        .all(|t| t.kind() == TokenKind::Quote)
                    || matches!(
                        self.tokens[i - 1].text(text),
                        "(" | ":" | ";" | "[" | "“" | "\"" | "-" | "—"
                    );
                if !(opens_sentence && last == i) {
                    count(&mut self.names, span.slice(text), doc, sentence.slice(text));
                }
                i = last + 1;
            }
        }
        self.sentences = sentences;
    }

    /// The names seen at least `min_count` times, most frequent first (then by name).
    pub fn top(&self, n: usize, min_count: u64) -> Vec<Suggestion> {
        let mut all: Vec<&Suggestion> = self
            .names
            .values()
            .filter(|s| s.count >= min_count)
            .collect();
        all.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
        all.into_iter().take(n).cloned().collect()
    }
}

/// Counts one occurrence of `name`, keeping the first sentence it was seen in as the example.
fn count(names: &mut FxHashMap<String, Suggestion>, name: &str, doc: &Document, sentence: &str) {
    if let Some(s) = names.get_mut(name) {
        s.count += 1;
        return;
    }
    let mut cut = sentence.len().min(MAX_EXAMPLE);
    while !sentence.is_char_boundary(cut) {
        cut -= 1;
    }
    names.insert(
        name.to_string(),
        Suggestion {
            name: name.to_string(),
            count: 1,
            doc: doc.id.clone(),
            example: sentence[..cut].replace('\n', " "),
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uncovered_names_are_counted_and_known_ones_left_out() {
        let actors = ActorSet::bundled();
        let mut counter = NameCounter::default();
        for text in [
            "Serraj met Khalid al-Mishri in Tripoli. The High Council of State backed him.",
            "Khalid al-Mishri said the talks failed. Yesterday was calm.",
            "Officials said Khalid al-Mishri would travel to Rabat on Monday.",
        ] {
            counter.add(
                &Document {
                    id: "d".into(),
                    text: text.into(),
                    ..Document::default()
                },
                &actors,
            );
        }
        let top = counter.top(10, 1);
        assert_eq!(top[0].name, "Khalid al-Mishri");
        assert_eq!(top[0].count, 3);
        let names: Vec<&str> = top.iter().map(|s| s.name.as_str()).collect();
        assert!(names.contains(&"High Council of State"), "{names:?}");
        assert!(
            names.contains(&"Tripoli") && names.contains(&"Rabat"),
            "{names:?}"
        );
        assert!(
            !names
                .iter()
                .any(|n| n.contains("Serraj") || *n == "Yesterday" || *n == "Monday"),
            "{names:?}"
        );
    }
}
