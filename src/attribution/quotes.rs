//! Quotations and their speakers.
//!
//! Quote marks are paired in one linear scan: `“` opens and `”` closes (except a `”` glued to the
//! start of a word, a mistyped opener); a straight `"` opens after whitespace or an opening
//! bracket and closes otherwise. A quote still open at a paragraph break ends there (news style
//! reopens the quote in the next paragraph), which also bounds the cost of unbalanced marks.

use crate::text::{Span, Token, TokenKind};

/// A quotation: its full span (marks included) and its speaker, once found.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    /// From the opening mark to the closing mark, inclusive.
    pub span: Span,
    /// The index into the mention list of the mention that names the speaker, if any.
    pub speaker_mention: Option<usize>,
    /// The speaker's actor index, once resolved (possibly through "he" or an earlier quote).
    pub speaker: Option<crate::actors::ActorId>,
}

/// Words that introduce or close reported speech, lower case and sorted (by first letter).
pub const SPEECH_VERBS: &[&str] = &[
    "according",
    "acknowledged",
    "added",
    "adds",
    "admitted",
    "affirmed",
    "alleged",
    "announced",
    "announces",
    "argued",
    "argues",
    "asked",
    "asks",
    "cautioned",
    "claimed",
    "claims",
    "commented",
    "conceded",
    "continued",
    "declared",
    "declares",
    "explained",
    "explains",
    "insisted",
    "insists",
    "noted",
    "notes",
    "pledged",
    "quoted",
    "remarked",
    "replied",
    "responded",
    "said",
    "say",
    "says",
    "shouted",
    "stated",
    "states",
    "stressed",
    "stresses",
    "tells",
    "told",
    "tweeted",
    "urged",
    "urges",
    "vowed",
    "vows",
    "warned",
    "warns",
    "writes",
    "wrote",
];

/// Whether `word` is a speech verb, in any case.
pub fn is_speech_verb(word: &str) -> bool {
    // Asked of words all over a document: only the verbs that share its first letter are
    // compared with it.
    let Some(&first) = word.as_bytes().first() else {
        return false;
    };
    let letter = usize::from(first.to_ascii_lowercase().wrapping_sub(b'a'));
    let Some(&(start, end)) = BY_FIRST_LETTER.get(letter) else {
        return false;
    };
    SPEECH_VERBS[usize::from(start)..usize::from(end)]
        .iter()
        .any(|verb| verb.eq_ignore_ascii_case(word))
}

/// For each letter a-z, the range of [`SPEECH_VERBS`] that starts with it.
const BY_FIRST_LETTER: [(u8, u8); 26] = first_letter_ranges();

const fn first_letter_ranges() -> [(u8, u8); 26] {
    let mut ranges = [(0u8, 0u8); 26];
    let mut i = 0;
    while i < SPEECH_VERBS.len() {
        let letter = (SPEECH_VERBS[i].as_bytes()[0] - b'a') as usize;
        if ranges[letter].1 == 0 {
            ranges[letter].0 = i as u8;
        }
        ranges[letter].1 = i as u8 + 1;
        i += 1;
    }
    ranges
}

