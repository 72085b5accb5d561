//! Repair of text whose UTF-8 was once decoded as Latin-1.
//!
//! PerSenT's articles were scraped that way in part: in 233 of its 578 dev documents a closing
//! quote mark “”” reads "â\u{80}\u{9d}". The quote rules cannot see such a quote, so the reader
//! repairs the text before scoring it.

use std::borrow::Cow;

/// `text` with every run of characters U+0080..=U+00FF that, taken as bytes, holds valid UTF-8
/// replaced by what those bytes decode to ("â\u{80}\u{9c}" becomes "“", "Ã©" becomes "é"). Bytes
/// of a run that do not decode stay the characters they were, so Latin-1 that was meant ("café",
/// "£5") is kept.
pub fn repair_latin1_mojibake(text: &str) -> Cow<'_, str> {
    let is_high = |c: char| ('\u{80}'..='\u{ff}').contains(&c);
    if !text.chars().any(is_high) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut run: Vec<u8> = Vec::new();
    for c in text.chars() {
        if is_high(c) {
            run.push(c as u8);
            continue;
        }
        flush(&mut run, &mut out);
        out.push(c);
    }
    flush(&mut run, &mut out);
    Cow::Owned(out)
}

/// Appends a run of Latin-1 code points, decoded as UTF-8 where they form it.
fn flush(run: &mut Vec<u8>, out: &mut String) {
    for chunk in run.utf8_chunks() {
        out.push_str(chunk.valid());
        out.extend(chunk.invalid().iter().map(|&b| char::from(b)));
    }
    run.clear();
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// How such text comes about: UTF-8 bytes read one byte per character.
    fn as_latin1(text: &str) -> String {
        text.bytes().map(char::from).collect()
    }

    #[test]
    fn quotes_and_accents_come_back() {
        let broken = as_latin1("“We won’t go,” said Maaßen — in Bogotá…");
        assert_eq!(
            repair_latin1_mojibake(&broken),
            "“We won’t go,” said Maaßen — in Bogotá…"
        );
    }

    #[test]
    fn latin1_that_was_meant_is_kept() {
        for text in [
            "café",
            "£5 and 20°",
            "plain ASCII",
            "naïve façade",
            "Ã alone",
        ] {
            assert_eq!(repair_latin1_mojibake(text), text);
        }
        assert!(matches!(repair_latin1_mojibake("plain"), Cow::Borrowed(_)));
    }

    proptest! {
        #[test]
        fn any_text_read_as_latin1_is_repaired(text in "\\PC{0,40}") {
            let repaired = repair_latin1_mojibake(&as_latin1(&text)).into_owned();
            prop_assert_eq!(repaired, text);
        }

        #[test]
        fn text_without_latin1_runs_is_unchanged(text in "[a-z “”’—…あ😀 ]{0,40}") {
            let repaired = repair_latin1_mojibake(&text).into_owned();
            prop_assert_eq!(repaired, text);
        }
    }
}
