//! Scoring a corpus: what `stance score`, `compare` and `bench` run, and what the Python package
//! and a Spark executor call.
//!
//! A [`Run`] reads documents on a thread of its own, a bounded number of batches ahead, analyses
//! each batch in parallel ([`Engine::analyze`]), and folds the results in input order into the
//! exact accumulator: each attribution goes to its period (`by`), at the actor level asked for
//! (`level`), with the counts of the run. Folding in input order keeps the evidence stream in
//! document order; the matrix itself would be identical in any order.
//!
//! Nothing here prints: skipped records, file problems, progress and per-attribution evidence go
//! to an [`Observer`], which the command line turns into messages, a progress bar and a file.
//!
//! See [`Run`] for an example.

mod evidence;

use std::io;
use std::num::NonZeroUsize;
use std::sync::mpsc::sync_channel;
use std::sync::Arc;
use std::time::Instant;

use rayon::prelude::*;

pub use evidence::{EvidenceLine, EvidenceWriter};

use crate::actors::ActorSet;
use crate::attribution::Source;
use crate::corpus::{CorpusReader, Document, Event, Location};
use crate::matrix::digest::{InputDigest, InputDigester};
use crate::matrix::period::{self, Granularity, Period};
use crate::matrix::Accumulator;
use crate::time::Date;
use crate::{DocResult, Engine, Scored, Scratch, StageTimes, Stats};

/// Documents per batch handed to the workers; bounds memory while keeping every core busy.
const BATCH_DOCS: usize = 256;
/// Bytes per batch, for corpora of long documents.
const BATCH_BYTES: u64 = 8 << 20;
/// Batches read ahead of the workers.
const BATCHES_AHEAD: usize = 2;

/// The actor level of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Level {
    /// Every actor as itself.
    #[default]
    Actor,
    /// Persons rolled up into their first group.
    Group,
    /// Every actor rolled up into its country (LBYGOV into LBY).
    Country,
}

impl Level {
    /// The name of the level, as `--level` takes it and a partial records it.
    pub fn name(self) -> &'static str {
        match self {
            Level::Actor => "actor",
            Level::Group => "group",
            Level::Country => "country",
        }
    }
}

/// How a [`Run`] scores.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Worker threads; `None` for one per core.
    pub threads: Option<NonZeroUsize>,
    /// One matrix per period of the document dates; `None` for one over all documents.
    pub by: Option<Granularity>,
    /// Actors as themselves, or persons rolled up into their first group.
    pub level: Level,
    /// Stop at the first skipped record or file problem ([`RunOutput::stopped`]).
    pub strict: bool,
    /// Digest the records of each input ([`RunOutput::inputs`]), for a partial.
    pub digest_inputs: bool,
    /// Keep the strongest evidence sentences of each cell (the top [`TOP_K`]) in the
    /// accumulator, as `stance score` does.
    ///
    /// [`TOP_K`]: crate::matrix::evidence::TOP_K
    pub cell_evidence: bool,
    /// Time the stages of the analysis ([`RunOutput::timing`]), as `stance bench` does once.
    pub timed: bool,
}

impl Default for RunOptions {
    /// What `stance score` does without flags: all cores, no time slices, actor level, keep
    /// going past skipped records, cell evidence kept.
    fn default() -> RunOptions {
        RunOptions {
            threads: None,
            by: None,
            level: Level::Actor,
            strict: false,
            digest_inputs: false,
            cell_evidence: true,
            timed: false,
        }
    }
}

