//! Stage: clauses. A sentence is split into the clauses the narrative rules read: at `;` and at
//! [`CLAUSE_BREAKS`], and at ", and" after words that are more than a list of names.

use crate::text::{Span, Token, TokenKind};

use super::words::is_any;

/// Words that open a new clause.
const CLAUSE_BREAKS: &[&str] = &[
    "while", "whereas", "but", "although", "though", "because", "after", "when", "which", "who",
];

/// Splits `tokens` into clauses (token ranges): at `;` and at [`CLAUSE_BREAKS`], which open the
/// next clause; tokens for which `skip` holds (an attributed quote) belong to none.
pub(super) fn split_clauses(
    text: &str,
    tokens: &[Token],
    mut skip: impl FnMut(Span) -> bool,
    clauses: &mut Vec<std::ops::Range<usize>>,
) {
    clauses.clear();
    let mut clause_start: Option<usize> = None;
    // Whether the clause has a word of its own (more than a list of names) before `scanned`:
    // asked only at ", and", and each token of a clause is looked at once however many times
    // ", and" comes in a long list.
    // (`of`: the start of the clause they are about.)
    let (mut own_words, mut scanned, mut of) = (false, 0, usize::MAX);
    for (k, tok) in tokens.iter().enumerate() {
        let inside = skip(tok.span());
        let breaks = inside
            || (tok.kind() == TokenKind::Punct && tok.text(text) == ";")
            || (tok.kind() == TokenKind::Word && is_any(tok.text(text), CLAUSE_BREAKS))
            || (tok.is(text, "and")
                && k > 0
                && tokens[k - 1].text(text) == ","
                && clause_start.is_some_and(|start| {
                    // ", and" after a clause with words of its own, not a list of names.
                    if of != start {
                        (own_words, scanned, of) = (false, start, start);
                    }
                    own_words = own_words
                        || tokens[scanned..k].iter().any(|t| {
                            let w = t.text(text);
                            t.kind() == TokenKind::Word
                                && w.len() > 3
                                && w.starts_with(|c: char| c.is_lowercase())
                        });
                    scanned = k;
                    own_words
                }));
        if breaks {
            if let Some(start) = clause_start.take() {
                clauses.push(start..k);
            }
            if !inside && tok.kind() == TokenKind::Word {
                clause_start = Some(k); // the conjunction opens the next clause
            }
        } else if clause_start.is_none() {
            clause_start = Some(k);
        }
    }
    if let Some(start) = clause_start {
        clauses.push(start..tokens.len());
    }
}

/// Whether a clause opened by "but" or ", and" goes straight on with its verb ("but condemned
/// Egypt", "but was critical of him"), so that it shares the subject of the clause before.
pub(super) fn leaves_out_its_subject(text: &str, tokens: &[Token]) -> bool {
    const NOT_A_VERB: &[&str] = &[
        "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "he",
        "she", "they", "we", "i", "it", "there", "you", "our", "my", "some", "many", "most",
        "other", "others", "no", "not", "in", "on", "at", "for", "with", "as", "if", "when",
    ];
    let [first, second, ..] = tokens else {
        return false;
    };
    (first.is(text, "but") || first.is(text, "and"))
        && second.kind() == TokenKind::Word
        && second.text(text).starts_with(|c: char| c.is_lowercase())
        && !is_any(second.text(text), NOT_A_VERB)
}
