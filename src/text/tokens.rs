//! A tokenizer that keeps offsets: words, numbers, quote marks and other punctuation.

use super::Span;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
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
///
/// A token takes 8 bytes: its start, and its end with the kind in the top two bits. A long
/// document's tokens are the largest buffer of a run and the attribution passes read them
/// again and again, so their size is time (and, the first time they are touched, page
/// faults). Documents are therefore limited to [`MAX_DOCUMENT_BYTES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    start: u32,
    /// The end offset in the low 30 bits, the kind in the top two.
    end_and_kind: u32,
}

/// The longest text that can be tokenized (1 GiB less one byte): offsets must fit in 30 bits.
pub const MAX_DOCUMENT_BYTES: usize = (1 << KIND_SHIFT) - 1;

/// Where the kind sits in `Token::end_and_kind`.
const KIND_SHIFT: u32 = 30;

impl Token {
    /// A token of `kind` at `span`, which must end within [`MAX_DOCUMENT_BYTES`].
    pub fn new(kind: TokenKind, span: Span) -> Token {
        assert!(
            span.end <= MAX_DOCUMENT_BYTES,
            "text longer than MAX_DOCUMENT_BYTES"
        );
        Token {
            start: span.start as u32,
            end_and_kind: span.end as u32 | (kind as u32) << KIND_SHIFT,
        }
    }

    /// What it is.
    #[inline]
    pub fn kind(&self) -> TokenKind {
        match self.end_and_kind >> KIND_SHIFT {
            0 => TokenKind::Word,
            1 => TokenKind::Number,
            2 => TokenKind::Quote,
            _ => TokenKind::Punct,
        }
    }

    /// Where it is in the original text.
    #[inline]
    pub fn span(&self) -> Span {
        let end = self.end_and_kind & MAX_DOCUMENT_BYTES as u32;
        Span::new(self.start as usize, end as usize)
    }

    /// The token's text.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        self.span().slice(text)
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
///
/// # Panics
/// If `span` ends beyond [`MAX_DOCUMENT_BYTES`]; callers refuse such documents first.
pub fn tokenize(text: &str, span: Span, out: &mut Vec<Token>) {
    let piece = span.slice(text);
    if piece.is_ascii() {
        tokenize_ascii(piece.as_bytes(), span.start, out);
    } else {
        tokenize_chars(piece, span.start, out);
    }
}

/// How the ASCII tokenizer sees a byte.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Digit,
    Letter,
    /// Stays inside a word when a letter or digit follows: `-`, `'`, `.`, `_`.
    Joiner,
    /// Stays inside a number when a digit or letter follows.
    Comma,
    Quote,
    Other,
}

/// The class of every byte, so the hot loop does one lookup instead of a chain of tests.
static CLASS: [Class; 256] = {
    let mut table = [Class::Other; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = match c {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => Class::Space,
            b'0'..=b'9' => Class::Digit,
            b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
            b'-' | b'\'' | b'.' | b'_' => Class::Joiner,
            b',' => Class::Comma,
            b'"' => Class::Quote,
            _ => Class::Other,
        };
        b += 1;
    }
    table
};

