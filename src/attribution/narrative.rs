//! The clause rules' driver: splits a stretch of a sentence into clauses, gathers each
//! clause's actors (a relative clause's antecedent, the subject a clause leaves out, a speaker
//! who goes on acting) and runs the rules on them: `author`, then `passive`, then `subject`.

use crate::actors::ActorId;
use crate::text::{Span, Token, TokenKind};

use super::clauses::{leaves_out_its_subject, split_clauses};
use super::emit::{Seen, Sink};
use super::quotes::is_speech_verb;
use super::reference::{him_is_not_the_subject, Ref};
use super::rules::{author, passive, subject};
use super::scope::{refs_within, LocalScopes};
use super::words::is_any;
use super::{Attribution, DocView, Narrator, Rule, Source, MAX_CLAUSE_ACTORS};

/// Words that open a relative clause: its subject is the actor right before them.
const RELATIVES: &[&str] = &["which", "who"];
/// Words that open an introductory phrase, whose actors are not the clause's subject.
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

/// What the clause rules of one sentence read.
pub(super) struct SentenceContext<'v, 'a> {
    pub(super) view: &'v DocView<'a>,
    /// The sentence's refs, in order.
    pub(super) refs: &'v [Ref],
    /// Mentions that named a speaker (not targets of narrative rules).
    pub(super) consumed: &'v [usize],
    /// The sentence's index.
    pub(super) index: usize,
}

/// What the clause rules write into, reused across clauses.
#[derive(Debug, Default)]
pub(super) struct ClauseBuffers {
    /// The refs of the clause at hand.
    refs: Vec<Ref>,
    /// The (source, target, rule) triples already given in the current sentence.
    pub(super) seen: Seen,
    /// Clauses naming more than [`MAX_CLAUSE_ACTORS`] actors.
    pub(super) capped: u64,
    /// The subject of the clause before, for a clause that leaves its own out ("... but
    /// condemned Egypt").
    last_subject: Option<Ref>,
    /// The local scopes of the refs a rule reads.
    pub(super) scopes: LocalScopes,
}

/// One clause as the clause rules read it.
pub(super) struct Clause<'c> {
    /// The document text.
    pub(super) text: &'c str,
    /// The clause's tokens.
    pub(super) tokens: &'c [Token],
    /// From the clause's first token to its last.
    pub(super) scope: Span,
    /// The sentence's index.
    sentence: usize,
    /// Whose words the clause is.
    narrator: Narrator,
    /// The cues a relation is read from, when actor -> actor dyads need one (`relation.rs`).
    pub(super) relation_cues: Option<&'c crate::scorers::cues::CueLexicon>,
}

impl Clause<'_> {
    /// An attribution of this clause, in the voice its narrator gives `source`.
    pub(super) fn attribution(
        &self,
        source: Source,
        target: ActorId,
        rule: Rule,
        scope: Span,
    ) -> Attribution {
        Attribution {
            sentence: self.sentence,
            source,
            target,
            rule,
            scope,
            voice: self.narrator.voice_for(source),
        }
    }

    /// Whether an actor -> actor dyad between mentions `source` and `target` may stand: always,
    /// unless relations are required; then neither may be a place ("in Syria") and the words
    /// between the two must hold a relation (`relation.rs`).
    pub(super) fn related(&self, source: Span, target: Span) -> bool {
        let (text, tokens) = (self.text, self.tokens);
        self.relation_cues.is_none_or(|cues| {
            !super::relation::is_place(text, tokens, target)
                && !super::relation::is_place(text, tokens, source)
                && super::relation::related(text, tokens, cues, source, target)
        })
    }
}

/// Splits `tokens` into clauses (skipping those for which `skip` holds) and applies the
/// narrative rules to each; `narrator` says whose words they are.
pub(super) fn clause_rules(
    cx: &SentenceContext<'_, '_>,
    tokens: &[Token],
    skip: impl FnMut(Span) -> bool,
    narrator: Narrator,
    ranges: &mut Vec<std::ops::Range<usize>>,
    buffers: &mut ClauseBuffers,
    out: &mut Vec<Attribution>,
) {
    split_clauses(cx.view.text, tokens, skip, ranges);
    buffers.last_subject = None;
    for range in ranges.iter() {
        narrative_clause(cx, &tokens[range.clone()], narrator, buffers, out);
    }
}

