//! The strongest evidence of each cell: a bounded top-k that merges exactly.

use serde::{Deserialize, Serialize};

/// Evidence sentences kept per cell.
pub const TOP_K: usize = 3;

/// Longest sentence text kept, in bytes (cut on a char boundary, with "…").
const MAX_TEXT: usize = 600;

/// One piece of evidence: the sentence behind a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// Document id.
    pub doc: String,
    /// Document date, as written.
    pub date: Option<String>,
    /// Sentence index in the document.
    pub sentence: usize,
    /// The score this sentence gave the cell, by the cell's scorer.
    pub score: f64,
    /// The sentence.
    pub text: String,
    /// The CAMEO code of the verb pattern that decided the relation (with `--verbs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
}

impl Evidence {
    /// Builds an item, cutting very long sentences.
    pub fn new(doc: &str, date: Option<&str>, sentence: usize, score: f64, text: &str) -> Evidence {
        let text = if text.len() > MAX_TEXT {
            let mut cut = MAX_TEXT;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            format!("{}…", &text[..cut])
        } else {
            text.to_string()
        };
        Evidence {
            doc: doc.into(),
            date: date.map(Into::into),
            sentence,
            score,
            text,
            cameo: None,
        }
    }

    /// The same item with the CAMEO code of the verb pattern behind it.
    pub fn with_cameo(mut self, cameo: Option<&str>) -> Evidence {
        self.cameo = cameo.map(str::to_owned);
        self
    }

    /// The order of strength: larger |score| first, then document and sentence, then text, so the
    /// choice never depends on arrival order.
    fn stronger(&self, other: &Evidence) -> std::cmp::Ordering {
        other
            .score
            .abs()
            .total_cmp(&self.score.abs())
            .then_with(|| self.doc.cmp(&other.doc))
            .then(self.sentence.cmp(&other.sentence))
            .then_with(|| self.text.cmp(&other.text))
    }
}

/// The `TOP_K` strongest pieces of evidence, strongest first.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(transparent)]
pub struct TopK {
    items: Vec<Evidence>,
}

impl TopK {
    /// Whether a piece with this score could enter (saves building it when it cannot).
    pub fn admits(&self, score: f64) -> bool {
        self.items.len() < TOP_K
            || self
                .items
                .last()
                .is_some_and(|w| score.abs() >= w.score.abs())
    }

    /// Offers one piece.
    pub fn offer(&mut self, e: Evidence) {
        let at = self.items.partition_point(|x| x.stronger(&e).is_lt());
        if at < TOP_K {
            self.items.insert(at, e);
            self.items.truncate(TOP_K);
        }
    }

    /// Merges another top-k: the result is the top-k of the union, whatever the order.
    pub fn merge(&mut self, other: &TopK) {
        for e in &other.items {
            self.offer(e.clone());
        }
    }

    /// The pieces, strongest first.
    pub fn items(&self) -> &[Evidence] {
        &self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_order_does_not_matter() {
        let pieces: Vec<Evidence> = [0.1, -0.9, 0.5, 0.9, -0.2, 0.7]
            .iter()
            .enumerate()
            .map(|(i, &s)| Evidence::new(&format!("d{i}"), None, i, s, "x"))
            .collect();
        let mut all = TopK::default();
        pieces.iter().for_each(|p| all.offer(p.clone()));
        let (mut a, mut b) = (TopK::default(), TopK::default());
        pieces[..2].iter().for_each(|p| a.offer(p.clone()));
        pieces[2..].iter().for_each(|p| b.offer(p.clone()));
        b.merge(&a);
        assert_eq!(b, all);
        let scores: Vec<f64> = all.items().iter().map(|e| e.score).collect();
        assert_eq!(scores, [-0.9, 0.9, 0.7]);
    }
}
