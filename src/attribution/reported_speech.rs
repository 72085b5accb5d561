//! Stage: reported speech without quote marks. A sentence that ends in ", X said", ", said X"
//! or ", according to X" is X's account up to that comma; it is added to the quotes, so the
//! quote rule attributes it as it would the same words in quote marks.

use crate::text::{Span, TokenKind};

use super::quotes::{is_speech_verb, Quote};
use super::search::advance_to;
use super::speakers::{speaker_near, ATTRIBUTION_WINDOW};
use super::DocView;

/// How many words after its last comma a sentence may have to end in an attribution
/// ("…, said Reed Hastings, the company's chief executive.").
const REPORTED_TAIL_WORDS: usize = 12;

/// Reported speech without quote marks: a sentence that ends in ", X said", ", said X" or
/// ", according to X" (and has no quote marks) is X's account up to that comma, as if quoted.
pub(super) fn add_reported_speech(view: &DocView<'_>, quotes: &mut Vec<Quote>) {
    let text = view.text;
    let before = quotes.len();
    let (mut token_at, mut quote_at, mut mention_at) = (0, 0, 0);
    for &sentence in view.sentences {
        let range = advance_to(view.tokens, &mut token_at, sentence, |t| t.span());
        let tokens = &view.tokens[range];
        while quote_at < before && quotes[quote_at].span.end <= sentence.start {
            quote_at += 1;
        }
        let quoted = quotes[..before]
            .get(quote_at)
            .is_some_and(|q| q.span.start < sentence.end);
        if quoted || tokens.iter().any(|t| t.kind() == TokenKind::Quote) {
            continue;
        }
        // The attribution follows one of the last commas ("…, said Serraj, the head of …").
        // Walking back, what is known of the tail after each comma is kept as it grows (its
        // first four words, and whether it has "that"), so a run of commas costs no rescans.
        let mut words_after = 0;
        let mut found = None;
        let mut first_words = [usize::MAX; 4]; // the nearest four words after `k`, by index
        let mut has_that = false;
        for (k, t) in tokens.iter().enumerate().rev() {
            if t.kind() == TokenKind::Word {
                words_after += 1;
                if words_after > REPORTED_TAIL_WORDS {
                    break;
                }
                first_words.rotate_right(1);
                first_words[0] = k;
                has_that |= t.is(text, "that");
            } else if k > 0 && t.text(text) == "," {
                let opens_with_verb = first_words
                    .iter()
                    .filter_map(|&w| tokens.get(w))
                    .any(|w| is_speech_verb(w.text(text)));
                // "…, said on Monday that Turkey …" reports what follows, not what came before.
                if opens_with_verb && !has_that {
                    found = Some(k);
                    break;
                }
            }
        }
        let Some(comma) = found else { continue };
        let tail = &tokens[comma + 1..];
        let window = &tail[..tail.len().min(ATTRIBUTION_WINDOW)];
        if speaker_near(
            view,
            window,
            None,
            tokens[comma].span().start,
            &mut mention_at,
        )
        .is_some()
        {
            quotes.push(Quote::new(Span::new(
                tokens[0].span().start,
                tokens[comma].span().start,
            )));
        }
    }
    if quotes.len() > before {
        quotes.sort_by_key(|q| q.span.start);
    }
}
