//! Small word tests shared by the attribution stages.

use crate::text::Span;

/// Whether `word` is one of `list`, ignoring ASCII case.
pub(super) fn is_any(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// How many words stand between two spans.
pub(super) fn gap_words(text: &str, a: Span, b: Span) -> usize {
    text[a.end..b.start].split_whitespace().count()
}
