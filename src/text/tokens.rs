//! A tokenizer that keeps offsets: words, numbers, quote marks and other punctuation.

use super::Span;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters, with inner hyphens, apostrophes and dots ("al-Serraj", "don't", "U.S").
    Word,
    /// Digits, with inner separators ("2,400", "3.5").
    Number,
    /// A quotation mark: `"`, `“`, `”`, `«`, `»`.
    Quote,
    /// Any other non-space character.
    Punct,
}

/// One token: its kind and where it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// The kind.
    pub kind: TokenKind,
    /// Where it is in the original text.
    pub span: Span,
}

impl Token {
    /// The token's text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        self.span.slice(text)
    }

    /// Case-insensitive comparison with a lowercase ASCII word, without allocating.
    pub fn is(&self, text: &str, lowercase_word: &str) -> bool {
        self.text(text).eq_ignore_ascii_case(lowercase_word)
    }
}

fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\'' | '’' | '.' | '‐' | '_')
}

/// Tokenizes `text[span]`, appending tokens with absolute offsets to `out`.
pub fn tokenize(text: &str, span: Span, out: &mut Vec<Token>) {
    let piece = span.slice(text);
    let mut chars = piece.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_whitespace() {
            continue;
        }
        let start = span.start + i;
        let mut end = start + c.len_utf8();
        let kind = if c.is_alphanumeric() {
            let numeric = c.is_numeric();
            let mut all_numeric = numeric;
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphanumeric() {
                    all_numeric &= d.is_numeric();
                } else if is_joiner(d) || (numeric && d == ',') {
                    // A joiner stays inside the token only when a letter or digit follows it.
                    let next = piece[j + d.len_utf8()..].chars().next();
                    if !next.is_some_and(char::is_alphanumeric) {
                        break;
                    }
                } else {
                    break;
                }
                end = span.start + j + d.len_utf8();
                chars.next();
            }
            if all_numeric {
                TokenKind::Number
            } else {
                TokenKind::Word
            }
        } else if matches!(c, '"' | '“' | '”' | '«' | '»' | '„') {
            TokenKind::Quote
        } else {
            TokenKind::Punct
        };
        out.push(Token {
            kind,
            span: Span::new(start, end),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_spans_of_the_original() {
        let text = "“Haftar’s forces,” al-Serraj said; 2,400 U.S. troops.";
        let mut toks = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut toks);
        let words: Vec<&str> = toks.iter().map(|t| t.text(text)).collect();
        assert_eq!(
            words,
            [
                "“",
                "Haftar’s",
                "forces",
                ",",
                "”",
                "al-Serraj",
                "said",
                ";",
                "2,400",
                "U.S",
                ".",
                "troops",
                "."
            ]
        );
        assert_eq!(toks[0].kind, TokenKind::Quote);
        assert_eq!(toks[8].kind, TokenKind::Number);
    }
}
