//! Who holds a stance toward whom: from sentences, tokens and mentions to attributions.
//!
//! The rules, in the order they claim text (README "How attribution works" has examples):
//!
//! 1. **Quote**: a quotation goes to its speaker ("“…,” X said", "X said: “…”", "“…,” said X",
//!    "he added" = the last speaker; an unattributed quote that follows another in the same
//!    paragraph continues it). Actors named inside are its targets; he/she inside refer to the last
//!    person named other than the speaker.
//! 2. **Passive**: "Y is backed by X, Z and W": each actor after `by` holds a stance toward each
//!    actor before it. So does the nominal form: "Y came under attack by X", "criticism from X",
//!    and a modifier: "Egypt-backed Haftar". After a passive aside ("Y, backed by X, shelled Z"),
//!    Y is the subject again.
//! 3. **Subject**: otherwise, the first actor of a clause (with any actors coordinated with it by
//!    "and" or commas) holds a stance toward the other actors of the clause. An introductory phrase
//!    ("In an interview with …,") is not the subject.
//! 4. **Author**: the text's own voice (`@author`) toward each actor named outside quotes, scored
//!    on that actor's clause, up to the speech verb when the actor is reported speaking ("X said").
//!
//! Clauses end at `;`, at "while", "whereas", "but", "although", "though", "because", "after",
//! "when", "which" and "who", and at ", and" after words that are more than a list of names.
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

/// Whose words a scope holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Voice {
    /// The source's own words: a quote or reported speech of the source, and within it what
    /// the speaker says "we" do.
    Own,
    /// The text's words about the source.
    Reported,
}

impl Voice {
    /// The voice's name in outputs.
    pub fn as_str(&self) -> &'static str {
        match self {
            Voice::Own => "own",
            Voice::Reported => "reported",
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
    /// Whose words the scope holds.
    pub voice: Voice,
}

/// Who speaks in the words that the clause rules read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Narrator {
    /// The text itself.
    Author,
    /// The speaker of an attributed quote.
    Speaker(ActorId),
}

impl Narrator {
    /// Whose words a scope is for `source`: the speaker's own when the speaker is the source.
    fn voice_for(self, source: Source) -> Voice {
        match self {
            Narrator::Speaker(speaker) if source == Source::Actor(speaker) => Voice::Own,
            _ => Voice::Reported,
        }
    }
}

/// A mention as attribution sees it: named, or a pronoun resolved to an actor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ref {
    actor: ActorId,
    span: Span,
    /// Index into the named mentions, `None` for a pronoun.
    named: Option<usize>,
    /// For a pronoun: the other of the last two persons named, its referent should the
    /// nearest one be ruled out.
    alternative: Option<ActorId>,
}

/// Reusable buffers for [`attribute`].
#[derive(Debug, Default)]
pub struct AttributionScratch {
    quotes: Vec<Quote>,
    refs: Vec<Ref>,
    consumed: Vec<usize>,
    speaker_pronouns: Vec<usize>,
    clauses: Vec<std::ops::Range<usize>>,
    buffers: ClauseBuffers,
    /// Clauses whose actor-to-actor dyads were not formed because they name too many actors.
    pub capped: u64,
}

/// What the clause rules write into, reused across clauses.
#[derive(Debug, Default)]
struct ClauseBuffers {
    /// The refs of the clause at hand.
    refs: Vec<Ref>,
    /// The (source, target, rule) triples already given in the current sentence.
    seen: Seen,
    /// Clauses naming more than [`MAX_CLAUSE_ACTORS`] actors.
    capped: u64,
    /// The subject of the clause before, for a clause that leaves its own out ("... but
    /// condemned Egypt").
    last_subject: Option<Ref>,
}

