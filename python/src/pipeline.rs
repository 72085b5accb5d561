//! Scoring documents handed over from Python with the library's [`stance::Run`], the pipeline
//! `stance score` runs: the same batches, merge order, periods and roll-up, so the matrix is the
//! CLI's.
//!
//! The GIL is released for the whole run. The run goes on a thread of its own while the calling
//! thread, Python's main thread when called from it, looks for a pending signal every
//! [`SIGNAL_POLL`]: on Ctrl-C the documents stop flowing, the run ends after the batches in
//! flight, and the call raises `KeyboardInterrupt` (Python handles signals on its main thread
//! only, so the check cannot be made from the workers).

use pyo3::prelude::*;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::Duration;

use stance::corpus::{Document, Event, Location};
use stance::matrix::digest::InputDigest;
use stance::matrix::Accumulator;
use stance::{Engine, Observer, Run, RunOptions, Scored, Stats};

/// How often the calling thread looks for a pending signal while the run works.
const SIGNAL_POLL: Duration = Duration::from_millis(50);

/// How to score.
pub struct Options {
    /// The run's options (threads, `by`, `level`, digests).
    pub run: RunOptions,
    /// Keep one row per attribution.
    pub evidence: bool,
    /// The name the documents are located and digested under.
    pub input_name: String,
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
    /// Skipped records and file problems, `path:line: reason`, the first [`MAX_PROBLEMS`].
    pub problems: Vec<String>,
    /// Problems beyond those.
    pub more_problems: u64,
}

/// Problem messages kept; the rest are counted (and all are counted in the stats).
const MAX_PROBLEMS: usize = 100;

/// What the run tells as it goes: problems, and attributions when evidence is asked for.
#[derive(Default)]
struct Collector {
    evidence: Option<EvidenceRows>,
    problems: Vec<String>,
    more_problems: u64,
}

impl Observer for Collector {
    fn problem(&mut self, at: &Location, reason: &str) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(format!("{at}: {reason}"));
        } else {
            self.more_problems += 1;
        }
    }

    fn attribution(&mut self, engine: &Engine, doc: &Document, scored: &Scored) -> io::Result<()> {
        match &mut self.evidence {
            Some(rows) => rows.attribution(engine, doc, scored),
            None => Ok(()),
        }
    }
}

/// The attributions of a run, column by column: what the CLI's `--evidence` file holds.
#[derive(Default)]
pub struct EvidenceRows {
    pub doc: Vec<String>,
    pub date: Vec<Option<String>>,
    pub sentence: Vec<usize>,
    pub source: Vec<String>,
    pub target: Vec<String>,
    pub rule: Vec<&'static str>,
    pub voice: Vec<&'static str>,
    /// One column per scorer, in the engine's [`stance::scorers::ScorerSet::names`] order.
    pub scores: Vec<Vec<Option<f64>>>,
    pub text: Vec<String>,
    pub scope: Vec<String>,
    pub cameo: Vec<Option<String>>,
}

impl Observer for EvidenceRows {
    fn attribution(&mut self, engine: &Engine, doc: &Document, scored: &Scored) -> io::Result<()> {
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
            self.scores = vec![Vec::new(); engine.scorers().names().len()];
        }
        for (column, score) in self.scores.iter_mut().zip(&scored.scores) {
            column.push(*score);
        }
        self.text
            .push(scored.sentence_span.slice(&doc.text).to_string());
        self.scope.push(a.scope.slice(&doc.text).to_string());
        self.cameo
            .push(scored.cameo.as_ref().map(|c| c.as_str().to_string()));
        Ok(())
    }
}

/// The records as the events a reader gives, located `NAME:N` (1-based).
pub fn events(records: Vec<Record>, name: &str) -> impl Iterator<Item = Event> + Send + 'static {
    let path: Arc<str> = name.into();
    records.into_iter().zip(1u64..).map(move |(record, line)| {
        let at = Location {
            path: path.clone(),
            line,
        };
        match record {
            Some(doc) => Event::Document {
                bytes: doc.text.len() as u64,
                doc,
                at,
            },
            None => Event::Skipped {
                at,
                reason: "no text (None, NaN, blank, or a NUL byte)".into(),
            },
        }
    })
}

/// Scores `events` (documents handed over, or a corpus reader) with `engine`, with the GIL
/// released; a pending signal (Ctrl-C) stops the run and is raised.
pub fn run<I>(py: Python<'_>, engine: &Engine, events: I, options: Options) -> PyResult<Outcome>
where
    I: Iterator<Item = Event> + Send + 'static,
{
    let stop = Arc::new(AtomicBool::new(false));
    let flowing = Arc::clone(&stop);
    let events = events.take_while(move |_| !flowing.load(Ordering::Relaxed));
    let scoring = Run::new(engine.clone(), options.run);
    let mut collector = Collector {
        evidence: options.evidence.then(EvidenceRows::default),
        ..Collector::default()
    };
    let (done_tx, done_rx) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let output = scoring.score_events(events, &mut collector);
        let _ = done_tx.send(());
        (output, collector)
    });
    let stopper = Arc::clone(&stop);
    let interrupted = py.allow_threads(move || loop {
        match done_rx.recv_timeout(SIGNAL_POLL) {
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Err(e) = Python::with_gil(|py| py.check_signals()) {
                    stopper.store(true, Ordering::Relaxed);
                    return Some(e);
                }
            }
            // Done, or the worker panicked (joined below).
            _ => return None,
        }
    });
    // After a stop, the run ends once the batches already read are merged.
    let joined = py.allow_threads(|| worker.join());
    if let Some(e) = interrupted {
        return Err(e);
    }
    let (output, collector) = joined
        .map_err(|_| pyo3::exceptions::PyRuntimeError::new_err("the scoring thread panicked"))?;
    let output = output.map_err(|e| pyo3::exceptions::PyRuntimeError::new_err(error_chain(&e)))?;
    Ok(Outcome {
        acc: output.acc,
        stats: output.stats,
        evidence: collector.evidence,
        inputs: output.inputs,
        problems: collector.problems,
        more_problems: collector.more_problems,
    })
}

/// An error with its causes, as the CLI prints them.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(&format!(": {s}"));
        source = s.source();
    }
    message
}
