//! Stage: who speaks each quote. A speaker is named by a speech verb next to the quote ("“…,”
//! X said", "X said: “…”", "“…,” said X"), or is "he"/"she" there (the last speaker, or the
//! last person named); a quote right after another in the same paragraph continues it. The
//! words that named a speaker are recorded: they stand for the speaker and are no actor of the
//! clause rules.

use crate::actors::{ActorId, ActorKind, Mention};
use crate::text::{Span, Token, TokenKind};

use super::quotes::{is_speech_verb, Quote};
use super::search::seek;
use super::words::is_any;
use super::DocView;

/// How many tokens next to a quote are searched for its attribution ("…,” the minister said").
pub(super) const ATTRIBUTION_WINDOW: usize = 8;
/// How many mentions back "he said" looks for a person when no quote had a speaker yet.
const PERSON_LOOKBACK: usize = 64;

/// The words that named quote speakers: they stand for the speaker and are no actor of the
/// narrative rules.
pub(super) struct SpeakerWords<'s> {
    /// Named mentions (indices), in text order.
    pub(super) mentions: &'s mut Vec<usize>,
    /// "he"/"she" tokens (start offsets), in text order.
    pub(super) pronouns: &'s mut Vec<usize>,
}

/// The word that names a quote's speaker.
#[derive(Debug, Clone, Copy)]
pub(super) enum SpeakerWord {
    /// A named mention (its index).
    Named(usize),
    /// "he" or "she", at this offset.
    Pronoun(usize),
}

/// Finds each quote's speaker and records the words that named speakers.
pub(super) fn find_speakers(
    view: &DocView<'_>,
    quotes: &mut [Quote],
    words: &mut SpeakerWords<'_>,
) {
    let text = view.text;
    let tokens = view.tokens;
    let mut last_speaker: Option<ActorId> = None;
    let mut previous: Option<(usize, Option<ActorId>)> = None; // (end, speaker)
                                                               // Quotes come in text order, so each search starts where the last one ended.
    let (mut sentence_at, mut closing_at, mut head_at, mut tail_at) = (0, 0, 0, 0);
    let mut mention_at = 0;
    for qi in 0..quotes.len() {
        let q = quotes[qi].span;
        let s = seek(view.sentences, &mut sentence_at, |s| s.end <= q.start);
        let sentence = view
            .sentences
            .get(s)
            .copied()
            .unwrap_or(Span::new(0, text.len()));
        // The tail: the tokens right after the quote, within the sentence, before the next quote.
        let next_quote_start = quotes.get(qi + 1).map_or(usize::MAX, |n| n.span.start);
        // A quote over several sentences is attributed after its last one.
        let closing_sentence = view
            .sentences
            .get(seek(view.sentences, &mut closing_at, |s| s.end < q.end))
            .map_or(text.len(), |s| s.end);
        let tail_end = closing_sentence.min(next_quote_start);
        let first_tail = seek(tokens, &mut tail_at, |t| t.span().start < q.end);
        let tail_len = tokens[first_tail..]
            .iter()
            .take(ATTRIBUTION_WINDOW)
            .take_while(|t| t.span().end <= tail_end)
            .count();
        let tail = &tokens[first_tail..first_tail + tail_len];
        let mut found = speaker_near(view, tail, last_speaker, q.start, &mut mention_at);
        if found.is_none() {
            // The head: "X said: “…”", a speech verb among the last tokens before the quote.
            let prev_end = previous.map_or(sentence.start, |(end, _)| end.max(sentence.start));
            let last_head = seek(tokens, &mut head_at, |t| t.span().start < q.start);
            let head_len = tokens[..last_head]
                .iter()
                .rev()
                .take(ATTRIBUTION_WINDOW)
                .take_while(|t| t.span().start >= prev_end)
                .count();
            let head = &tokens[last_head - head_len..last_head];
            let ends_in_intro = head
                .last()
                .is_some_and(|t| matches!(t.text(text), ":" | ",") || t.is(text, "that"));
            if ends_in_intro {
                found = speaker_near(view, head, last_speaker, q.start, &mut mention_at);
            }
        }
        let speaker = match found {
            Some((actor, word)) => {
                match word {
                    SpeakerWord::Named(m) => words.mentions.push(m),
                    SpeakerWord::Pronoun(at) => words.pronouns.push(at),
                }
                Some(actor)
            }
            // A quote right after another, in the same paragraph, continues it.
            None => previous.and_then(|(end, speaker)| {
                let between = &text[end.min(q.start)..q.start];
                (between.len() < 400 && !between.contains("\n\n"))
                    .then_some(speaker)
                    .flatten()
            }),
        };
        quotes[qi].speaker = speaker;
        quotes[qi].speaker_mention = found.and_then(|(_, word)| match word {
            SpeakerWord::Named(m) => Some(m),
            SpeakerWord::Pronoun(_) => None,
        });
        if speaker.is_some() {
            last_speaker = speaker;
        }
        previous = Some((q.end, speaker));
    }
}

