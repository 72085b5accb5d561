//! The news layer: valences for news words the VADER lexicon lacks ("sanctions", "ceasefire"), and
//! news senses of VADER words that mislead in news ("party", "Security Council").
//! A separate lexicon, so the VADER-exact scorer stays exact and users can switch it off.

use crate::actors::lexicon::content_lines;
use crate::actors::LexiconError;
use crate::vader::Layer;

/// The bundled news layer.
pub const BUNDLED_NEWS: &str = include_str!("../../lexicons/news/news_valence.tsv");
const BUNDLED_NEWS_PATH: &str = "lexicons/news/news_valence.tsv (bundled)";

/// Parses `word<TAB>valence` lines (after that header), valences in [-4, 4] as VADER's.
pub fn parse_news_layer(
    path: &str,
    content: &str,
) -> Result<Vec<(String, f64)>, Vec<LexiconError>> {
    let mut entries: Vec<(String, f64)> = Vec::new();
    let mut errors = Vec::new();
    let mut header = false;
    for (n, line) in content_lines(content) {
        let err = |reason: String| LexiconError {
            path: path.into(),
            line: n,
            reason,
        };
        if !header {
            header = true;
            if line.trim() != "word\tvalence" {
                errors.push(err("expected the header `word<TAB>valence`".into()));
            }
            continue;
        }
        let Some((word, value)) = line.split_once('\t') else {
            errors.push(err("expected `word<TAB>valence`".into()));
            continue;
        };
        let word = word.trim();
        if word.is_empty() || word.chars().any(|c| c.is_uppercase() || c.is_whitespace()) {
            errors.push(err(format!("expected one lower-case word, found {word:?}")));
            continue;
        }
        match value.trim().parse::<f64>() {
            Ok(v) if (-4.0..=4.0).contains(&v) => {
                if entries.iter().any(|(w, _)| w == word) {
                    errors.push(err(format!("{word:?} is listed twice")));
                } else {
                    entries.push((word.to_string(), v));
                }
            }
            _ => errors.push(err(format!(
                "valence {:?} is not a number in [-4, 4]",
                value.trim()
            ))),
        }
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

/// The bundled news layer, to read through [`crate::vader::Vader::polarity_scores_layered`].
pub fn news_layer() -> Layer {
    Layer::new(
        parse_news_layer(BUNDLED_NEWS_PATH, BUNDLED_NEWS).expect("bundled news layer is valid"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vader::{Vader, VaderScratch};

    #[test]
    fn the_layer_scores_news_words_vader_ignores() {
        let mut scratch = VaderScratch::default();
        let text = "The ceasefire held despite new sanctions.";
        assert_eq!(
            Vader::bundled()
                .polarity_scores(text, &mut scratch)
                .compound,
            0.0
        );
        let vader = Vader::bundled();
        let (exact, news) = vader.polarity_scores_layered(text, &news_layer(), &mut scratch);
        assert_eq!(exact.compound, 0.0);
        assert_ne!(news.compound, 0.0);
    }

    #[test]
    fn institution_names_carry_no_feeling_in_the_layer() {
        let mut scratch = VaderScratch::default();
        let text = "The United Nations Security Council met the Justice Department.";
        let vader = Vader::bundled();
        let (exact, news) = vader.polarity_scores_layered(text, &news_layer(), &mut scratch);
        assert!(exact.compound > 0.5, "{exact:?}");
        assert_eq!(news.compound, 0.0);
    }

    #[test]
    fn curly_quotes_do_not_hide_a_word_from_the_layer() {
        let mut scratch = VaderScratch::default();
        let vader = Vader::bundled();
        let layer = news_layer();
        // VADER keeps "sanctions,”" whole (the mark is not ASCII): the exact reading misses it.
        let text = "“New sanctions,”";
        let (exact, news) = vader.polarity_scores_layered(text, &layer, &mut scratch);
        assert_eq!(exact.compound, 0.0);
        assert!(news.compound < 0.0);
        let plain = vader.polarity_scores_layered("New sanctions", &layer, &mut scratch);
        assert_eq!(news, plain.1);
    }

    #[test]
    fn bad_lines_are_reported_with_their_line() {
        let errors =
            parse_news_layer("x.tsv", "word\tvalence\nSanctions\t-1\nfoo\t9\n").unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!((errors[0].line, errors[1].line), (2, 3));
    }
}