/// Attributions of one narrative clause: passive, subject, and the author's voice where the
/// narrator is the text itself.
fn narrative_clause(
    cx: &SentenceContext<'_, '_>,
    tokens: &[Token],
    narrator: Narrator,
    buffers: &mut ClauseBuffers,
    out: &mut Vec<Attribution>,
) {
    let (view, sentence_refs, consumed) = (cx.view, cx.refs, cx.consumed);
    let ClauseBuffers {
        refs: clause_refs,
        seen,
        capped,
        last_subject,
        scopes,
    } = buffers;
    let carried = last_subject.take();
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return;
    };
    let scope = Span::new(first.span().start, last.span().end);
    clause_refs.clear();
    // "Turkey, which has sent troops to prop GNA forces": Turkey is the relative clause's subject.
    if first.kind() == TokenKind::Word && is_any(first.text(view.text), RELATIVES) {
        let before = sentence_refs.partition_point(|r| r.span.end <= first.span().start);
        if let Some(antecedent) = before.checked_sub(1).map(|i| sentence_refs[i]) {
            let gap = view.text[antecedent.span.end..first.span().start].trim();
            if gap.is_empty() || gap == "," {
                clause_refs.push(antecedent);
            }
        }
    } else if let Some(subject) = carried.filter(|_| leaves_out_its_subject(view.text, tokens)) {
        clause_refs.push(subject);
    }
    // A quote's named speaker is no actor of narration, except as the subject of a participle
    // after its speech verb: "“…,” Serraj said, accusing Haftar of war crimes".
    let is_speaker = |r: &Ref| r.named.is_some_and(|m| consumed.binary_search(&m).is_ok());
    let within = refs_within(sentence_refs, scope);
    let speaker_subject = clause_refs.is_empty()
        && within
            .first()
            .is_some_and(|r| is_speaker(r) && goes_on_with_participle(view.text, tokens, r.span));
    clause_refs.extend(
        within
            .iter()
            .enumerate()
            .filter(|&(i, r)| (i == 0 && speaker_subject) || !is_speaker(r))
            .map(|(_, r)| *r),
    );
    if clause_refs.is_empty() {
        return;
    }
    let text = view.text;
    him_is_not_the_subject(text, clause_refs);
    let clause = Clause {
        text,
        tokens,
        scope,
        sentence: cx.index,
        narrator,
        relation_cues: view.relation_cues,
    };
    let mut sink = Sink {
        actors: view.actors,
        out,
        seen,
    };
    if narrator == Narrator::Author {
        // The speaker kept as a subject gets no @author scope, as no speaker does.
        author::attribute(
            &clause,
            clause_refs,
            usize::from(speaker_subject),
            scopes,
            &mut sink,
        );
    }
    passive::backing_modifiers(&clause, clause_refs, &mut sink);

    // An introductory phrase ends at the first comma; its actors are not the subject.
    let body_start = if tokens[0].kind() == TokenKind::Word
        && is_any(tokens[0].text(text), INTRO_PREPOSITIONS)
    {
        tokens
            .iter()
            .find(|t| t.text(text) == ",")
            .map_or(scope.start, |t| t.span().end)
    } else {
        // A relative clause's antecedent stands before it.
        clause_refs
            .first()
            .map_or(scope.start, |r| r.span.start.min(scope.start))
    };
    let body_from = clause_refs.partition_point(|r| r.span.start < body_start);
    let body = &clause_refs[body_from..];
    if body.len() < 2 {
        // A lone actor is still the subject that a following "but"/", and" clause without
        // one of its own goes on with ("Serraj spoke on Monday, and praised Conte").
        *last_subject = body.first().copied();
        return;
    }
    if body.len() > MAX_CLAUSE_ACTORS {
        *capped += 1;
        return;
    }
    if passive::agents(&clause, body, scopes, &mut sink) {
        return;
    }
    *last_subject = Some(subject::attribute(&clause, body, scopes, &mut sink));
}

/// Whether a speaker named at `speaker` goes on, after its speech verb and a comma, with a
/// participle of its own: "Serraj said, accusing", "said Serraj, accusing", "Serraj told
/// reporters on Monday, accusing". The speech verb stands within two words of the name, and
/// the comma within six words after it.
fn goes_on_with_participle(text: &str, tokens: &[Token], speaker: Span) -> bool {
    let at = tokens.partition_point(|t| t.span().end <= speaker.start);
    let near_verb = tokens[at.saturating_sub(2)..]
        .iter()
        .take(2 + 3)
        .any(|t| t.kind() == TokenKind::Word && is_speech_verb(t.text(text)));
    let after = tokens.partition_point(|t| t.span().start < speaker.end);
    let Some(comma) = tokens[after..]
        .iter()
        .take(6)
        .position(|t| t.text(text) == ",")
        .map(|k| after + k)
    else {
        return false;
    };
    near_verb
        && tokens.get(comma + 1).is_some_and(|t| {
            let w = t.text(text);
            t.kind() == TokenKind::Word
                && w.len() > 5
                && w.ends_with("ing")
                && !is_any(w, SPEECH_PARTICIPLES)
        })
}

/// Participles that go on speaking ("said, adding that ..."): what follows is more speech, not
/// the speaker's act toward an actor.
const SPEECH_PARTICIPLES: &[&str] = &[
    "adding",
    "saying",
    "noting",
    "explaining",
    "stressing",
    "insisting",
    "arguing",
    "asking",
    "telling",
    "stating",
    "claiming",
    "according",
];
