//! A sentence splitter for wire copy.
//!
//! News text breaks the usual heuristics in predictable ways: titles and initials ("Gen.", "Mr.",
//! "U.S.", "J. Smith"), month abbreviations ("Jan. 5"), headlines with no final stop, hard-wrapped
//! lines inside sentences (Reuters), and terminal punctuation inside quotes ("...," he said vs
//! "...!" He left). The rules, in order:
//!
//! 1. A blank line (paragraph break) always ends a sentence: that is how headlines end.
//! 2. `.`, `!`, `?` or `…`, followed by closing quotes or brackets, then whitespace, then an
//!    uppercase letter, a digit or an opening quote, ends a sentence, unless the word before a
//!    `.` is a known abbreviation, a single letter (an initial), or dotted ("U.N.").
//!
//! The scan is a single linear pass over the bytes.

use super::Span;

/// Abbreviations that are followed by a period and usually not the end of a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "cmdr",
    "brig", "gov", "sen", "rep", "rev", "st", "jr", "sr", "pres", "amb", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "nos", "vs", "inc",
    "corp", "co", "ltd", "mt", "ft", "approx", "dept", "est", "fig", "op", "pp", "vol",
];

/// Finds the bytes where a sentence can end: a line break, a terminator, or the first byte of
/// "…". memchr's vectorised searches skip the rest, which is most of the text, many bytes at a
/// time: one search for the common ". \n …" and one, remembered until passed, for the rarer
/// "! ?".
struct MayEnd<'b> {
    bytes: &'b [u8],
    /// The next '!' or '?' at or after the position it was searched from (`None`: none left).
    next_rare: Option<usize>,
    rare_from: usize,
}

