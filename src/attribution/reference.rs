//! Stage: reference and pronouns. Named mentions are merged with the pronouns that stand for
//! an actor: he/she/him/his/her resolve to the last person named (inside a quote, the last
//! person named other than its speaker), we/us/our inside a quote to its speaker, and a
//! sentence-opening "Its" to the organisation or country named just before.

use crate::actors::{ActorId, ActorKind};
use crate::text::{Span, Token, TokenKind};

use super::quotes::Quote;
use super::search::seek;
use super::words::is_any;
use super::DocView;

/// A mention as attribution sees it: named, or a pronoun resolved to an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Ref {
    /// The actor.
    pub(super) actor: ActorId,
    /// The words that name it.
    pub(super) span: Span,
    /// Index into the named mentions, `None` for a pronoun.
    pub(super) named: Option<usize>,
    /// For a pronoun: the other of the last two persons named, its referent should the
    /// nearest one be ruled out.
    pub(super) alternative: Option<ActorId>,
}

/// How far (in bytes, about two sentences) before a sentence-opening "Its" the organisation
/// or country it stands for may have been named.
const ITS_REACH: usize = 300;

fn third_person(word: &str) -> bool {
    // The length test first: every word of a document is asked.
    word.len() <= 3 && is_any(word, &["he", "him", "his", "she", "her"])
}

fn first_person_plural(word: &str) -> bool {
    word.len() <= 4 && is_any(word, &["we", "us", "our", "ours"])
}

/// "him" after the clause's first actor, when named, is someone else: "Schiff accused him" is
/// not Schiff accusing himself, so it is the other person last named. ("he ... him" stays
/// unresolved: which of the two is which is not known.)
pub(super) fn him_is_not_the_subject(text: &str, clause_refs: &mut [Ref]) {
    if let Some(&first) = clause_refs.first().filter(|r| r.named.is_some()) {
        for r in clause_refs.iter_mut().skip(1) {
            if r.named.is_none()
                && r.actor == first.actor
                && r.span.slice(text).eq_ignore_ascii_case("him")
            {
                if let Some(other) = r.alternative {
                    r.actor = other;
                }
            }
        }
    }
}

/// Capitalised words that name no place or body.
pub(super) const CALENDAR_NAMES: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Whether a capitalised word that is no named person stands after offset `from` in `before`
/// (the tokens before a sentence-opening "Its"), other than a sentence's first word: "Turkey
/// sent troops to Tripoli. Its residents ..." may be about Tripoli.
fn names_another(view: &DocView<'_>, refs: &[Ref], from: usize, before: &[Token]) -> bool {
    let text = view.text;
    let first = before.partition_point(|t| t.span().start < from);
    let between = &before[first..];
    between.iter().enumerate().any(|(i, t)| {
        let word = t.text(text);
        let capitalised = t.kind() == TokenKind::Word
            && word.starts_with(|c: char| c.is_uppercase())
            && !is_any(word, CALENDAR_NAMES);
        let opens_sentence = i == 0
            || matches!(between[i - 1].kind(), TokenKind::Quote)
            || matches!(between[i - 1].text(text), "." | "!" | "?");
        let named_person = refs
            .iter()
            .rev()
            .take_while(|r| r.span.end > from)
            .any(|r| {
                r.named.is_some()
                    && r.span.contains(t.span())
                    && view.actors.get(r.actor).kind == ActorKind::Person
            });
        capitalised && !opens_sentence && !named_person
    })
}

/// Merges named mentions with third-person pronouns resolved to the last person named (inside a
/// quote, the last person named other than its speaker), and a sentence-opening "Its" resolved
/// to the organisation or country named just before.
/// A pronoun that named a quote's speaker (`speaker_pronouns`) is left out, as a named
/// speaker is: it stands for the speaker, who is not an actor of the narrative rules.
pub(super) fn resolve_refs(
    view: &DocView<'_>,
    quotes: &[Quote],
    speaker_pronouns: &[usize],
    refs: &mut Vec<Ref>,
) {
    refs.clear();
    let mut speaker_pronoun_at = 0;
    // The organisation or country named last, and where its mention ends.
    let mut last_group: Option<(ActorId, usize)> = None;
    let mut persons: [Option<ActorId>; 2] = [None, None]; // the last two distinct persons
    let mut next_mention = 0;
    let mut quote_at = 0;
    for (k, tok) in view.tokens.iter().enumerate() {
        while next_mention < view.mentions.len()
            && view.mentions[next_mention].span.start <= tok.span().start
        {
            let m = view.mentions[next_mention];
            refs.push(Ref {
                actor: m.actor,
                span: m.span,
                named: Some(next_mention),
                alternative: None,
            });
            if view.actors.get(m.actor).kind == ActorKind::Person {
                if persons[0] != Some(m.actor) {
                    persons = [Some(m.actor), persons[0]];
                }
            } else {
                last_group = Some((m.actor, m.span.end));
            }
            next_mention += 1;
        }
        let word = tok.text(view.text);
        let opens_with_its = word == "Its";
        if tok.kind() != TokenKind::Word
            || !(opens_with_its || third_person(word) || first_person_plural(word))
        {
            continue;
        }
        if refs.last().is_some_and(|r| r.span.end > tok.span().start) {
            continue; // part of a named mention
        }
        if opens_with_its {
            // A sentence that opens with "Its" goes on about the organisation or country just
            // named. A lower-case "its" stays unresolved: "the city and its residents" is as
            // common as a country's "its forces".
            let start = tok.span().start;
            if let Some((actor, _)) = last_group.filter(|&(_, end)| {
                end <= start
                    && start - end <= ITS_REACH
                    && !names_another(view, refs, end, &view.tokens[..k])
            }) {
                refs.push(Ref {
                    actor,
                    span: tok.span(),
                    named: None,
                    alternative: None,
                });
            }
            continue;
        }
        let start = tok.span().start;
        let next = seek(speaker_pronouns, &mut speaker_pronoun_at, |&p| p < start);
        if speaker_pronouns.get(next) == Some(&start) {
            continue; // "he" of "…,” he added": the quote's speaker
        }
        while quote_at < quotes.len() && quotes[quote_at].span.end <= tok.span().start {
            quote_at += 1;
        }
        let speaker = quotes
            .get(quote_at)
            .filter(|q| q.span.start <= tok.span().start)
            .and_then(|q| q.speaker);
        let referent = match speaker {
            // In a quote, "we" and "us" are the speaker's side.
            Some(s) if first_person_plural(word) => Some(s),
            _ if first_person_plural(word) => None,
            Some(s) if persons[0] == Some(s) => persons[1],
            Some(_) => persons[0],
            None => persons[0],
        };
        if let Some(actor) = referent {
            let alternative = if persons[0] == Some(actor) {
                persons[1]
            } else {
                persons[0]
            };
            refs.push(Ref {
                actor,
                span: tok.span(),
                named: None,
                alternative,
            });
        }
    }
    for (i, m) in view.mentions.iter().enumerate().skip(next_mention) {
        refs.push(Ref {
            actor: m.actor,
            span: m.span,
            named: Some(i),
            alternative: None,
        });
    }
}
