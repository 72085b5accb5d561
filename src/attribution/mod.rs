//! Who holds a stance toward whom: from sentences, tokens and mentions to attributions.
//!
//! The rules, in the order they claim text (README "How attribution works" has examples):
//!
//! 1. **Quote**: a quotation goes to its speaker ("“…,” X said", "X said: “…”", "“…,” said X",
//!    "he added" = the last speaker; an unattributed quote that follows another in the same
//!    paragraph continues it). Actors named inside are its targets; he/she inside refer to the last
//!    person named other than the speaker.
//! 2. **Passive**: "Y is backed by X, Z and W": each actor after `by` holds a stance toward each
//!    actor before it.
//! 3. **Subject**: otherwise, the first actor of a clause (with any actors coordinated with it by
//!    "and" or commas) holds a stance toward the other actors of the clause. An introductory phrase
//!    ("In an interview with …,") is not the subject.
//! 4. **Author**: the text's own voice (`@author`) toward each actor named outside quotes, scored
//!    on that actor's clause.
//!
//! Clauses end at `;` and at "while", "whereas", "but", "although", "though", "because", "after".
//! An actor never holds a stance toward itself or toward a group it belongs to (and vice versa).

pub mod quotes;

use serde::Serialize;

use crate::actors::{ActorId, ActorKind, ActorSet, Mention};
use crate::text::{Span, Token, TokenKind};
use quotes::{find_quotes, is_speech_verb, Quote};

/// Who holds a stance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// The text's own voice, written `@author`.
    Author,
    /// An actor.
    Actor(ActorId),
}

/// Which rule produced an attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    /// Quoted speech and its speaker.
    Quote,
    /// "Y is backed by X".
    Passive,
    /// The first actor of a clause toward the others.
    Subject,
    /// The author's tone toward an actor.
    Author,
}

impl Rule {
    /// The rule's name in outputs.
    pub fn as_str(&self) -> &'static str {
        match self {
            Rule::Quote => "quote",
            Rule::Passive => "passive",
            Rule::Subject => "subject",
            Rule::Author => "author",
        }
    }
}

/// One directed stance: a source, a target, and the words that carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribution {
    /// Index of the sentence in the document.
    pub sentence: usize,
    /// Who holds the stance.
    pub source: Source,
    /// Toward whom.
    pub target: ActorId,
    /// Which rule decided it.
    pub rule: Rule,
    /// The text the scorers read.
    pub scope: Span,
}

/// A mention as attribution sees it: named, or a pronoun resolved to an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ref {
    actor: ActorId,
    span: Span,
    /// Index into the named mentions, `None` for a pronoun.
    named: Option<usize>,
}

/// Reusable buffers for [`attribute`].
#[derive(Debug, Default)]
pub struct AttributionScratch {
    quotes: Vec<Quote>,
    refs: Vec<Ref>,
    consumed: Vec<usize>,
    clause: Vec<Ref>,
}

/// Everything attribution reads about one document.
pub struct DocView<'a> {
    /// The document text.
    pub text: &'a str,
    /// Sentence spans, in order.
    pub sentences: &'a [Span],
    /// Tokens of the whole text, in order.
    pub tokens: &'a [Token],
    /// Named actor mentions, in order.
    pub mentions: &'a [Mention],
    /// The actors.
    pub actors: &'a ActorSet,
}

const CLAUSE_BREAKS: &[&str] = &[
    "while", "whereas", "but", "although", "though", "because", "after",
];
const INTRO_PREPOSITIONS: &[&str] = &[
    "in",
    "at",
    "on",
    "after",
    "during",
    "following",
    "amid",
    "despite",
    "with",
    "from",
    "since",
    "under",
    "according",
    "speaking",
    "before",
];
const COORDINATORS: &[&str] = &["and", "or", "&", ","];