impl<'b> MayEnd<'b> {
    fn new(bytes: &'b [u8]) -> MayEnd<'b> {
        MayEnd {
            bytes,
            next_rare: None,
            rare_from: usize::MAX, // not searched yet
        }
    }

    /// The first byte at or after `i` where a sentence can end.
    fn next_at_or_after(&mut self, i: usize) -> Option<usize> {
        let rest = self.bytes.get(i..)?;
        let stale = self.rare_from > i || self.next_rare.is_some_and(|at| at < i);
        if stale {
            self.next_rare = memchr::memchr2(b'!', b'?', rest).map(|k| i + k);
            self.rare_from = i;
        }
        let common = memchr::memchr3(b'.', b'\n', 0xE2, rest).map(|k| i + k);
        match (common, self.next_rare) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// Splits `text` into sentence spans, trimmed of surrounding whitespace, appended to `out`.
pub fn split_sentences(text: &str, out: &mut Vec<Span>) {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut i = 0;
    let mut may_end = MayEnd::new(bytes);
    while i < bytes.len() {
        match may_end.next_at_or_after(i) {
            Some(at) => i = at,
            None => break,
        }
        let b = bytes[i];
        if b == b'\n' {
            if let Some(after_blank) = paragraph_break_end(bytes, i) {
                push_trimmed(text, start, i, out);
                start = after_blank;
                i = after_blank;
                continue;
            }
        } else if let Some(term_len) = terminator_len(bytes, i) {
            let mut j = i + term_len;
            // Runs of terminators ("?!", "...") stay together.
            while let Some(l) = terminator_len(bytes, j) {
                j += l;
            }
            j = skip_closers(bytes, j);
            if starts_new_sentence(text, j) && !(b == b'.' && term_len == 1 && is_abbrev(text, i)) {
                push_trimmed(text, start, j, out);
                start = j;
            }
            i = j.max(i + 1);
            continue;
        }
        i += 1;
    }
    push_trimmed(text, start, text.len(), out);
}

/// If a line break at `i` begins a blank line, the index after the blank run.
fn paragraph_break_end(bytes: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    let mut newlines = 1;
    while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r' | b'\n') {
        newlines += usize::from(bytes[j] == b'\n');
        j += 1;
    }
    (newlines >= 2).then_some(j)
}

/// Byte length of a sentence terminator at `i`: `.`, `!`, `?` or `…` (U+2026).
fn terminator_len(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes.get(i)? {
        b'.' | b'!' | b'?' => Some(1),
        0xE2 if bytes.get(i + 1) == Some(&0x80) && bytes.get(i + 2) == Some(&0xA6) => Some(3),
        _ => None,
    }
}

/// Skips closing quotes and brackets after a terminator: `."`, `.”`, `.’`, `.)`.
fn skip_closers(bytes: &[u8], mut j: usize) -> usize {
    loop {
        match bytes.get(j) {
            Some(b'"' | b'\'' | b')' | b']') => j += 1,
            // ” (E2 80 9D) and ’ (E2 80 99)
            Some(0xE2)
                if bytes.get(j + 1) == Some(&0x80)
                    && matches!(bytes.get(j + 2), Some(0x9D | 0x99)) =>
            {
                j += 3
            }
            _ => return j,
        }
    }
}

/// Whether whitespace follows at `j` and then something that can open a sentence.
fn starts_new_sentence(text: &str, j: usize) -> bool {
    let bytes = text.as_bytes();
    let mut k = j;
    while k < bytes.len() && bytes[k].is_ascii_whitespace() {
        k += 1;
    }
    if k == j {
        return false;
    }
    match text[k..].chars().next() {
        None => false,
        Some(c) => {
            c.is_uppercase()
                || c.is_ascii_digit()
                || matches!(c, '"' | '\'' | '(' | '[' | '“' | '‘')
        }
    }
}

/// Whether the period at `dot` ends an abbreviation, an initial or a dotted acronym.
fn is_abbrev(text: &str, dot: usize) -> bool {
    let before = &text[..dot];
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| c.is_alphanumeric() || c == '.')
        .last()
        .map_or(dot, |(p, _)| p);
    let word = &before[word_start..];
    if word.is_empty() {
        return false;
    }
    if word.contains('.') {
        return true; // "U.S", "U.N"
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase(); // an initial
    }
    word.len() <= 5 && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

fn push_trimmed(text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
    let piece = &text[start..end];
    let lead = piece.len() - piece.trim_start().len();
    let trimmed = piece.trim();
    if !trimmed.is_empty() {
        out.push(Span::new(start + lead, start + lead + trimmed.len()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        // From every position, in the order the splitter asks, and from a fresh start.
        #[test]
        fn may_end_finds_the_next_line_break_terminator_or_ellipsis(text in "[a.!?\n… ]{0,40}") {
            let bytes = text.as_bytes();
            let naive = |i: usize| {
                (i..bytes.len()).find(|&k| matches!(bytes[k], b'\n' | b'.' | b'!' | b'?' | 0xE2))
            };
            let mut reused = MayEnd::new(bytes);
            for i in 0..=bytes.len() + 1 {
                proptest::prop_assert_eq!(reused.next_at_or_after(i), naive(i), "from {}", i);
                proptest::prop_assert_eq!(MayEnd::new(bytes).next_at_or_after(i), naive(i));
            }
        }
    }

    fn split(text: &str) -> Vec<&str> {
        let mut spans = Vec::new();
        split_sentences(text, &mut spans);
        spans.iter().map(|s| s.slice(text)).collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        assert_eq!(
            split("Gen. Smith met Mr. Jones in the U.S. capital on Jan. 5. They talked."),
            vec![
                "Gen. Smith met Mr. Jones in the U.S. capital on Jan. 5.",
                "They talked."
            ]
        );
        assert_eq!(
            split("J. R. Doe spoke. Then he left."),
            vec!["J. R. Doe spoke.", "Then he left."]
        );
    }

    #[test]
    fn headlines_end_at_blank_lines_and_wrapped_lines_do_not_split() {
        assert_eq!(
            split("Rivals meet in Rome\n\nThe two leaders\nmet on Monday. Talks failed."),
            vec![
                "Rivals meet in Rome",
                "The two leaders\nmet on Monday.",
                "Talks failed."
            ]
        );
    }

    #[test]
    fn quotes_keep_their_closing_marks() {
        assert_eq!(
            split("“We will win,” he said. “Never!” She left. \"Go.\" They went."),
            vec![
                "“We will win,” he said.",
                "“Never!”",
                "She left.",
                "\"Go.\"",
                "They went."
            ]
        );
        assert_eq!(split("“Stop!” he shouted."), vec!["“Stop!” he shouted."]);
    }

    #[test]
    fn decimals_and_ellipses() {
        assert_eq!(
            split("Oil rose 3.5 percent… Markets fell."),
            vec!["Oil rose 3.5 percent…", "Markets fell."]
        );
    }
}