/// What the clause rules of one sentence read.
struct SentenceContext<'v, 'a> {
    view: &'v DocView<'a>,
    /// The sentence's refs, in order.
    refs: &'v [Ref],
    /// Mentions that named a speaker (not targets of narrative rules).
    consumed: &'v [usize],
    /// The sentence's index.
    index: usize,
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
    "while", "whereas", "but", "although", "though", "because", "after", "when", "which", "who",
];
/// Words that open a relative clause: its subject is the actor right before them.
const RELATIVES: &[&str] = &["which", "who"];
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
/// A clause naming more actors than this is a list, not a statement of who stands where: only
/// its `@author` attributions are kept (counted in the run statistics). This also bounds the
/// pairs a pathological sentence can produce.
pub const MAX_CLAUSE_ACTORS: usize = 64;
const COORDINATORS: &[&str] = &["and", "or", "&", ",", "the"];
const CONJUNCTIONS: &[&str] = &["and", "or", "&"];
/// Hyphenated participles that make an actor's name a modifier of support: "Egypt-backed Haftar".
const BACKING_SUFFIXES: &[&str] = &["-backed", "-supported", "-sponsored", "-funded", "-armed"];

fn is_any(word: &str, list: &[&str]) -> bool {
    list.iter().any(|w| w.eq_ignore_ascii_case(word))
}

fn third_person(word: &str) -> bool {
    // The length test first: every word of a document is asked.
    word.len() <= 3 && is_any(word, &["he", "him", "his", "she", "her"])
}

fn first_person_plural(word: &str) -> bool {
    word.len() <= 4 && is_any(word, &["we", "us", "our", "ours"])
}

/// Computes the attributions of one document, appended to `out` in sentence order.
pub fn attribute(view: &DocView<'_>, scratch: &mut AttributionScratch, out: &mut Vec<Attribution>) {
    if view.mentions.is_empty() {
        return;
    }
    scratch.quotes.clear();
    scratch.consumed.clear();
    scratch.speaker_pronouns.clear();
    find_quotes(view.text, view.tokens, &mut scratch.quotes);
    add_reported_speech(view, &mut scratch.quotes);
    let mut speaker_words = SpeakerWords {
        mentions: &mut scratch.consumed,
        pronouns: &mut scratch.speaker_pronouns,
    };
    find_speakers(view, &mut scratch.quotes, &mut speaker_words);
    scratch.speaker_pronouns.sort_unstable();
    resolve_refs(
        view,
        &scratch.quotes,
        &scratch.speaker_pronouns,
        &mut scratch.refs,
    );

    scratch.consumed.sort_unstable();
    let mut token_at = 0;
    let mut ref_at = 0;
    let mut quote_at = 0;
    for (s_index, &sentence) in view.sentences.iter().enumerate() {
        scratch.buffers.seen.clear();
        let ref_range = advance_to(&scratch.refs, &mut ref_at, sentence, |r| r.span);
        if ref_range.is_empty() {
            continue; // no actor here: nothing to attribute
        }
        let token_range = advance_to(view.tokens, &mut token_at, sentence, |t| t.span());
        let refs = &scratch.refs[ref_range];
        let tokens = &view.tokens[token_range];
        let cx = SentenceContext {
            view,
            refs,
            consumed: &scratch.consumed,
            index: s_index,
        };

        // 1. Quoted parts with a speaker. Quotes are sorted and disjoint: a cursor skips those
        // that ended before this sentence, and refs inside a part are found by binary search.
        while quote_at < scratch.quotes.len() && scratch.quotes[quote_at].span.end <= sentence.start
        {
            quote_at += 1;
        }
        let quotes_here = &scratch.quotes[quote_at..];
        let quotes_here = &quotes_here[..gallop(quotes_here, |q| q.span.start < sentence.end)];
        for q in quotes_here {
            let Some(speaker) = q.speaker else { continue };
            let part = Span::new(
                q.span.start.max(sentence.start),
                q.span.end.min(sentence.end),
            );
            let inside = refs_within(refs, part);
            for (i, r) in inside.iter().enumerate() {
                push_unique(
                    view.actors,
                    out,
                    &mut scratch.buffers.seen,
                    Attribution {
                        sentence: s_index,
                        source: Source::Actor(speaker),
                        target: r.actor,
                        rule: Rule::Quote,
                        scope: local_scope(view.text, inside, i, part),
                        voice: Voice::Own,
                    },
                );
            }
            // Inside the quote, who does what to whom is the speaker's account: the same
            // clause rules apply, with we/us/our standing for the speaker's side.
            let from = tokens.partition_point(|t| t.span().start < part.start);
            let to = from + tokens[from..].partition_point(|t| t.span().end <= part.end);
            clause_rules(
                &cx,
                &tokens[from..to],
                |_| false,
                Narrator::Speaker(speaker),
                &mut scratch.clauses,
                &mut scratch.buffers,
                out,
            );
        }

        // 2-4. Narrative clauses: the sentence outside attributed quotes.
        let mut in_quote_at = 0;
        let in_attributed_quote = |span: Span| {
            while in_quote_at < quotes_here.len() && quotes_here[in_quote_at].span.end <= span.start
            {
                in_quote_at += 1;
            }
            quotes_here
                .get(in_quote_at)
                .is_some_and(|q| q.speaker.is_some() && q.span.contains(span))
        };
        clause_rules(
            &cx,
            tokens,
            in_attributed_quote,
            Narrator::Author,
            &mut scratch.clauses,
            &mut scratch.buffers,
            out,
        );
    }
    scratch.capped += std::mem::take(&mut scratch.buffers.capped);
}