fn is_any(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

fn third_person(word: &str) -> bool {
    is_any(word, &["he", "him", "his", "she", "her"])
}

/// Computes the attributions of one document, appended to `out` in sentence order.
pub fn attribute(view: &DocView<'_>, scratch: &mut AttributionScratch, out: &mut Vec<Attribution>) {
    if view.mentions.is_empty() {
        return;
    }
    scratch.quotes.clear();
    scratch.consumed.clear();
    find_quotes(view.text, view.tokens, &mut scratch.quotes);
    find_speakers(view, &mut scratch.quotes, &mut scratch.consumed);
    resolve_refs(view, &scratch.quotes, &mut scratch.refs);

    let mut token_at = 0;
    let mut ref_at = 0;
    for (s_index, &sentence) in view.sentences.iter().enumerate() {
        let first_out = out.len();
        let token_range = advance_to(view.tokens, &mut token_at, sentence, |t| t.span);
        let ref_range = advance_to(&scratch.refs, &mut ref_at, sentence, |r| r.span);
        if ref_range.is_empty() {
            continue; // no actor here: nothing to attribute
        }
        let refs = &scratch.refs[ref_range];
        let tokens = &view.tokens[token_range];

        // 1. Quoted parts with a speaker.
        for q in scratch
            .quotes
            .iter()
            .filter(|q| q.span.start < sentence.end && q.span.end > sentence.start)
        {
            let Some(speaker) = q.speaker else { continue };
            let part = Span::new(
                q.span.start.max(sentence.start),
                q.span.end.min(sentence.end),
            );
            for r in refs.iter().filter(|r| part.contains(r.span)) {
                push_unique(
                    view.actors,
                    out,
                    first_out,
                    Attribution {
                        sentence: s_index,
                        source: Source::Actor(speaker),
                        target: r.actor,
                        rule: Rule::Quote,
                        scope: part,
                    },
                );
            }
        }

        // 2-4. Narrative clauses: the sentence outside attributed quotes.
        let in_attributed_quote = |span: Span| {
            scratch
                .quotes
                .iter()
                .any(|q| q.speaker.is_some() && q.span.contains(span))
        };
        let mut clause_start: Option<usize> = None;
        for (k, tok) in tokens.iter().enumerate() {
            let inside = in_attributed_quote(tok.span);
            let breaks = inside
                || (tok.kind == TokenKind::Punct && tok.text(view.text) == ";")
                || (tok.kind == TokenKind::Word && is_any(tok.text(view.text), CLAUSE_BREAKS));
            if breaks {
                if let Some(start) = clause_start.take() {
                    narrative_clause(
                        view,
                        &tokens[start..k],
                        refs,
                        &scratch.consumed,
                        &mut scratch.clause,
                        s_index,
                        first_out,
                        out,
                    );
                }
                if !inside && tok.kind == TokenKind::Word {
                    clause_start = Some(k); // the conjunction opens the next clause
                }
            } else if clause_start.is_none() {
                clause_start = Some(k);
            }
        }
        if let Some(start) = clause_start {
            narrative_clause(
                view,
                &tokens[start..],
                refs,
                &scratch.consumed,
                &mut scratch.clause,
                s_index,
                first_out,
                out,
            );
        }
    }
}

/// The items (sorted by position) that lie inside `sentence`, moving `cursor` past the earlier
/// ones; sentences come in order, so each item is passed over once per document.
fn advance_to<T>(
    items: &[T],
    cursor: &mut usize,
    sentence: Span,
    span_of: impl Fn(&T) -> Span,
) -> std::ops::Range<usize> {
    while *cursor < items.len() && span_of(&items[*cursor]).start < sentence.start {
        *cursor += 1;
    }
    let end = *cursor
        + items[*cursor..]
            .iter()
            .take_while(|x| span_of(x).end <= sentence.end)
            .count();
    *cursor..end
}

/// Attributions of one narrative clause: passive, subject, and the author's voice.
#[allow(clippy::too_many_arguments)]
fn narrative_clause(
    view: &DocView<'_>,
    tokens: &[Token],
    sentence_refs: &[Ref],
    consumed: &[usize],
    clause_refs: &mut Vec<Ref>,
    s_index: usize,
    first_out: usize,
    out: &mut Vec<Attribution>,
) {
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return;
    };
    let scope = Span::new(first.span.start, last.span.end);
    clause_refs.clear();
    clause_refs.extend(
        sentence_refs
            .iter()
            .filter(|r| scope.contains(r.span) && !r.named.is_some_and(|m| consumed.contains(&m))),
    );
    if clause_refs.is_empty() {
        return;
    }
    let text = view.text;
    let mk = |source, target, rule| Attribution {
        sentence: s_index,
        source,
        target,
        rule,
        scope,
    };
    for r in clause_refs.iter() {
        push_unique(
            view.actors,
            out,
            first_out,
            mk(Source::Author, r.actor, Rule::Author),
        );
    }

    // An introductory phrase ends at the first comma; its actors are not the subject.
    let body_start =
        if tokens[0].kind == TokenKind::Word && is_any(tokens[0].text(text), INTRO_PREPOSITIONS) {
            tokens
                .iter()
                .find(|t| t.text(text) == ",")
                .map_or(scope.start, |t| t.span.end)
        } else {
            scope.start
        };
    let body: Vec<Ref> = clause_refs
        .iter()
        .copied()
        .filter(|r| r.span.start >= body_start)
        .collect();
    if body.len() < 2 {
        return;
    }

    // Passive: "... by X, Y and Z".
    if let Some(by) = tokens.windows(2).find(|w| {
        w[1].is(text, "by") && w[0].kind == TokenKind::Word && {
            let verb = w[0].text(text);
            verb.len() > 3 && (verb.ends_with("ed") || verb.ends_with("en"))
        }
    }) {
        let at = by[1].span.start;
        let (before, after): (Vec<Ref>, Vec<Ref>) = body.iter().partition(|r| r.span.end <= at);
        if !before.is_empty() && !after.is_empty() {
            for s in &after {
                for t in &before {
                    push_unique(
                        view.actors,
                        out,
                        first_out,
                        mk(Source::Actor(s.actor), t.actor, Rule::Passive),
                    );
                }
            }
            return;
        }
    }

    // Subject: the first actor, upgraded through an apposition ("GNA leader Serraj" is Serraj),
    // plus the actors coordinated with it.
    let mut head = 0;
    while head + 1 < body.len()
        && view
            .actors
            .belongs_to(body[head + 1].actor, body[head].actor)
        && gap_words(text, body[head].span, body[head + 1].span) <= 3
        && !text[body[head].span.end..body[head + 1].span.start].contains(',')
    {
        head += 1;
    }
    let mut subjects = head + 1;
    while subjects < body.len() {
        let gap = text[body[subjects - 1].span.end..body[subjects].span.start].trim();
        let coordinated = gap.is_empty()
            || gap
                .split_whitespace()
                .all(|w| is_any(w, COORDINATORS) || w == ",")
            || gap
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|w| !w.is_empty())
                .all(|w| is_any(w, COORDINATORS));
        if !coordinated {
            break;
        }
        subjects += 1;
    }
    for s in &body[head..subjects] {
        for t in &body[subjects..] {
            push_unique(
                view.actors,
                out,
                first_out,
                mk(Source::Actor(s.actor), t.actor, Rule::Subject),
            );
        }
    }
}