/// Why a run failed. Skipped records and file problems are not failures: they go to the
/// [`Observer`] and are counted in [`Stats`].
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RunError {
    /// The worker thread pool could not be started.
    #[error("cannot start worker threads")]
    Threads(#[source] rayon::ThreadPoolBuildError),
    /// The observer could not take an attribution (the evidence file could not be written).
    #[error("cannot write the evidence file")]
    Evidence(#[source] io::Error),
}

/// What a run produced.
#[derive(Debug, Clone, Default)]
pub struct RunOutput {
    /// The exact accumulator: every cell of every scorer and period.
    pub acc: Accumulator,
    /// The counts: documents read = scored + skipped, file problems, sentences, mentions...
    pub stats: Stats,
    /// `strict` stopped the run at the first problem: the accumulator holds only part of the
    /// input and should not be written.
    pub stopped: bool,
    /// The digests of the records of each input, when [`RunOptions::digest_inputs`].
    pub inputs: Vec<InputDigest>,
    /// Time per stage, when [`RunOptions::timed`].
    pub timing: Option<RunTiming>,
}

/// Where the time of a timed run went, in nanoseconds summed over the worker threads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunTiming {
    /// The stages of [`Engine::analyze`].
    pub stages: StageTimes,
    /// Folding results into the accumulator (and the observer).
    pub merge: u64,
}

/// What a run tells as it goes, in input order. Every method has a default that ignores it;
/// `()` ignores everything. It is `Send`: the run folds results on a worker thread.
pub trait Observer: Send {
    /// A document was read and analysed; `bytes` is its size in the input. Called before its
    /// attributions.
    fn document(&mut self, at: &Location, doc: &Document, bytes: u64) {
        let _ = (at, doc, bytes);
    }

    /// A record was skipped, or a file could not be read (to the end): `reason` says why and
    /// what was expected.
    fn problem(&mut self, at: &Location, reason: &str) {
        let _ = (at, reason);
    }

    /// An attribution of `doc`, before any roll-up to groups: its actors are `engine`'s. An
    /// error stops the run with [`RunError::Evidence`].
    fn attribution(&mut self, engine: &Engine, doc: &Document, scored: &Scored) -> io::Result<()> {
        let _ = (engine, doc, scored);
        Ok(())
    }
}

impl Observer for () {}

/// A corpus scoring run: an engine and how to run it. Cheap to clone (the engine is shared).
///
/// Score the bundled sample as `stance score` does with no input, and write its long CSV:
///
/// ```
/// use stance::corpus::sample_documents;
/// use stance::matrix::{write_long_csv, OutputOptions};
/// use stance::{Engine, Run, RunOptions};
///
/// let run = Run::new(Engine::bundled(), RunOptions::default());
/// let output = run.score_documents(sample_documents(), &mut ())?;
/// assert_eq!(output.stats.documents_skipped, 0);
/// assert!(output.stats.documents_scored > 0);
///
/// // The long CSV, byte for byte as `stance score` prints it for the bundled sample.
/// let mut csv = Vec::new();
/// write_long_csv(&mut csv, &output.acc, run.engine().actors(), &OutputOptions::default())?;
/// assert!(csv.starts_with(b"scorer,source,target,n,mean,sd,ci_low,ci_high\n"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Run {
    engine: Engine,
    options: RunOptions,
}

impl Run {
    /// A run of `engine` with `options`.
    pub fn new(engine: Engine, options: RunOptions) -> Run {
        Run { engine, options }
    }

    /// The engine (and through it, the actors the matrix names).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The options.
    pub fn options(&self) -> &RunOptions {
        &self.options
    }

    /// Scores what `reader` reads (see [`CorpusReader::inputs_or_sample`]).
    pub fn score_reader(
        &self,
        reader: CorpusReader,
        observer: &mut dyn Observer,
    ) -> Result<RunOutput, RunError> {
        self.score_events(reader, observer)
    }

    /// Scores in-memory documents, in order. Each is located as `documents:N` (1-based) in
    /// messages and digests, and counts its text's length as its input bytes.
    pub fn score_documents<I>(
        &self,
        documents: I,
        observer: &mut dyn Observer,
    ) -> Result<RunOutput, RunError>
    where
        I: IntoIterator<Item = Document>,
        I::IntoIter: Send + 'static,
    {
        let path: Arc<str> = "documents".into();
        let events = documents
            .into_iter()
            .zip(1..)
            .map(move |(doc, line)| Event::Document {
                bytes: doc.text.len() as u64,
                at: Location {
                    path: path.clone(),
                    line,
                },
                doc,
            });
        self.score_events(events, observer)
    }

    /// Scores texts, in order; the document ids are their positions, `1`, `2`, ..., and they
    /// have no date (so with `by`, every text goes to the `undated` period).
    pub fn score_texts<I>(&self, texts: I) -> Result<RunOutput, RunError>
    where
        I: IntoIterator,
        I::Item: Into<String>,
        I::IntoIter: Send + 'static,
    {
        let documents = texts.into_iter().zip(1u64..).map(|(text, n)| Document {
            id: n.to_string(),
            text: text.into(),
            ..Document::default()
        });
        self.score_documents(documents, &mut ())
    }

