//! Who holds a stance toward whom: from sentences, tokens and mentions to attributions.
//!
//! Attribution is a pipeline. First, stages that read the whole document:
//!
//! - [`quotes`]: quote marks paired into quotations;
//! - `reported_speech.rs`: ", X said" at a sentence's end makes the words before it a quotation;
//! - `speakers.rs`: who speaks each quotation;
//! - `reference.rs`: named mentions and the pronouns that stand for actors;
//! - `dateline.rs`: the places of a wire story's dateline ("LONDON (Reuters) -") are no actors.
//!
//! Then, per sentence, the rules, each in its own file under `rules/` and named by
//! [`Rule::as_str`] in every output (evidence, `explain`), in the order they claim text
//! (README "How attribution works" has examples):
//!
//! 1. **quote** (`rules/quote.rs`): a quotation goes to its speaker; actors named inside are its
//!    targets. Inside it, the clause rules below apply with the speaker as narrator.
//! 2. **passive** (`rules/passive.rs`): "Y is backed by X, Z and W": each actor after `by`
//!    holds a stance toward each actor before it. So does the nominal form: "Y came under
//!    attack by X", "criticism from X", and a modifier: "Egypt-backed Haftar".
//! 3. **subject** (`rules/subject.rs`): otherwise, the first actor of a clause (with any actors
//!    coordinated with it by "and" or commas) holds a stance toward the other actors of the
//!    clause. An introductory phrase ("In an interview with …,") is not the subject.
//! 4. **author** (`rules/author.rs`): the text's own voice (`@author`) toward each actor named
//!    outside quotes, scored on that actor's clause, up to the speech verb when the actor is
//!    reported speaking ("X said").
//!
//! The clause rules read clauses (`clauses.rs`) whose actors `narrative.rs` gathers, each target
//! with its own words (`scope.rs`). An actor never holds a stance toward itself or toward a group
//! it belongs to (and vice versa): `emit.rs` drops those.

mod clauses;
mod dateline;
mod emit;
mod narrative;
pub mod quotes;
mod reference;
mod relation;
mod reported_speech;
mod rules;
mod scope;
mod search;
mod speakers;
pub(crate) mod structure;
mod words;

pub use rules::Rule;

use crate::actors::{ActorId, ActorSet, Mention};
use crate::syntax::select::DocParses;
use crate::syntax::Syntax;
use crate::text::{Span, Token};
use narrative::{clause_rules, ClauseBuffers, SentenceContext};
use quotes::{find_quotes, Quote};
use reference::{resolve_refs, Ref};
use reported_speech::add_reported_speech;
use search::{advance_to, gallop};
use speakers::{find_speakers, SpeakerWords};

/// The id written for [`Source::Author`] in every output, and read back from partials.
pub const AUTHOR_ID: &str = "@author";

/// Who holds a stance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Source {
    /// The text's own voice, written `@author`.
    Author,
    /// An actor.
    Actor(ActorId),
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

/// Reusable buffers for [`attribute`].
#[derive(Debug, Default)]
pub struct AttributionScratch {
    quotes: Vec<Quote>,
    refs: Vec<Ref>,
    consumed: Vec<usize>,
    speaker_pronouns: Vec<usize>,
    clauses: Vec<std::ops::Range<usize>>,
    buffers: ClauseBuffers,
    tree: structure::Tree,
    path: Vec<usize>,
    /// Clauses whose actor-to-actor dyads were not formed because they name too many actors.
    pub capped: u64,
    /// Actor -> actor attributions of the clause rules dropped because the sentence's tree
    /// links no mention of the source to one of the target.
    pub unlinked: u64,
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
    /// The trees of the sentences that needed one, when the engine parses: the clause rules'
    /// actor -> actor attributions are then kept only where the tree links the two.
    pub syntax: Option<(&'a Syntax, &'a DocParses)>,
    /// When set, a clause rule's actor -> actor attribution needs a relation between source
    /// and target (a cue of this lexicon, a speech verb or a relation word: `relation.rs`);
    /// without one, the pair is co-occurrence and only `@author` speaks of each.
    pub relation_cues: Option<&'a crate::scorers::cues::CueLexicon>,
}

/// A clause naming more actors than this is a list, not a statement of who stands where: only
/// its `@author` attributions are kept (counted in the run statistics). This also bounds the
/// pairs a pathological sentence can produce.
pub const MAX_CLAUSE_ACTORS: usize = 64;

/// Computes the attributions of one document, appended to `out` in sentence order.
pub fn attribute(view: &DocView<'_>, scratch: &mut AttributionScratch, out: &mut Vec<Attribution>) {
    if view.mentions.is_empty() {
        return;
    }
    // Document stages: quotations, their speakers, and what each pronoun stands for.
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
    // The dateline's words belong to no clause, and the places it names are no actors.
    let dateline = dateline::dateline_end(view.text);
    if dateline > 0 {
        scratch.refs.retain(|r| r.span.start >= dateline);
    }

    // Sentence rules.
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
        let sentence_from = out.len();

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
            rules::quote::attribute(&cx, speaker, part, &mut scratch.buffers, out);
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

        // 2-4. Narrative clauses: the sentence outside attributed quotes and the dateline.
        let mut in_quote_at = 0;
        let outside_narration = |span: Span| {
            if span.end <= dateline {
                return true;
            }
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
            outside_narration,
            Narrator::Author,
            &mut scratch.clauses,
            &mut scratch.buffers,
            out,
        );

        // 5. Structure: where the sentence was parsed, a clause rule's actor -> actor dyad
        // stands only if the tree links the two (co-occurrence is no stance).
        if let Some((syntax, parses)) = view.syntax {
            if scratch.tree.load(syntax, parses, view.text, s_index) {
                scratch.unlinked += structure::keep_linked(
                    &scratch.tree,
                    refs,
                    out,
                    sentence_from,
                    &mut scratch.path,
                );
            }
        }
    }
    scratch.capped += std::mem::take(&mut scratch.buffers.capped);
}