/// Splits `tokens` into clauses (skipping those for which `skip` holds) and applies the
/// narrative rules to each; `narrator` says whose words they are.
fn clause_rules(
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

/// Splits `tokens` into clauses (token ranges): at `;` and at [`CLAUSE_BREAKS`], which open the
/// next clause; tokens for which `skip` holds (an attributed quote) belong to none.
fn split_clauses(
    text: &str,
    tokens: &[Token],
    mut skip: impl FnMut(Span) -> bool,
    clauses: &mut Vec<std::ops::Range<usize>>,
) {
    clauses.clear();
    let mut clause_start: Option<usize> = None;
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
                    tokens[start..k].iter().any(|t| {
                        let w = t.text(text);
                        t.kind() == TokenKind::Word
                            && w.len() > 3
                            && w.starts_with(|c: char| c.is_lowercase())
                    })
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

/// The items (sorted by position, not overlapping) that lie inside `sentence`, moving `cursor`
/// past the earlier ones. Sentences come in order, and a galloping search finds the bounds in
/// the logarithm of the distance, so the many sentences that name no actor are skipped cheaply.
fn advance_to<T>(
    items: &[T],
    cursor: &mut usize,
    sentence: Span,
    span_of: impl Fn(&T) -> Span,
) -> std::ops::Range<usize> {
    *cursor += gallop(&items[*cursor..], |x| span_of(x).start < sentence.start);
    let end = *cursor + gallop(&items[*cursor..], |x| span_of(x).end <= sentence.end);
    *cursor..end
}

/// `items.partition_point(pred)`, searched from `at` (the previous answer) and stored there.
/// It gallops from `at` in whichever direction the answer lies, so searches that stay near
/// each other, as they do in text order, cost the logarithm of the distance moved, not of the
/// document's length.
fn seek<T>(items: &[T], at: &mut usize, pred: impl Fn(&T) -> bool) -> usize {
    let from = (*at).min(items.len());
    *at = if from > 0 && !pred(&items[from - 1]) {
        gallop_back(&items[..from], pred)
    } else {
        from + gallop(&items[from..], pred)
    };
    *at
}

/// `items.partition_point(pred)` for an answer usually near the end: `gallop` run backward.
fn gallop_back<T>(items: &[T], pred: impl Fn(&T) -> bool) -> usize {
    let (mut high, mut step) = (items.len(), 1);
    // Invariant: `pred` fails for every item from `high` on.
    while high >= step && !pred(&items[high - step]) {
        high -= step;
        step *= 2;
    }
    let low = high.saturating_sub(step - 1);
    low + items[low..high].partition_point(pred)
}

/// `items.partition_point(pred)` for an answer usually near the start: steps that double from
/// the start, then a binary search inside the last one. A plain binary search over a long
/// document's tokens jumps across megabytes and misses the cache at every step; this stays
/// close to where the previous sentence ended.
fn gallop<T>(items: &[T], pred: impl Fn(&T) -> bool) -> usize {
    let (mut low, mut step) = (0, 1);
    // Invariant: `pred` holds for every item before `low`.
    while low + step <= items.len() && pred(&items[low + step - 1]) {
        low += step;
        step *= 2;
    }
    let high = (low + step).min(items.len());
    low + items[low..high].partition_point(pred)
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
    let (view, sentence_refs, consumed, s_index) = (cx.view, cx.refs, cx.consumed, cx.index);
    let ClauseBuffers {
        refs: clause_refs,
        seen,
        capped,
        last_subject,
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
    // "him" after the clause's first actor, when named, is someone else: "Schiff accused him"
    // is not Schiff accusing himself, so it is the other person last named. ("he ... him"
    // stays unresolved: which of the two is which is not known.)
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
    let local = |refs: &[Ref], i: usize| local_scope(text, refs, i, scope);
    let mk = |source, target, rule, scope| Attribution {
        sentence: s_index,
        source,
        target,
        rule,
        scope,
        voice: narrator.voice_for(source),
    };
    let author = narrator == Narrator::Author;
    // The speaker kept as a subject gets no @author scope, as no speaker does.
    let author_from = usize::from(speaker_subject);
    for (i, r) in clause_refs
        .iter()
        .enumerate()
        .skip(author_from)
        .filter(|_| author)
    {
        let mut scope = local(clause_refs, i);
        if let Some(verb_end) = reported_speech_of(text, tokens, r.span) {
            // "X said (that) ...": what follows is X's words, not the text's tone toward X.
            scope.end = scope.end.min(verb_end).max(scope.start);
        }
        push_unique(
            view.actors,
            out,
            seen,
            mk(Source::Author, r.actor, Rule::Author, scope),
        );
    }

    // "Egypt-backed Haftar": the backer backs the actor it modifies and is not the clause's
    // subject. (Before a word that is no actor, "NATO-backed uprising", it stays in the clause.)
    let mut k = 0;
    while k + 1 < clause_refs.len() {
        let (backer, backed) = (clause_refs[k], clause_refs[k + 1]);
        let modifies = backer.named.is_some()
            && is_backing_modifier(text, backer.span)
            && gap_words(text, backer.span, backed.span) <= 2
            && !text[backer.span.end..backed.span.start].contains(',');
        if modifies {
            // The participle is the cue: "backed Haftar" (the hyphen hides it from the cue lexicon).
            let scope = Span::new(backer.span.end + 1, backed.span.end);
            let a = mk(
                Source::Actor(backer.actor),
                backed.actor,
                Rule::Passive,
                scope,
            );
            push_unique(view.actors, out, seen, a);
            clause_refs.remove(k);
        } else {
            k += 1;
        }
    }

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

    // Passive: "... by X, Y and Z", and its nominal form: "an attack by X", "support from X",
    // but not after a possessive, which names the agent itself: "withdrew his support from X".
    let agent_marker = (1..tokens.len()).find(|&k| {
        let (word, marker) = (tokens[k - 1], tokens[k]);
        word.kind() == TokenKind::Word
            && ((marker.is(text, "by") && ends_in_passive(text, &tokens[..k]))
                || ((marker.is(text, "by") || marker.is(text, "from"))
                    && is_any(word.text(text), STANCE_NOUNS)
                    && !(k >= 2 && is_any(tokens[k - 2].text(text), POSSESSIVES))))
    });
    if let Some(k) = agent_marker {
        let at = tokens[k].span().start;
        // What the agent did is the phrase that ends at the marker: after a comma, the words
        // before it are about the target ("X signed the budget, drawing fire from Y").
        let phrase_start = tokens[..k]
            .iter()
            .rposition(|t| t.text(text) == ",")
            .map_or(scope.start, |c| tokens[c].span().end);
        let (before, after) = body.split_at(body.partition_point(|r| r.span.end <= at));
        let after = &after[..agent_count(text, tokens[k].span(), after)];
        if !before.is_empty() && !after.is_empty() {
            let last_agent = after[after.len() - 1].span.end;
            // A phrase set off by a comma after every target ("X visited Moscow, drawing fire
            // from Y"; "X, supported by Y, ...") is about the clause's subject, not the object
            // right before it, and its own words are what the agent did.
            let detached = phrase_start > before[before.len() - 1].span.end;
            let targets = if detached {
                &before[..subject_group(text, before)]
            } else {
                before
            };
            for s in after {
                for (i, t) in targets.iter().enumerate() {
                    let mut scope = local(body, i);
                    if detached {
                        scope = Span::new(phrase_start, last_agent);
                    } else if phrase_start > scope.start && phrase_start < scope.end {
                        scope = Span::new(phrase_start, scope.end);
                    }
                    push_unique(
                        view.actors,
                        out,
                        seen,
                        mk(Source::Actor(s.actor), t.actor, Rule::Passive, scope),
                    );
                }
            }
            // "X, supported by Y, repelled Z": the passive was an aside, and after it X is the
            // subject again, of the actors that follow.
            let aside = detached && text[last_agent..].trim_start().starts_with(',');
            let rest = before.len() + after.len();
            for (i, t) in body.iter().enumerate().skip(rest).filter(|_| aside) {
                for s in before {
                    let a = mk(
                        Source::Actor(s.actor),
                        t.actor,
                        Rule::Subject,
                        local(body, i),
                    );
                    push_unique(view.actors, out, seen, a);
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
    let subjects = head + subject_group(text, &body[head..]);
    *last_subject = Some(body[head]);
    for s in &body[head..subjects] {
        for (i, t) in body.iter().enumerate().skip(subjects) {
            push_unique(
                view.actors,
                out,
                seen,
                mk(
                    Source::Actor(s.actor),
                    t.actor,
                    Rule::Subject,
                    local(body, i),
                ),
            );
        }
    }
}

/// Whether a clause opened by "but" or ", and" goes straight on with its verb ("but condemned
/// Egypt", "but was critical of him"), so that it shares the subject of the clause before.
fn leaves_out_its_subject(text: &str, tokens: &[Token]) -> bool {
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

/// How many of `refs` form the group that opens them: the first and those coordinated with it
/// ("Turkey and Qatar").
fn subject_group(text: &str, refs: &[Ref]) -> usize {
    1 + refs
        .windows(2)
        .take_while(|pair| coordinated(text, pair[0].span, pair[1].span))
        .count()
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

/// Whether only coordinators and commas stand between two mentions ("Egypt, Russia and France").
fn coordinated(text: &str, a: Span, b: Span) -> bool {
    only_coordinators(&text[a.end..b.start])
}

/// Whether a gap holds nothing but [`COORDINATORS`] and commas.
fn only_coordinators(gap: &str) -> bool {
    gap.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .all(|w| is_any(w, COORDINATORS))
}

/// Whether a token looks like a past participle ("backed", "taken").
fn is_participle(text: &str, token: Token) -> bool {
    let word = token.text(text);
    token.kind() == TokenKind::Word
        && word.len() > 3
        && (word.ends_with("ed") || word.ends_with("en"))
}

/// Auxiliaries that make the participle after them a passive.
const PASSIVE_AUXILIARIES: &[&str] = &["was", "were", "is", "are", "been", "be", "being"];

/// Whether a word looks like an adverb of manner ("sharply", "roundly").
fn is_adverb(word: &str) -> bool {
    word.len() > 4 && word.ends_with("ly")
}

/// Whether `tokens`, which stand before a "by", end in a passive: a participle right before it
/// ("backed by"), or after one adverb ("criticized sharply by"), or a few words back when an
/// auxiliary marks it ("was praised later in the meeting by", "were attacked on Sunday by").
/// The auxiliary may have an adverb after it; a comma between participle and "by" ends the
/// phrase.
fn ends_in_passive(text: &str, tokens: &[Token]) -> bool {
    const REACH: usize = 6;
    match tokens {
        [.., last] if is_participle(text, *last) => return true,
        [.., participle, adverb]
            if is_adverb(adverb.text(text)) && is_participle(text, *participle) =>
        {
            return true
        }
        _ => {}
    }
    let from = tokens.len().saturating_sub(REACH);
    for j in (from..tokens.len()).rev() {
        let t = tokens[j];
        if t.text(text) == "," || t.kind() == TokenKind::Quote {
            return false;
        }
        if !is_participle(text, t) || j == 0 {
            continue;
        }
        let before = tokens[j - 1].text(text);
        if is_any(before, PASSIVE_AUXILIARIES)
            || (is_adverb(before)
                && j >= 2
                && is_any(tokens[j - 2].text(text), PASSIVE_AUXILIARIES))
        {
            return true;
        }
    }
    false
}

/// How many of `refs` (the actors after a passive's "by" or "from") are its agents: the
/// first must follow within four words and no comma ("by former Senator X", not "rattled by
/// panic attacks, she told X"), and each next one must be joined to the one before: by
/// [`COORDINATORS`] alone, or within four words of which one is a coordinator ("by Labour MPs
/// and some campaign groups").
fn agent_count(text: &str, marker: Span, refs: &[Ref]) -> usize {
    let near = |from: usize, to: usize, joined: bool| {
        let gap = &text[from..to];
        let words = gap.split_whitespace().count();
        if joined {
            // A conjunction may join a further agent across a few words ("and later by X"); a
            // comma alone may not: in "X, supported by Turkey, repelled Haftar" Haftar is the
            // object of X's verb.
            only_coordinators(gap)
                || (words <= 4 && gap.split_whitespace().any(|w| is_any(w, CONJUNCTIONS)))
        } else {
            words <= 4 && !gap.contains([',', ';', ':'])
        }
    };
    let mut count = 0;
    let mut from = marker.end;
    for r in refs {
        if r.span.start < from || !near(from, r.span.start, count > 0) {
            break;
        }
        count += 1;
        from = r.span.end;
    }
    count
}

/// The words that belong to `refs[i]` within `outer`: from the end of the mention before its
/// coordinated group to the mention after it, or to the first "and", "or" or "but" before that
/// mention, since a verb belongs to the object after it: in "thanked Qatar
/// and accused the UAE", Qatar gets "thanked Qatar" and the UAE "and accused the UAE". The last
/// actor keeps the rest of `outer`; a lone actor gets all of it. Other mentions of the same
/// actor ("Haftar ... his forces") do not cut its phrase.
fn local_scope(text: &str, refs: &[Ref], i: usize, outer: Span) -> Span {
    let actor = refs[i].actor;
    let mut first = i;
    while let Some(prev) = first.checked_sub(1) {
        if refs[prev].actor == actor || coordinated(text, refs[prev].span, refs[first].span) {
            first = prev;
        } else {
            break;
        }
    }
    let mut last = i;
    while last + 1 < refs.len()
        && (refs[last + 1].actor == actor
            || coordinated(text, refs[last].span, refs[last + 1].span))
    {
        last += 1;
    }
    let start = if first > 0 {
        refs[first - 1].span.end.max(outer.start)
    } else {
        outer.start
    };
    let end = match refs.get(last + 1) {
        Some(next) => {
            let from = refs[last].span.end;
            let to = next.span.start.min(outer.end).max(from);
            from + phrase_end(&text[from..to])
        }
        None => outer.end,
    };
    if start >= end {
        outer
    } else {
        Span::new(start, end)
    }
}

/// Whether the mention is followed by a hyphenated participle of support ("Egypt-backed").
fn is_backing_modifier(text: &str, mention: Span) -> bool {
    let after = &text.as_bytes()[mention.end..];
    BACKING_SUFFIXES.iter().any(|suffix| {
        after
            .get(..suffix.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(suffix.as_bytes()))
            && after
                .get(suffix.len())
                .is_none_or(|&c| !c.is_ascii_alphanumeric())
    })
}

/// Where the speech verb ends when the actor at `mention` is reported speaking: "X said",
/// "X has told reporters", "X on Sunday said" (up to three words between).
fn reported_speech_of(text: &str, tokens: &[Token], mention: Span) -> Option<usize> {
    let next = tokens.partition_point(|t| t.span().start < mention.end);
    tokens[next..]
        .iter()
        .take(4)
        .take_while(|t| t.kind() == TokenKind::Word)
        .find(|t| is_speech_verb(t.text(text)) && !t.is(text, "according"))
        .map(|t| t.span().end)
}

/// Where the phrase at the start of `gap` ends: before its first "and", "or" or "but", or at
/// its end. (Cutting at commas too lost words on DSE train: "Trump, calling Putin ...".)
fn phrase_end(gap: &str) -> usize {
    let mut at = 0;
    for word in gap.split_inclusive(char::is_whitespace) {
        let bare = word.trim_end_matches(|c: char| c.is_whitespace() || c == ',' || c == ';');
        if is_any(bare, &["and", "or", "but"]) {
            return at;
        }
        at += word.len();
    }
    gap.len()
}

fn gap_words(text: &str, a: Span, b: Span) -> usize {
    text[a.end..b.start].split_whitespace().count()
}

/// The (source, target, rule) triples already given in the current sentence.
type Seen = rustc_hash::FxHashSet<(Source, ActorId, Rule)>;

/// The refs (sorted by position) that lie inside `span`, by binary search.
fn refs_within(refs: &[Ref], span: Span) -> &[Ref] {
    let from = refs.partition_point(|r| r.span.start < span.start);
    let to = from + refs[from..].partition_point(|r| r.span.end <= span.end);
    &refs[from..to]
}

/// Adds an attribution unless it is reflexive, within one group, or already in this sentence.
fn push_unique(actors: &ActorSet, out: &mut Vec<Attribution>, seen: &mut Seen, a: Attribution) {
    if let Source::Actor(s) = a.source {
        if s == a.target || actors.belongs_to(s, a.target) || actors.belongs_to(a.target, s) {
            return;
        }
    }
    if seen.insert((a.source, a.target, a.rule)) {
        out.push(a);
    }
}

/// Nouns of an act or attitude toward someone that name their agent with "by" or "from", as a
/// passive does: "came under attack by X", "criticism from X", "won the backing of ... from X".
const STANCE_NOUNS: &[&str] = &[
    "attack",
    "attacks",
    "assault",
    "criticism",
    "condemnation",
    "denunciation",
    "rebuke",
    "praise",
    "support",
    "backing",
    "endorsement",
    "endorsements",
    "threat",
    "threats",
    "pressure",
    "accusation",
    "accusations",
    "sanctions",
    "invasion",
    "offensive",
    "opposition",
    "fire",
];

/// Possessive determiners: the owner of "his support" is its agent.
const POSSESSIVES: &[&str] = &["his", "her", "its", "their", "our", "my", "your"];

/// How many tokens next to a quote are searched for its attribution ("…,” the minister said").
const ATTRIBUTION_WINDOW: usize = 8;
/// How far (in bytes, about two sentences) before a sentence-opening "Its" the organisation
/// or country it stands for may have been named.
const ITS_REACH: usize = 300;
/// How many mentions back "he said" looks for a person when no quote had a speaker yet.
const PERSON_LOOKBACK: usize = 64;

/// The words that named quote speakers: they stand for the speaker and are no actor of the
/// narrative rules.
struct SpeakerWords<'s> {
    /// Named mentions (indices), in text order.
    mentions: &'s mut Vec<usize>,
    /// "he"/"she" tokens (start offsets), in text order.
    pronouns: &'s mut Vec<usize>,
}

/// The word that names a quote's speaker.
#[derive(Debug, Clone, Copy)]
enum SpeakerWord {
    /// A named mention (its index).
    Named(usize),
    /// "he" or "she", at this offset.
    Pronoun(usize),
}

/// Finds each quote's speaker and records the words that named speakers.
fn find_speakers(view: &DocView<'_>, quotes: &mut [Quote], words: &mut SpeakerWords<'_>) {
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

/// How many words after its last comma a sentence may have to end in an attribution
/// ("…, said Reed Hastings, the company's chief executive.").
const REPORTED_TAIL_WORDS: usize = 12;

/// Reported speech without quote marks: a sentence that ends in ", X said", ", said X" or
/// ", according to X" (and has no quote marks) is X's account up to that comma, as if quoted.
fn add_reported_speech(view: &DocView<'_>, quotes: &mut Vec<Quote>) {
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
        let mut words_after = 0;
        let mut found = None;
        for (k, t) in tokens.iter().enumerate().rev() {
            if t.kind() == TokenKind::Word {
                words_after += 1;
                if words_after > REPORTED_TAIL_WORDS {
                    break;
                }
            } else if k > 0 && t.text(text) == "," {
                let tail = &tokens[k + 1..];
                let opens_with_verb = tail
                    .iter()
                    .filter(|t| t.kind() == TokenKind::Word)
                    .take(4)
                    .any(|t| is_speech_verb(t.text(text)));
                // "…, said on Monday that Turkey …" reports what follows, not what came before.
                let reports_onward = tail.iter().any(|t| t.is(text, "that"));
                if opens_with_verb && !reports_onward && found.is_none() {
                    found = Some(k);
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

/// Speech verbs whose object is the one spoken to; they are never inverted ("..., told X").
const ADDRESSEE_VERBS: &[&str] = &["told", "tells", "telling"];

/// A speaker named among `window` tokens that contain a speech verb: the first named mention
/// there, or "he"/"she", which means the last speaker (or the last person named before),
/// whichever comes first: in "…,” he added, thanking Turkey", Turkey is not the speaker.
fn speaker_near(
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
        if !addressed(m) {
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

/// Capitalised words that name no place or body.
const CALENDAR_NAMES: &[&str] = &[
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
fn resolve_refs(
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

#[cfg(test)]
mod tests {
    #[test]
    fn seeking_from_a_previous_answer_finds_the_partition_point_either_way() {
        let items: Vec<usize> = (0..50).collect();
        let mut at = 0;
        for cut in [3, 3, 10, 49, 50, 7, 0, 20, 50, 0] {
            assert_eq!(super::seek(&items, &mut at, |&x| x < cut), cut);
        }
        // From any previous answer, even one past the end, to any cut.
        for from in 0..=60 {
            for cut in 0..=50 {
                let mut at = from;
                let found = super::seek(&items, &mut at, |&x| x < cut);
                assert_eq!((found, at), (cut, cut), "from {from} to {cut}");
            }
        }
    }

    #[test]
    fn galloping_finds_the_partition_point_of_any_sorted_prefix() {
        for len in 0..70 {
            let items: Vec<usize> = (0..len).collect();
            for cut in 0..=len {
                assert_eq!(
                    super::gallop(&items, |&x| x < cut),
                    cut,
                    "len {len} cut {cut}"
                );
                assert_eq!(
                    super::gallop_back(&items, |&x| x < cut),
                    cut,
                    "back: len {len} cut {cut}"
                );
            }
        }
    }
}
