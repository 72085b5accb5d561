//! Scoring documents handed over from Python, as `stance score` scores a corpus: the same batches,
//! the same merge in input order, the same periods and roll-up, so the matrix is the CLI's.
//!
//! The GIL is released for the whole run; between batches it is taken back for a moment to let
//! Python see a pending signal (Ctrl-C), which stops the run with `KeyboardInterrupt`.

use pyo3::prelude::*;
use rayon::prelude::*;

use stance::attribution::Source;
use stance::corpus::{Document, Location};
use stance::matrix::digest::{InputDigest, InputDigester};
use stance::matrix::period::{self, Date, Granularity};
use stance::matrix::Accumulator;
use stance::scorers::SCORERS;
use stance::{DocResult, Engine, Scored, Scratch, Stats};

/// Documents per batch, as in the CLI: bounds the results held at once while keeping every core
/// busy, and sets how often a Ctrl-C is noticed.
const BATCH_DOCS: usize = 256;
/// Bytes per batch, for long documents.
const BATCH_BYTES: usize = 8 << 20;

/// How to score.
pub struct Options {
    /// Time slices.
    pub by: Option<Granularity>,
    /// Roll persons up into their first group.
    pub group_level: bool,
    /// Keep one row per attribution.
    pub evidence: bool,
    /// Digest the documents under this input name (for a partial).
    pub digest_name: Option<String>,
}

/// One record: a document, or `None` for a record without text (counted as skipped, as the CLI
/// counts a record it cannot read).
pub type Record = Option<Document>;

/// What a run produced.
pub struct Outcome {
    /// The cells.
    pub acc: Accumulator,
    /// The counts.
    pub stats: Stats,
    /// One row per attribution, when asked for.
    pub evidence: Option<EvidenceRows>,
    /// The digests of what was read, when asked for.
    pub inputs: Vec<InputDigest>,
}

/// The attributions of a run, column by column (what the CLI's `--evidence` file holds).
#[derive(Default)]
pub struct EvidenceRows {
    pub doc: Vec<String>,
    pub date: Vec<Option<String>>,
    pub sentence: Vec<usize>,
    pub source: Vec<String>,
    pub target: Vec<String>,
    pub rule: Vec<&'static str>,
    pub voice: Vec<&'static str>,
    /// One column per scorer, in [`SCORERS`] order.
    pub scores: Vec<Vec<Option<f64>>>,
    pub text: Vec<String>,
    pub scope: Vec<String>,
    pub cameo: Vec<Option<String>>,
}

impl EvidenceRows {
    fn push(&mut self, engine: &Engine, doc: &Document, scored: &Scored) {
        let a = &scored.attribution;
        let actors = engine.actors();
        self.doc.push(doc.id.clone());
        self.date.push(doc.date.clone());
        self.sentence.push(a.sentence);
        self.source
            .push(stance::matrix::source_id(actors, a.source).to_string());
        self.target.push(actors.get(a.target).id.clone());
        self.rule.push(a.rule.as_str());
        self.voice.push(a.voice.as_str());
        if self.scores.is_empty() {
            self.scores = vec![Vec::new(); SCORERS.len()];
        }
        for (column, score) in self.scores.iter_mut().zip(scored.scores) {
            column.push(score);
        }
        self.text
            .push(scored.sentence_span.slice(&doc.text).to_string());
        self.scope.push(a.scope.slice(&doc.text).to_string());
        self.cameo
            .push(scored.cameo.as_ref().map(|c| c.as_str().to_string()));
    }
}

/// Scores `records` on `pool`, with the GIL released.
pub fn run(
    py: Python<'_>,
    engine: &Engine,
    pool: &rayon::ThreadPool,
    records: Vec<Record>,
    options: &Options,
) -> PyResult<Outcome> {
    py.allow_threads(|| run_released(engine, pool, records, options))
}