/// Finds the quotations of a text from its tokens.
pub fn find_quotes(text: &str, tokens: &[Token], out: &mut Vec<Quote>) {
    let mut open: Option<usize> = None;
    let mut prev_end = 0;
    // Where the paragraph began, while no quote mark has been seen in it.
    let mut fresh_paragraph: Option<usize> = tokens.first().map(|t| t.span().start);
    for tok in tokens {
        // Tokens hold no whitespace, so a paragraph break can only be in the gap before a token;
        // looking at that gap alone keeps the scan linear however long a quote stays open.
        let gap = &text[prev_end..tok.span().start];
        prev_end = tok.span().end;
        let new_paragraph = gap.matches('\n').count() >= 2;
        if new_paragraph {
            fresh_paragraph = Some(tok.span().start);
        }
        if let Some(start) = open {
            if new_paragraph {
                // Unclosed at a paragraph break: end the quote before the break.
                let end = tok.span().start - gap.len();
                out.push(Quote::new(Span::new(start, end.max(start))));
                open = None;
            }
        }
        if tok.kind() != TokenKind::Quote {
            continue;
        }
        let paragraph_start = fresh_paragraph.take();
        let mark = tok.text(text);
        let opens = match mark {
            "“" | "«" | "„" => true,
            // A closing mark never stands glued to the start of a word; when one does there
            // ("”Everyone at CBS owes ...,” said X"), it is an opening mark typed wrong.
            "”" | "»" => {
                open.is_none()
                    && text[..tok.span().start]
                        .chars()
                        .next_back()
                        .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '['))
                    && text[tok.span().end..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
            }
            _ => {
                let before = text[..tok.span().start].chars().next_back();
                open.is_none()
                    && before.is_none_or(|c| {
                        c.is_whitespace() || matches!(c, '(' | '[' | '—' | '-' | ':')
                    })
            }
        };
        match (opens, open) {
            (true, None) => open = Some(tok.span().start),
            (true, Some(_)) => {} // a nested or stray opener: the outer quote stays open
            (false, Some(start)) => {
                out.push(Quote::new(Span::new(start, tok.span().end)));
                open = None;
            }
            (false, None) => {
                // A closing mark after punctuation ("… this rule,” said X") with no opening mark
                // before it in the paragraph: the quote began before the text we were given (an
                // excerpt), so it runs from the paragraph's start.
                let after_punctuation = text[..tok.span().start]
                    .chars()
                    .next_back()
                    .is_some_and(|c| matches!(c, ',' | '.' | '!' | '?'));
                if let Some(start) = paragraph_start.filter(|_| after_punctuation) {
                    out.push(Quote::new(Span::new(start, tok.span().end)));
                }
            }
        }
    }
    if let Some(start) = open {
        out.push(Quote::new(Span::new(
            start,
            text.trim_end().len().max(start),
        )));
    }
}

impl Quote {
    /// A quotation over `span`, its speaker not yet known.
    pub fn new(span: Span) -> Quote {
        Quote {
            span,
            speaker_mention: None,
            speaker: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize;

    #[test]
    fn speech_verbs_are_found_in_any_case_and_nothing_else() {
        // The letter ranges need the list sorted and in lower case.
        assert!(SPEECH_VERBS.windows(2).all(|w| w[0] < w[1]));
        for verb in SPEECH_VERBS {
            assert!(verb.bytes().all(|b| b.is_ascii_lowercase()));
            assert!(is_speech_verb(verb));
            assert!(is_speech_verb(&verb.to_uppercase()));
        }
        for word in [
            "",
            "sai",
            "saidx",
            "Serraj",
            "acknowledgedly",
            "The",
            "élan",
        ] {
            assert!(!is_speech_verb(word), "{word}");
        }
    }

    fn quotes(text: &str) -> Vec<&str> {
        let mut toks = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut toks);
        let mut out = Vec::new();
        find_quotes(text, &toks, &mut out);
        out.iter().map(|q| q.span.slice(text)).collect()
    }

    #[test]
    fn curly_and_straight_quotes_pair_up() {
        assert_eq!(
            quotes("“No,” he said. \"Yes,\" she said."),
            ["“No,”", "\"Yes,\""]
        );
    }

    #[test]
    fn a_quote_closed_but_never_opened_runs_from_the_paragraph_start() {
        assert_eq!(
            quotes("We will win,” he said.\n\nHe left. Then 5\" fell, it was 6\"."),
            ["We will win,”"]
        );
        // Once a mark was seen in the paragraph, a stray closer is only stray.
        assert_eq!(quotes("“Yes,” he said, no,” she said."), ["“Yes,”"]);
    }

    #[test]
    fn an_unclosed_quote_ends_at_the_paragraph() {
        assert_eq!(
            quotes("“We will fight on.\n\n“And win,” he said."),
            ["“We will fight on.", "“And win,”"]
        );
    }
}