fn gap_words(text: &str, a: Span, b: Span) -> usize {
    text[a.end..b.start].split_whitespace().count()
}

/// Adds an attribution unless it is reflexive, within one group, or already in this sentence.
fn push_unique(
    actors: &ActorSet,
    out: &mut Vec<Attribution>,
    first_of_sentence: usize,
    a: Attribution,
) {
    if let Source::Actor(s) = a.source {
        if s == a.target || actors.belongs_to(s, a.target) || actors.belongs_to(a.target, s) {
            return;
        }
    }
    let dup = out[first_of_sentence..]
        .iter()
        .any(|b| b.source == a.source && b.target == a.target && b.rule == a.rule);
    if !dup {
        out.push(a);
    }
}

/// Finds each quote's speaker and records the mentions used to name speakers.
fn find_speakers(view: &DocView<'_>, quotes: &mut [Quote], consumed: &mut Vec<usize>) {
    let text = view.text;
    let tokens = view.tokens;
    let mut last_speaker: Option<crate::actors::ActorId> = None;
    let mut previous: Option<(usize, Option<crate::actors::ActorId>)> = None; // (end, speaker)
    for qi in 0..quotes.len() {
        let q = quotes[qi].span;
        let sentence = view
            .sentences
            .iter()
            .find(|s| s.start <= q.start && q.start < s.end.max(s.start + 1))
            .copied()
            .unwrap_or(Span::new(0, text.len()));
        // The tail: up to 8 tokens after the quote, within the sentence, before the next quote.
        let next_quote_start = quotes.get(qi + 1).map_or(usize::MAX, |n| n.span.start);
        let tail_end = sentence.end.min(next_quote_start);
        let first_tail = tokens.partition_point(|t| t.span.start < q.end);
        let tail: Vec<&Token> = tokens[first_tail..]
            .iter()
            .take_while(|t| t.span.end <= tail_end)
            .take(8)
            .collect();
        let mut found = speaker_near(view, &tail, last_speaker, q.start);
        if found.is_none() {
            // The head: "X said: “…”" — a speech verb among the last tokens before the quote.
            let prev_end = previous.map_or(sentence.start, |(end, _)| end.max(sentence.start));
            let last_head = tokens.partition_point(|t| t.span.start < q.start);
            let head: Vec<&Token> = tokens[..last_head]
                .iter()
                .rev()
                .take_while(|t| t.span.start >= prev_end)
                .take(8)
                .collect();
            let ends_in_intro = head
                .first()
                .is_some_and(|t| matches!(t.text(text), ":" | ",") || t.is(text, "that"));
            if ends_in_intro {
                found = speaker_near(view, &head, last_speaker, q.start);
            }
        }
        let speaker = match found {
            Some((actor, mention)) => {
                if let Some(m) = mention {
                    consumed.push(m);
                }
                Some(actor)
            }
            // A quote right after another, in the same paragraph, continues it.
            None => previous.and_then(|(end, speaker)| {
                let between = &text[end.min(q.start)..q.start];
                (!between.contains("\n\n") && between.len() < 400)
                    .then_some(speaker)
                    .flatten()
            }),
        };
        quotes[qi].speaker = speaker;
        quotes[qi].speaker_mention = found.and_then(|(_, m)| m);
        if speaker.is_some() {
            last_speaker = speaker;
        }
        previous = Some((q.end, speaker));
    }
}

