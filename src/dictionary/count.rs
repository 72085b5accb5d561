//! Category counts in plain text with quanteda's `dfm_lookup` semantics: tokens folded to lower
//! case, a multi-word entry matches consecutive tokens, every match counts, and within one
//! category a match nested inside a longer one (`states` inside `united states`) counts once
//! (`nested_scope = "key"`). Different categories count independently.
//!
//! This is the plain reference the parity tests check; it allocates per document and per
//! token. Scoring inside the pipeline is [`super::scoring::DictionaryScorers`], which does not.

use std::collections::HashMap;

use super::pattern::fold;
use super::{Dictionary, Pattern};
use crate::text::{tokenize, Span};

/// A dictionary indexed for counting: entries by exact first word, the rest tried on every token.
pub struct Counter<'d> {
    dictionary: &'d Dictionary,
    by_first_word: HashMap<&'d str, Vec<(usize, &'d Pattern)>>,
    wildcard_first: Vec<(usize, &'d Pattern)>,
}

impl<'d> Counter<'d> {
    /// Indexes `dictionary`.
    pub fn new(dictionary: &'d Dictionary) -> Counter<'d> {
        let mut by_first_word: HashMap<&str, Vec<_>> = HashMap::new();
        let mut wildcard_first = Vec::new();
        for (c, category) in dictionary.categories.iter().enumerate() {
            for entry in &category.entries {
                let p = &entry.pattern;
                match p.words()[0].exact() {
                    Some(w) => by_first_word.entry(w).or_default().push((c, p)),
                    None => wildcard_first.push((c, p)),
                }
            }
        }
        Counter {
            dictionary,
            by_first_word,
            wildcard_first,
        }
    }

    /// Matches per category (in [`Dictionary::categories`] order) in `text`.
    pub fn count(&self, text: &str) -> Vec<usize> {
        let mut tokens = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut tokens);
        let words: Vec<String> = tokens.iter().map(|t| fold(t.text(text))).collect();
        // Per category, the longest match starting at each token: (start, end).
        let mut matches: Vec<Vec<(usize, usize)>> =
            vec![Vec::new(); self.dictionary.categories.len()];
        for start in 0..words.len() {
            let exact = self
                .by_first_word
                .get(words[start].as_str())
                .map_or(&[][..], Vec::as_slice);
            for &(c, pattern) in exact.iter().chain(&self.wildcard_first) {
                let n = pattern.words().len();
                let fits = start + n <= words.len()
                    && pattern
                        .words()
                        .iter()
                        .zip(&words[start..start + n])
                        .all(|(p, w)| p.matches(w));
                if !fits {
                    continue;
                }
                let list = &mut matches[c];
                match list.last_mut() {
                    Some(last) if last.0 == start => last.1 = last.1.max(start + n),
                    _ => list.push((start, start + n)),
                }
            }
        }
        matches
            .iter()
            .map(|list| {
                list.iter()
                    .filter(|&&(s, e)| {
                        !list
                            .iter()
                            .any(|&(s2, e2)| (s2, e2) != (s, e) && s2 <= s && e <= e2)
                    })
                    .count()
            })
            .collect()
    }
}
