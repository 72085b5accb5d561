//! MPQA subjectivity clues (`.tff`): one clue per line, `key=value` fields; the category is
//! `priorpolarity`. `stemmed1=y` (match every inflected form) becomes a prefix pattern. Parts
//! of speech are not used, so a word listed once per part of speech is counted once.

use super::source::lines;
use super::Builder;

pub(super) fn read(text: &str, b: &mut Builder) {
    b.quiet_repeats = true;
    for (n, line) in lines(text) {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let (mut word, mut polarity, mut stemmed) = (None, None, false);
        for field in line.split_whitespace() {
            match field.split_once('=') {
                Some(("word1", w)) => word = Some(w),
                Some(("priorpolarity", p)) => polarity = Some(p),
                Some(("stemmed1", s)) => stemmed = s == "y",
                Some(_) => {}
                // The original release has a stray bare `m` on two lines: a slip, not data.
                None => b.warn(
                    n,
                    format!("the field `{field}` is not `key=value`; ignored"),
                ),
            }
        }
        let (Some(word), Some(polarity)) = (word, polarity) else {
            b.error(n, "expected `word1=` and `priorpolarity=` fields");
            continue;
        };
        let polarity = match polarity {
            "positive" | "negative" | "neutral" | "both" => polarity,
            // One clue of the release (`impassive`) says `weakneg`.
            "weakneg" | "weakpos" => {
                let read_as = if polarity == "weakneg" {
                    "negative"
                } else {
                    "positive"
                };
                b.warn(
                    n,
                    format!(
                        "priorpolarity `{polarity}` is not one of MPQA's four; read as {read_as}"
                    ),
                );
                read_as
            }
            other => {
                b.error(
                    n,
                    format!(
                        "priorpolarity `{other}`: expected positive, negative, neutral or both"
                    ),
                );
                continue;
            }
        };
        let node = b.category(polarity, 0);
        let pattern = if stemmed {
            format!("{word}*")
        } else {
            word.to_owned()
        };
        b.entry(node, &pattern, None, n);
    }
    if b.repeats > 0 {
        let repeats = b.repeats;
        b.warn(
            0,
            format!(
                "{repeats} clue(s) repeat a word of the same polarity with another part of speech; \
                 parts of speech are not used, so each word counts once"
            ),
        );
    }
}
