//! The engine: lexicons compiled once, shared by every worker, and the per-document analysis.

use std::ops::AddAssign;
use std::sync::Arc;
use std::time::Instant;

use crate::actors::{ActorSet, MatchScratch, Mention};
use crate::attribution::{attribute, Attribution, AttributionScratch, DocView};
use crate::corpus::Document;
use crate::dictionary::scoring::DictionaryScratch;
use crate::scorers::{Reading, ScorerSet, Scores};
use crate::syntax::select::{parse_needed, DocParses};
use crate::syntax::Syntax;
use crate::text::{split_sentences, tokenize, Span, Token, MAX_DOCUMENT_BYTES};
use crate::time::Date;
use crate::vader::VaderScratch;

/// An immutable, cheaply cloned engine (`Arc` inside), `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    actors: ActorSet,
    scorers: Arc<ScorerSet>,
    /// Parse the sentences that need it (see [`crate::syntax::select`]).
    syntax: Option<&'static Syntax>,
    /// Whether a clause rule's actor -> actor dyad needs a relation between the two (see
    /// [`Engine::with_relations_required`]).
    relations_required: bool,
}

/// Per-worker buffers, reused from one document to the next.
#[derive(Debug, Default)]
pub struct Scratch {
    sentences: Vec<Span>,
    tokens: Vec<Token>,
    mentions: Vec<Mention>,
    matching: MatchScratch,
    attribution: AttributionScratch,
    attributions: Vec<Attribution>,
    vader: VaderScratch,
    /// Buffers of the dictionary scorers, and their values for the last scope read.
    dictionary: DictionaryScratch,
    dictionary_values: Vec<Option<f64>>,
    /// The trees of the last document's sentences that needed one (with syntax on).
    pub parses: DocParses,
    /// Time spent per stage, when asked for (`stance bench`).
    pub timing: Option<StageTimes>,
}

/// Nanoseconds spent in each stage of [`Engine::analyze`]. Adding is exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct StageTimes {
    /// Finding actor mentions.
    pub matching: u64,
    /// Splitting sentences.
    pub splitting: u64,
    /// Tokenizing and attributing.
    pub attribution: u64,
    /// Scoring scopes.
    pub scoring: u64,
}

impl AddAssign<&StageTimes> for StageTimes {
    fn add_assign(&mut self, o: &StageTimes) {
        self.matching += o.matching;
        self.splitting += o.splitting;
        self.attribution += o.attribution;
        self.scoring += o.scoring;
    }
}

impl Scratch {
    /// Buffers that also record the time spent per stage.
    pub fn timed() -> Scratch {
        Scratch {
            timing: Some(StageTimes::default()),
            ..Scratch::default()
        }
    }
}

/// A stopwatch that costs nothing when timing is off.
struct Lap(Option<Instant>);

impl Lap {
    fn start(on: bool) -> Lap {
        Lap(on.then(Instant::now))
    }

    /// Adds the time since the last lap to `slot`.
    fn lap(&mut self, slot: Option<&mut u64>) {
        if let (Some(t), Some(slot)) = (self.0.as_mut(), slot) {
            let now = Instant::now();
            *slot += (now - *t).as_nanos() as u64;
            *t = now;
        }
    }
}

/// An attribution with its scores.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    /// Who, toward whom, by which rule, over which words.
    pub attribution: Attribution,
    /// The sentence it came from.
    pub sentence_span: Span,
    /// One score per scorer.
    pub scores: Scores,
    /// The CAMEO code of the verb pattern that weighed most in its scope (with `--verbs`).
    pub cameo: Option<crate::scorers::verbs::Cameo>,
}

/// Counts of a run or of one document. Adding is exact and order-independent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stats {
    /// Documents read (scored + skipped).
    pub documents_read: u64,
    /// Documents analysed.
    pub documents_scored: u64,
    /// Records that could not be analysed.
    pub documents_skipped: u64,
    /// Files that could not be read, or not to the end.
    pub file_problems: u64,
    /// Sentences.
    pub sentences: u64,
    /// Actor mentions.
    pub mentions: u64,
    /// Attributions.
    pub attributions: u64,
    /// Clauses naming more than `MAX_CLAUSE_ACTORS` actors, kept for `@author` only.
    pub clauses_capped: u64,
    /// Scored documents without a usable date, when slicing by time.
    pub documents_undated: u64,
    /// Input bytes of the analysed documents.
    pub bytes: u64,
}

impl AddAssign<&Stats> for Stats {
    fn add_assign(&mut self, o: &Stats) {
        self.documents_read += o.documents_read;
        self.documents_scored += o.documents_scored;
        self.documents_skipped += o.documents_skipped;
        self.file_problems += o.file_problems;
        self.sentences += o.sentences;
        self.mentions += o.mentions;
        self.attributions += o.attributions;
        self.clauses_capped += o.clauses_capped;
        self.documents_undated += o.documents_undated;
        self.bytes += o.bytes;
    }
}