    /// Scores a stream of read events (documents, skipped records, file problems), in order.
    pub fn score_events<I>(
        &self,
        events: I,
        observer: &mut dyn Observer,
    ) -> Result<RunOutput, RunError>
    where
        I: IntoIterator<Item = Event>,
        I::IntoIter: Send + 'static,
    {
        let options = &self.options;
        let mut pool = rayon::ThreadPoolBuilder::new();
        if let Some(n) = options.threads {
            pool = pool.num_threads(n.get());
        }
        let pool = pool.build().map_err(RunError::Threads)?;
        let rx = read_ahead(events.into_iter());
        let mut output = RunOutput {
            acc: Accumulator::with_scorers(std::sync::Arc::clone(self.engine.scorer_names())),
            timing: options.timed.then(RunTiming::default),
            ..RunOutput::default()
        };
        let mut merger = Merger {
            engine: &self.engine,
            options,
            output: &mut output,
            observer,
            digests: options.digest_inputs.then(InputDigester::default),
        };

        // Each batch is merged while the workers analyse the next one: merging on its own, with
        // the workers waiting, left a core idle for a few percent of the run.
        let mut analysed: Option<Analysed> = None;
        let mut stopped = false;
        for batch in rx {
            let ((results, stages), merged) = pool.install(|| {
                rayon::join(
                    || analyse(&self.engine, &batch, options.timed),
                    || analysed.take().map_or(Ok(Flow::Go), |a| merger.merge(a)),
                )
            });
            if merged? == Flow::Stop {
                stopped = true;
                break;
            }
            if let (Some(t), Some(stages)) = (&mut merger.output.timing, stages) {
                t.stages += &stages;
            }
            analysed = Some(Analysed { batch, results });
        }
        // After a stop this is empty: the batch that stopped the run was taken to be merged.
        if let Some(last) = analysed {
            stopped = merger.merge(last)? == Flow::Stop;
        }
        let inputs = merger.digests.take().map(InputDigester::finish);
        output.stopped = stopped;
        output.inputs = inputs.unwrap_or_default();
        // After a stop the reader may still be blocked on a full channel: it is not waited for,
        // and ends when it next sends.
        Ok(output)
    }
}

/// Starts a thread that reads `events` into batches, a bounded number ahead of the consumer.
/// The thread ends at the end of the events, or at its next send once the receiver is dropped.
fn read_ahead<I>(events: I) -> std::sync::mpsc::Receiver<Vec<Event>>
where
    I: Iterator<Item = Event> + Send + 'static,
{
    let (tx, rx) = sync_channel::<Vec<Event>>(BATCHES_AHEAD);
    std::thread::spawn(move || {
        let mut batch = Vec::with_capacity(BATCH_DOCS);
        let mut bytes = 0;
        for event in events {
            if let Event::Document { bytes: b, .. } = &event {
                bytes += b;
            }
            batch.push(event);
            if batch.len() >= BATCH_DOCS || bytes >= BATCH_BYTES {
                if tx.send(std::mem::take(&mut batch)).is_err() {
                    return;
                }
                bytes = 0;
            }
        }
        let _ = tx.send(batch);
    });
    rx
}

/// A batch of read events and, for each document, its analysis.
struct Analysed {
    batch: Vec<Event>,
    results: Vec<Option<DocResult>>,
}

/// Analyses the documents of a batch in parallel, in input order; with `timed`, also the time
/// spent per stage.
fn analyse(
    engine: &Engine,
    batch: &[Event],
    timed: bool,
) -> (Vec<Option<DocResult>>, Option<StageTimes>) {
    if !timed {
        let results = batch
            .par_iter()
            .map_init(Scratch::default, |scratch, event| match event {
                Event::Document { doc, .. } => Some(engine.analyze(doc, scratch)),
                _ => None,
            })
            .collect();
        return (results, None);
    }
    let (results, times): (Vec<_>, Vec<_>) = batch
        .par_iter()
        .map_init(Scratch::timed, |scratch, event| match event {
            Event::Document { doc, .. } => {
                let result = engine.analyze(doc, scratch);
                let times = scratch.timing.replace(StageTimes::default());
                (Some(result), times.unwrap_or_default())
            }
            _ => (None, StageTimes::default()),
        })
        .unzip();
    let mut total = StageTimes::default();
    for t in &times {
        total += t;
    }
    (results, Some(total))
}