/// The same rules as [`tokenize_chars`] on bytes, for ASCII text (most wire copy), where each
/// character is one byte and the Unicode classes reduce to ASCII ones.
fn tokenize_ascii(b: &[u8], base: usize, out: &mut Vec<Token>) {
    let class = |i: usize| b.get(i).map_or(Class::Space, |&c| CLASS[usize::from(c)]);
    let alphanumeric = |k: Class| matches!(k, Class::Digit | Class::Letter);
    let mut i = 0;
    while i < b.len() {
        let c = class(i);
        if c == Class::Space {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        let kind = if alphanumeric(c) {
            let numeric = c == Class::Digit;
            loop {
                i = alphanumeric_run_end(b, i);
                // A joiner stays inside the token only when a letter or digit follows it.
                let joined = match class(i) {
                    Class::Joiner => alphanumeric(class(i + 1)),
                    Class::Comma => numeric && alphanumeric(class(i + 1)),
                    _ => false,
                };
                if !joined {
                    break;
                }
                i += 2; // the joiner and the letter or digit after it
            }
            if numeric && !b[start..i].iter().any(u8::is_ascii_alphabetic) {
                TokenKind::Number
            } else {
                TokenKind::Word
            }
        } else if c == Class::Quote {
            TokenKind::Quote
        } else {
            TokenKind::Punct
        };
        out.push(Token::new(kind, Span::new(base + start, base + i)));
    }
}

/// The end of the run of ASCII letters and digits that starts at `i`.
///
/// Most of a word is such a run. Testing eight bytes at a time without a branch per byte
/// spares the mispredicted branch that a byte loop takes at the end of nearly every word.
fn alphanumeric_run_end(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let chunk: &[u8; 8] = chunk.try_into().expect("eight bytes");
        let mut stops = 0u32;
        for (k, x) in chunk.iter().enumerate() {
            stops |= u32::from(!x.is_ascii_alphanumeric()) << k;
        }
        if stops != 0 {
            return i + stops.trailing_zeros() as usize;
        }
        i += 8;
    }
    while b.get(i).is_some_and(u8::is_ascii_alphanumeric) {
        i += 1;
    }
    i
}

/// Tokenizes a piece of text starting at byte `base` of the document.
fn tokenize_chars(piece: &str, base: usize, out: &mut Vec<Token>) {
    let span = Span::new(base, base + piece.len());
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
        out.push(Token::new(kind, Span::new(start, end)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ASCII path's tokens, and the char path's, of `text`.
    fn both_paths(text: &str) -> (Vec<Token>, Vec<Token>) {
        let (mut fast, mut slow) = (Vec::new(), Vec::new());
        tokenize_ascii(text.as_bytes(), 0, &mut fast);
        tokenize_chars(text, 0, &mut slow);
        (fast, slow)
    }

    proptest::proptest! {
        #[test]
        fn the_ascii_path_agrees_with_the_char_path_on_any_ascii(text in "[ -~\t\n\r\x0b\x0c]{0,60}") {
            let (fast, slow) = both_paths(&text);
            proptest::prop_assert_eq!(fast, slow);
        }

        // Long runs of letters and digits, cut by joiners: the eight-byte steps and their ends.
        #[test]
        fn the_ascii_path_agrees_on_long_words(text in "[a-zA-Z0-9 ,.'_-]{0,120}") {
            let (fast, slow) = both_paths(&text);
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    #[test]
    fn a_token_keeps_its_kind_and_span_up_to_the_largest_offset() {
        let kinds = [
            TokenKind::Word,
            TokenKind::Number,
            TokenKind::Quote,
            TokenKind::Punct,
        ];
        for kind in kinds {
            for span in [
                Span::new(0, 0),
                Span::new(3, 9),
                Span::new(0, MAX_DOCUMENT_BYTES),
            ] {
                let token = Token::new(kind, span);
                assert_eq!((token.kind(), token.span()), (kind, span));
            }
        }
    }

    #[test]
    #[should_panic(expected = "longer than MAX_DOCUMENT_BYTES")]
    fn a_token_past_the_largest_offset_is_refused() {
        Token::new(TokenKind::Word, Span::new(0, MAX_DOCUMENT_BYTES + 1));
    }

    #[test]
    fn the_ascii_path_agrees_with_the_char_path() {
        let cases = [
            "Gen. Haftar's forces, 2,400 U.S. troops; al-Serraj said \"no\" (again)...",
            "a-b-c --x x-- 3.5.6 1,2,3 ,4 x,y \u{b}tab\u{c}feed\r\n_under_ score_ 'quote' it's",
            "",
            "   ",
            "-",
            "a",
            "9.",
            "x'",
            "A..B",
            "don't--stop",
        ];
        for text in cases {
            let (fast, slow) = both_paths(text);
            assert_eq!(fast, slow, "{text:?}");
        }
    }

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
        assert_eq!(toks[0].kind(), TokenKind::Quote);
        assert_eq!(toks[8].kind(), TokenKind::Number);
    }
}