/// The analysis of one document: its sentences and mentions as the engine found them, and the
/// scored attributions, so that views of a document (`explain`, gold checks, reports) read the
/// engine's own split instead of splitting again and hoping to agree.
#[derive(Debug, Clone, Default)]
pub struct DocResult {
    /// The sentences, in text order; [`Attribution::sentence`] indexes them.
    pub sentences: Vec<Span>,
    /// The actor mentions, sorted by position, not overlapping.
    pub mentions: Vec<Mention>,
    /// Scored attributions, in text order.
    pub scored: Vec<Scored>,
    /// Its counts.
    pub stats: Stats,
}

impl DocResult {
    /// The result for a document that could not be analysed.
    fn skipped() -> DocResult {
        DocResult {
            sentences: Vec::new(),
            mentions: Vec::new(),
            scored: Vec::new(),
            stats: Stats {
                documents_read: 1,
                documents_skipped: 1,
                ..Stats::default()
            },
        }
    }
}

impl Engine {
    /// An engine over these actors, with the bundled scorer lexicons.
    pub fn new(actors: ActorSet) -> Engine {
        Engine::with_scorers(actors, ScorerSet::bundled())
    }

    /// An engine over these actors with these scorers.
    pub fn with_scorers(actors: ActorSet, scorers: ScorerSet) -> Engine {
        Engine {
            inner: Arc::new(Inner {
                actors,
                scorers: Arc::new(scorers),
                syntax: None,
                relations_required: true,
            }),
        }
    }

    /// An engine over other actors that shares this one's scorers (their lexicons are built
    /// once: labelled data sets need a small actor set per item).
    pub fn with_actors(&self, actors: ActorSet) -> Engine {
        self.changed(actors, |_| {})
    }

    /// This engine, also tagging and parsing every sentence that names two or more actors, or
    /// an actor and a speech verb, with the bundled syntax model; the trees are left in
    /// [`Scratch::parses`] for the attribution rules. Results are otherwise unchanged.
    pub fn with_syntax(&self, on: bool) -> Engine {
        self.changed(self.inner.actors.clone(), |inner| {
            inner.syntax = on.then(Syntax::bundled)
        })
    }

    /// This engine with (`true`, the default) or without the relation requirement: with it, a
    /// clause rule's actor -> actor attribution stands only where the words between source and
    /// target hold a relation (a cue, a speech verb or a relation word) and neither is a place
    /// ("killed in Syria"); a quote's speaker is not the outlet of a byline ("says the BBC's
    /// correspondent"). Without it, every actor of a clause after its subject is a target, as
    /// before (README "How attribution works").
    pub fn with_relations_required(&self, on: bool) -> Engine {
        self.changed(self.inner.actors.clone(), |inner| {
            inner.relations_required = on
        })
    }

    /// This engine's settings over `actors` (its scorers shared, not rebuilt), with `change`
    /// made: the one place that lists every setting, so a new one is carried by every `with_`.
    fn changed(&self, actors: ActorSet, change: impl FnOnce(&mut Inner)) -> Engine {
        let mut inner = Inner {
            actors,
            scorers: Arc::clone(&self.inner.scorers),
            syntax: self.inner.syntax,
            relations_required: self.inner.relations_required,
        };
        change(&mut inner);
        Engine {
            inner: Arc::new(inner),
        }
    }

    /// The bundled Libya actors and lexicons.
    pub fn bundled() -> Engine {
        Engine::new(ActorSet::bundled())
    }

    /// The actors.
    pub fn actors(&self) -> &ActorSet {
        &self.inner.actors
    }