/// Whether the run goes on after a merge; `strict` stops it at the first problem.
#[derive(Debug, PartialEq, Eq)]
enum Flow {
    Go,
    Stop,
}

/// Folds analysed batches, in input order, into the accumulator and the counts, and tells the
/// observer.
struct Merger<'a> {
    engine: &'a Engine,
    options: &'a RunOptions,
    output: &'a mut RunOutput,
    observer: &'a mut dyn Observer,
    /// Digests of the records read, for a partial.
    digests: Option<InputDigester>,
}

impl Merger<'_> {
    /// Merges one batch.
    fn merge(&mut self, analysed: Analysed) -> Result<Flow, RunError> {
        let started = self.output.timing.is_some().then(Instant::now);
        let flow = self.merge_events(analysed);
        if let (Some(t), Some(started)) = (&mut self.output.timing, started) {
            t.merge += started.elapsed().as_nanos() as u64;
        }
        flow
    }

    fn merge_events(&mut self, analysed: Analysed) -> Result<Flow, RunError> {
        let stats = &mut self.output.stats;
        for (event, result) in analysed.batch.iter().zip(analysed.results) {
            match (event, result) {
                (Event::Document { doc, bytes, at }, Some(result)) => {
                    if let Some(d) = &mut self.digests {
                        d.add(at, doc);
                    }
                    *stats += &result.stats;
                    stats.bytes += bytes;
                    self.observer.document(at, doc, *bytes);
                    let period = match self.options.by {
                        None => period::UNDATED,
                        Some(g) => period_of(g, doc).unwrap_or_else(|| {
                            stats.documents_undated += 1;
                            period::UNDATED
                        }),
                    };
                    let evidence_doc = self.options.cell_evidence.then_some(doc);
                    for scored in &result.scored {
                        let actors = self.engine.actors();
                        if let Some(rolled) = roll_up(actors, self.options.level, scored) {
                            self.output.acc.add(period, &rolled, evidence_doc);
                        }
                        self.observer
                            .attribution(self.engine, doc, scored)
                            .map_err(RunError::Evidence)?;
                    }
                }
                (Event::Skipped { at, reason }, _) => {
                    self.observer.problem(at, reason);
                    stats.documents_read += 1;
                    stats.documents_skipped += 1;
                    if self.options.strict {
                        return Ok(Flow::Stop);
                    }
                }
                (Event::FileProblem { at, reason }, _) => {
                    self.observer.problem(at, reason);
                    stats.file_problems += 1;
                    if self.options.strict {
                        return Ok(Flow::Stop);
                    }
                }
                (Event::Document { .. }, None) => unreachable!("documents are always analysed"),
            }
        }
        Ok(Flow::Go)
    }
}

/// The period of `doc` at granularity `g`, or `None` when it has no usable date.
pub fn period_of(g: Granularity, doc: &Document) -> Option<Period> {
    doc.date
        .as_deref()
        .and_then(Date::parse)
        .map(|d| g.period(d))
}

/// The attribution at `level`, or `None` when its source and target roll up into one group.
/// Borrowed at the actor level: no copy of the scores per attribution.
pub fn roll_up<'a>(
    actors: &ActorSet,
    level: Level,
    scored: &'a Scored,
) -> Option<std::borrow::Cow<'a, Scored>> {
    if level == Level::Actor {
        return Some(std::borrow::Cow::Borrowed(scored));
    }
    let roll = |id| match level {
        Level::Country => actors.country_of(id),
        _ => actors.rolled_up(id),
    };
    let mut rolled = scored.clone();
    let a = &mut rolled.attribution;
    a.target = roll(a.target);
    if let Source::Actor(s) = a.source {
        let s = roll(s);
        if s == a.target {
            return None;
        }
        a.source = Source::Actor(s);
    }
    Some(std::borrow::Cow::Owned(rolled))
}