/// A speaker named among `window` tokens that contain a speech verb: the named mention nearest
/// the verb, or "he"/"she", which means the last speaker (or the last person named before).
fn speaker_near(
    view: &DocView<'_>,
    window: &[&Token],
    last_speaker: Option<crate::actors::ActorId>,
    before: usize,
) -> Option<(crate::actors::ActorId, Option<usize>)> {
    let text = view.text;
    window
        .iter()
        .find(|t| t.kind == TokenKind::Word && is_speech_verb(t.text(text)))?;
    let (lo, hi) = window.iter().fold((usize::MAX, 0), |(lo, hi), t| {
        (lo.min(t.span.start), hi.max(t.span.end))
    });
    let span = Span::new(lo, hi);
    if let Some((i, m)) = view
        .mentions
        .iter()
        .enumerate()
        .find(|(_, m)| span.contains(m.span))
    {
        return Some((m.actor, Some(i)));
    }
    if window.iter().any(|t| is_any(t.text(text), &["he", "she"])) {
        let last_person = view
            .mentions
            .iter()
            .rev()
            .filter(|m| m.span.end <= before)
            .find(|m| view.actors.get(m.actor).kind == ActorKind::Person)
            .map(|m| m.actor);
        return last_speaker.or(last_person).map(|a| (a, None));
    }
    None
}

/// Merges named mentions with third-person pronouns resolved to the last person named (inside a
/// quote, the last person named other than its speaker).
fn resolve_refs(view: &DocView<'_>, quotes: &[Quote], refs: &mut Vec<Ref>) {
    refs.clear();
    let mut persons: [Option<ActorId>; 2] = [None, None]; // the last two distinct persons
    let mut next_mention = 0;
    let mut quote_at = 0;
    for tok in view.tokens {
        while next_mention < view.mentions.len()
            && view.mentions[next_mention].span.start <= tok.span.start
        {
            let m = view.mentions[next_mention];
            refs.push(Ref {
                actor: m.actor,
                span: m.span,
                named: Some(next_mention),
            });
            if view.actors.get(m.actor).kind == ActorKind::Person && persons[0] != Some(m.actor) {
                persons = [Some(m.actor), persons[0]];
            }
            next_mention += 1;
        }
        if tok.kind != TokenKind::Word || !third_person(tok.text(view.text)) {
            continue;
        }
        if refs.last().is_some_and(|r| r.span.end > tok.span.start) {
            continue; // part of a named mention
        }
        while quote_at < quotes.len() && quotes[quote_at].span.end <= tok.span.start {
            quote_at += 1;
        }
        let speaker = quotes
            .get(quote_at)
            .filter(|q| q.span.start <= tok.span.start)
            .and_then(|q| q.speaker);
        let referent = match speaker {
            Some(s) if persons[0] == Some(s) => persons[1],
            Some(_) => persons[0],
            None => persons[0],
        };
        if let Some(actor) = referent {
            refs.push(Ref {
                actor,
                span: tok.span,
                named: None,
            });
        }
    }
    for (i, m) in view.mentions.iter().enumerate().skip(next_mention) {
        refs.push(Ref {
            actor: m.actor,
            span: m.span,
            named: Some(i),
        });
    }
}