    /// The syntax model, when this engine parses (see [`Engine::with_syntax`]).
    pub fn syntax(&self) -> Option<&'static Syntax> {
        self.inner.syntax
    }

    /// The scorers.
    pub fn scorers(&self) -> &ScorerSet {
        &self.inner.scorers
    }

    /// The names of the scorers it runs, in the order of [`Scored::scores`].
    pub fn scorer_names(&self) -> &Arc<[String]> {
        self.inner.scorers.names()
    }

    /// Analyses one document: a pure function of the document and the engine.
    ///
    /// A text longer than [`MAX_DOCUMENT_BYTES`] (which corpus readers already report as
    /// skipped) is counted as skipped, with no attributions.
    pub fn analyze(&self, doc: &Document, scratch: &mut Scratch) -> DocResult {
        let text = doc.text.as_str();
        if text.len() > MAX_DOCUMENT_BYTES {
            return DocResult::skipped();
        }
        let mut lap = Lap::start(scratch.timing.is_some());
        scratch.mentions.clear();
        // Dictionaries with dated roles resolve each mention by the document's date.
        let date = doc.date.as_deref().and_then(Date::parse);
        self.inner
            .actors
            .find_mentions(text, date, &mut scratch.matching, &mut scratch.mentions);
        lap.lap(scratch.timing.as_mut().map(|t| &mut t.matching));
        self.analyze_found(text, &mut lap, scratch)
    }

    /// Analyses `text` with mentions found elsewhere (labelled data marks its entities by
    /// offset), sorted by position and not overlapping, instead of the actor matcher's.
    pub fn analyze_with_mentions(
        &self,
        text: &str,
        mentions: &[Mention],
        scratch: &mut Scratch,
    ) -> DocResult {
        if text.len() > MAX_DOCUMENT_BYTES {
            return DocResult::skipped();
        }
        let mut lap = Lap::start(scratch.timing.is_some());
        scratch.mentions.clear();
        scratch.mentions.extend_from_slice(mentions);
        self.analyze_found(text, &mut lap, scratch)
    }

    /// The stages after matching, on the mentions in `scratch`.
    fn analyze_found(&self, text: &str, lap: &mut Lap, scratch: &mut Scratch) -> DocResult {
        scratch.sentences.clear();
        split_sentences(text, &mut scratch.sentences);
        lap.lap(scratch.timing.as_mut().map(|t| &mut t.splitting));
        let mut stats = Stats {
            documents_read: 1,
            documents_scored: 1,
            sentences: scratch.sentences.len() as u64,
            mentions: scratch.mentions.len() as u64,
            ..Stats::default()
        };
        // One copy per document (not per token) of what the engine found, for the views.
        let mut result = DocResult {
            sentences: scratch.sentences.clone(),
            mentions: scratch.mentions.clone(),
            ..DocResult::default()
        };
        if scratch.mentions.is_empty() {
            result.stats = stats;
            return result; // no actor: nothing to attribute, and no need to tokenize
        }
        scratch.tokens.clear();
        tokenize(text, Span::new(0, text.len()), &mut scratch.tokens);
        scratch.parses.clear();
        if let Some(syntax) = self.inner.syntax {
            parse_needed(
                syntax,
                text,
                &scratch.sentences,
                &scratch.tokens,
                &scratch.mentions,
                &mut scratch.parses,
            );
        }
        scratch.attributions.clear();
        let view = DocView {
            text,
            sentences: &scratch.sentences,
            tokens: &scratch.tokens,
            mentions: &scratch.mentions,
            actors: &self.inner.actors,
            syntax: self.inner.syntax.map(|syntax| (syntax, &scratch.parses)),
            relation_cues: self
                .inner
                .relations_required
                .then(|| self.inner.scorers.cues()),
        };
        scratch.attribution.capped = 0;
        attribute(&view, &mut scratch.attribution, &mut scratch.attributions);
        stats.clauses_capped = scratch.attribution.capped;
        lap.lap(scratch.timing.as_mut().map(|t| &mut t.attribution));
        result.scored.reserve(scratch.attributions.len());
        // Attributions of one clause share its scope and come together: read each scope once,
        // so a clause naming many actors costs one pass over its words, not one per actor.
        // The dictionaries' values of the last scope stay in `scratch.dictionary_values`.
        let scorers = &self.inner.scorers;
        let mut last: Option<(Span, Reading)> = None;
        for a in &scratch.attributions {
            let reading = match last {
                Some((scope, reading)) if scope == a.scope => reading,
                _ => {
                    let scope = a.scope.slice(text);
                    scorers.read_dictionaries_in(
                        text,
                        a.scope,
                        &scratch.tokens,
                        &mut scratch.dictionary,
                        &mut scratch.dictionary_values,
                    );
                    if scorers.builtins_used() {
                        scorers.read(scope, &mut scratch.vader)
                    } else {
                        Reading::default()
                    }
                }
            };
            last = Some((a.scope, reading));
            let scores = scorers.scores(&reading, &scratch.dictionary_values, a);
            result.scored.push(Scored {
                attribution: *a,
                sentence_span: scratch.sentences[a.sentence],
                scores,
                cameo: reading.cameo(),
            });
        }
        lap.lap(scratch.timing.as_mut().map(|t| &mut t.scoring));
        stats.attributions = result.scored.len() as u64;
        result.stats = stats;
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The result carries the sentences and mentions the engine worked on: the attributions
    /// index those sentences, and they are what splitting and matching find.
    #[test]
    fn the_result_shows_the_sentences_and_mentions_it_scored() {
        let engine = Engine::new(ActorSet::bundled());
        let doc = Document {
            text: "Serraj accused Haftar of betrayal. Rain fell. Haftar said Serraj lied.".into(),
            ..Document::default()
        };
        let result = engine.analyze(&doc, &mut Scratch::default());
        let mut sentences = Vec::new();
        split_sentences(&doc.text, &mut sentences);
        assert_eq!(result.sentences, sentences);
        assert_eq!(result.sentences.len(), 3);
        let mut mentions = Vec::new();
        engine
            .actors()
            .find_mentions(&doc.text, None, &mut MatchScratch::default(), &mut mentions);
        assert_eq!(result.mentions, mentions);
        assert_eq!(result.mentions.len(), 4);
        assert!(!result.scored.is_empty());
        for s in &result.scored {
            assert_eq!(result.sentences[s.attribution.sentence], s.sentence_span);
        }
    }
}
