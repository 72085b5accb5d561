//! From the engine's tokens to the parser's words.
//!
//! UD English writes clitics as words of their own: `do` `n't`, `ca` `n't`, `Haftar` `'s`,
//! `they` `'re`. The engine's tokenizer keeps an apostrophe inside a word when a letter follows,
//! so `don't` and `Haftar's` are one token there; punctuation and quote marks are already tokens
//! of their own. [`split_clitics`] makes the parser's words from the tokens without allocating
//! per word: each word is a span of the text and the index of the token it came from.

use crate::text::{Span, Token, TokenKind};

/// A parser word: where it is and which engine token it belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Where the word is in the text.
    pub span: Span,
    /// The index of its token in the engine's token slice.
    pub token: u32,
}

/// The clitics UD English splits off, lowercase, with a straight apostrophe.
const CLITICS: &[&str] = &["n't", "'s", "'re", "'ve", "'ll", "'d", "'m"];

/// The byte length of a clitic that ends `word`, if one does and something is left before it.
fn clitic_len(word: &str) -> Option<usize> {
    for c in CLITICS {
        // The clitic with the typographic apostrophe (3 bytes) or the straight one.
        for curly in [false, true] {
            let len = c.len() + if curly { 2 } else { 0 };
            if word.len() <= len || !word.is_char_boundary(word.len() - len) {
                continue;
            }
            let tail = &word[word.len() - len..];
            let same = if curly {
                tail.replace('’', "'").eq_ignore_ascii_case(c)
            } else {
                tail.eq_ignore_ascii_case(c)
            };
            if same {
                return Some(len);
            }
        }
    }
    None
}

/// Appends the parser words of `tokens` (of `text`) to `out`.
pub fn split_clitics(text: &str, tokens: &[Token], out: &mut Vec<Word>) {
    for (i, t) in tokens.iter().enumerate() {
        let span = t.span();
        let token = i as u32;
        if t.kind() == TokenKind::Word {
            let word = span.slice(text);
            // Only a word with an apostrophe can end in a clitic: a quick test first.
            if word.contains(['\'', '’']) {
                if let Some(len) = clitic_len(word) {
                    let cut = span.end - len;
                    out.push(Word {
                        span: Span::new(span.start, cut),
                        token,
                    });
                    out.push(Word {
                        span: Span::new(cut, span.end),
                        token,
                    });
                    continue;
                }
            }
        }
        out.push(Word { span, token });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    fn words(text: &str) -> Vec<&str> {
        let mut tokens = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut tokens);
        let mut out = Vec::new();
        split_clitics(text, &tokens, &mut out);
        out.iter().map(|w| w.span.slice(text)).collect()
    }

    #[test]
    fn splits_clitics_the_ud_way() {
        assert_eq!(
            words("Haftar's men don't, can't and won’t stop."),
            [
                "Haftar", "'s", "men", "do", "n't", ",", "ca", "n't", "and", "wo", "n’t", "stop",
                "."
            ]
        );
        assert_eq!(
            words("They're sure I'd go"),
            ["They", "'re", "sure", "I", "'d", "go"]
        );
        assert_eq!(
            words("O'Neill rock'n'roll 's"),
            ["O'Neill", "rock'n'roll", "'", "s"]
        );
    }
}
