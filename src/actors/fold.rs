//! Case, diacritic and punctuation folding that remembers where each byte came from.
//!
//! Matching runs on a folded copy of the text ("Sarrāj’s" -> "sarraj's"); the alignment map turns
//! a match in the copy back into a span of the original, so folding never moves offsets.

use unicode_normalization::char::decompose_canonical;
use unicode_normalization::char::is_combining_mark;

/// Appends the folded form of `c` to `out`.
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        '’' | '‘' | 'ʼ' | '′' | '`' | '´' => out.push('\''),
        '‐' | '‑' | '‒' | '–' => out.push('-'),
        'ß' => out.push_str("ss"),
        'ı' => out.push('i'),
        _ => decompose_canonical(c, |d| {
            if !is_combining_mark(d) {
                out.extend(d.to_lowercase());
            }
        }),
    }
}

/// Folds a whole string (used for lexicon aliases).
pub fn fold_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, &mut out);
    }
    out
}

/// A folded copy of a text with, for every folded byte, the offset of the original character.
#[derive(Debug, Default)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// `origin[i]` is the byte offset, in the original, of the character that produced byte `i`;
    /// empty for ASCII text, where folding keeps every offset.
    origin: Vec<u32>,
    ascii: bool,
    original_len: usize,
}

impl Folded {
    /// Refills the buffers with the folding of `text`; reuses their capacity.
    pub fn fill(&mut self, text: &str) {
        self.text.clear();
        self.origin.clear();
        self.original_len = text.len();
        self.ascii = text.is_ascii();
        if self.ascii {
            self.text.push_str(text);
            self.text.make_ascii_lowercase();
            return;
        }
        for (i, c) in text.char_indices() {
            let before = self.text.len();
            fold_char(c, &mut self.text);
            let produced = self.text.len() - before;
            self.origin.extend(std::iter::repeat_n(i as u32, produced));
        }
    }

    /// Maps offsets for ASCII `text` read as it is, without a folded copy: every offset is its
    /// own origin, and `self.text` is left empty.
    pub fn stand_in_for_ascii(&mut self, text: &str) {
        debug_assert!(text.is_ascii());
        self.text.clear();
        self.origin.clear();
        self.original_len = text.len();
        self.ascii = true;
    }

    /// The original offset where folded byte `i` starts (or the text's end).
    pub fn origin_start(&self, i: usize) -> usize {
        if self.ascii {
            return i.min(self.original_len);
        }
        self.origin
            .get(i)
            .map_or(self.original_len, |&o| o as usize)
    }

    /// Whether folded offset `i` falls between two original characters (not inside the expansion
    /// of one, as in "ß" -> "ss").
    pub fn is_char_edge(&self, i: usize) -> bool {
        self.ascii || i == 0 || i >= self.origin.len() || self.origin[i] != self.origin[i - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_maps_back_to_the_original() {
        let text = "Fayez al-Sarrāj’s aide";
        let mut f = Folded::default();
        f.fill(text);
        assert_eq!(f.text, "fayez al-sarraj's aide");
        let start = f.text.find("sarraj").unwrap();
        let end = start + "sarraj".len();
        assert_eq!(&text[f.origin_start(start)..f.origin_start(end)], "Sarrāj");
    }
}