/// Speech verbs whose object is the one spoken to; they are never inverted ("..., told X").
const ADDRESSEE_VERBS: &[&str] = &["told", "tells", "telling"];

/// A speaker named among `window` tokens that contain a speech verb: the first named mention
/// there, or "he"/"she", which means the last speaker (or the last person named before),
/// whichever comes first: in "…,” he added, thanking Turkey", Turkey is not the speaker.
pub(super) fn speaker_near(
    view: &DocView<'_>,
    window: &[Token],
    last_speaker: Option<ActorId>,
    before: usize,
    mention_at: &mut usize,
) -> Option<(ActorId, SpeakerWord)> {
    let text = view.text;
    window
        .iter()
        .find(|t| t.kind() == TokenKind::Word && is_speech_verb(t.text(text)))?;
    let span = Span::new(window.first()?.span().start, window.last()?.span().end);
    // "she told the Post": who is told is not who speaks.
    let addressed = |m: &Mention| {
        let k = window.partition_point(|t| t.span().end <= m.span.start);
        window[..k]
            .iter()
            .rev()
            .find(|t| !is_any(t.text(text), &["the", "a", "an"]))
            .is_some_and(|t| is_any(t.text(text), ADDRESSEE_VERBS))
    };
    let pronoun = window
        .iter()
        .find(|t| t.kind() == TokenKind::Word && is_any(t.text(text), &["he", "she"]))
        .map(|t| t.span().start);
    let mut i = seek(view.mentions, mention_at, |m| m.span.start < span.start);
    while let Some(m) = view.mentions.get(i).filter(|m| span.contains(m.span)) {
        if pronoun.is_some_and(|p| p < m.span.start) {
            break;
        }
        // With relations required, the outlet of a byline is no speaker either.
        let byline = view.relation_cues.is_some()
            && is_media_byline(text, m.span, view.actors.get(m.actor).id.contains("MED"));
        if !addressed(m) && !byline {
            return Some((m.actor, SpeakerWord::Named(i)));
        }
        i += 1;
    }
    if let Some(at) = pronoun {
        let end = seek(view.mentions, mention_at, |m| m.span.end <= before);
        let last_person = view.mentions[..end]
            .iter()
            .rev()
            .take(PERSON_LOOKBACK)
            .find(|m| view.actors.get(m.actor).kind == ActorKind::Person)
            .map(|m| m.actor);
        return last_speaker
            .or(last_person)
            .map(|a| (a, SpeakerWord::Pronoun(at)));
    }
    None
}

/// Roles of the people who report for a news outlet: in "says the BBC's Louisa Lim" the
/// speaker is the correspondent, who speaks for no actor.
const REPORTER_ROLES: &[&str] = &[
    "correspondent",
    "correspondents",
    "reporter",
    "reporters",
    "editor",
    "editors",
    "journalist",
    "journalists",
    "analyst",
    "analysts",
    "commentator",
    "columnist",
    "producer",
    "presenter",
    "writer",
    "staff",
    "contributor",
];

/// Whether the mention at `mention` opens a byline: "X's" and then a reporter's role, or, for
/// a news outlet (`media`: a Phoenix `MED` code), a person's name ("the BBC's correspondent",
/// "the BBC's Louisa Lim"), so X is not the speaker. Read only when relations are required
/// (`DocView::relation_cues`), as the rest of that rule.
fn is_media_byline(text: &str, mention: Span, media: bool) -> bool {
    let rest = &text[mention.end..];
    let Some(after) = rest
        .strip_prefix("'s ")
        .or_else(|| rest.strip_prefix("\u{2019}s "))
    else {
        return false;
    };
    let next = after.split_whitespace().next().unwrap_or("");
    is_any(
        next.trim_matches(|c: char| !c.is_alphanumeric()),
        REPORTER_ROLES,
    ) || (media && next.starts_with(|c: char| c.is_uppercase()))
}