fn run_released(
    engine: &Engine,
    pool: &rayon::ThreadPool,
    records: Vec<Record>,
    options: &Options,
) -> PyResult<Outcome> {
    let mut merger = Merger {
        engine,
        options,
        acc: Accumulator::default(),
        stats: Stats::default(),
        evidence: options.evidence.then(EvidenceRows::default),
        digests: options
            .digest_name
            .as_ref()
            .map(|_| InputDigester::default()),
        next_line: 1,
    };
    let batches = batches(records);
    // As in the CLI, each batch is merged while the workers analyse the next one.
    let mut analysed: Option<(Vec<Record>, Vec<Option<DocResult>>)> = None;
    for batch in batches {
        let results = pool.install(|| {
            let (results, ()) = rayon::join(
                || analyse(engine, &batch),
                || {
                    if let Some((done, results)) = analysed.take() {
                        merger.merge(done, results);
                    }
                },
            );
            results
        });
        analysed = Some((batch, results));
        Python::with_gil(|py| py.check_signals())?;
    }
    if let Some((done, results)) = analysed {
        merger.merge(done, results);
    }
    let inputs = merger
        .digests
        .take()
        .map(InputDigester::finish)
        .unwrap_or_default();
    Ok(Outcome {
        acc: merger.acc,
        stats: merger.stats,
        evidence: merger.evidence,
        inputs,
    })
}

/// Cuts the records into batches of at most [`BATCH_DOCS`] documents or about [`BATCH_BYTES`].
fn batches(records: Vec<Record>) -> Vec<Vec<Record>> {
    let mut out = Vec::new();
    let mut batch = Vec::with_capacity(BATCH_DOCS.min(records.len()));
    let mut bytes = 0;
    for record in records {
        bytes += record.as_ref().map_or(0, |d| d.text.len());
        batch.push(record);
        if batch.len() >= BATCH_DOCS || bytes >= BATCH_BYTES {
            out.push(std::mem::replace(
                &mut batch,
                Vec::with_capacity(BATCH_DOCS),
            ));
            bytes = 0;
        }
    }
    if !batch.is_empty() {
        out.push(batch);
    }
    out
}

/// Analyses the documents of a batch in parallel, in input order.
fn analyse(engine: &Engine, batch: &[Record]) -> Vec<Option<DocResult>> {
    batch
        .par_iter()
        .map_init(Scratch::default, |scratch, record| {
            record.as_ref().map(|doc| engine.analyze(doc, scratch))
        })
        .collect()
}

/// Folds analysed batches, in input order, into the matrix, the counts and the evidence rows.
struct Merger<'a> {
    engine: &'a Engine,
    options: &'a Options,
    acc: Accumulator,
    stats: Stats,
    evidence: Option<EvidenceRows>,
    digests: Option<InputDigester>,
    /// The 1-based position of the next record, for the digest.
    next_line: u64,
}

impl Merger<'_> {
    fn merge(&mut self, batch: Vec<Record>, results: Vec<Option<DocResult>>) {
        for (record, result) in batch.iter().zip(results) {
            let line = self.next_line;
            self.next_line += 1;
            let (Some(doc), Some(result)) = (record, result) else {
                self.stats.documents_read += 1;
                self.stats.documents_skipped += 1;
                continue;
            };
            if let (Some(d), Some(name)) = (&mut self.digests, &self.options.digest_name) {
                let at = Location {
                    path: name.as_str().into(),
                    line,
                };
                d.add(&at, doc);
            }
            self.stats += &result.stats;
            self.stats.bytes += doc.text.len() as u64;
            let period = match self.options.by {
                None => period::UNDATED,
                Some(g) => match doc.date.as_deref().and_then(Date::parse) {
                    Some(date) => g.period(date),
                    None => {
                        self.stats.documents_undated += 1;
                        period::UNDATED
                    }
                },
            };
            for scored in &result.scored {
                if let Some(rolled) = roll_up(self.engine, self.options.group_level, scored) {
                    self.acc.add(period, &rolled, Some(doc));
                }
                if let Some(rows) = &mut self.evidence {
                    rows.push(self.engine, doc, scored);
                }
            }
        }
    }
}

/// The attribution at the chosen level, or `None` when source and target roll up into one.
fn roll_up(engine: &Engine, group_level: bool, scored: &Scored) -> Option<Scored> {
    if !group_level {
        return Some(*scored);
    }
    let actors = engine.actors();
    let mut rolled = *scored;
    let a = &mut rolled.attribution;
    a.target = actors.rolled_up(a.target);
    if let Source::Actor(s) = a.source {
        let s = actors.rolled_up(s);
        if s == a.target {
            return None;
        }
        a.source = Source::Actor(s);
    }
    Some(rolled)
}
