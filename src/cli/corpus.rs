//! Reading and scoring a corpus: the part `score` and `compare` share.

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc::sync_channel;
use std::time::Instant;

use super::output::OutputFile;
use super::problems::ProblemLog;
use super::say;
use stance::actors::{ActorSet, LexiconFormat};
use stance::attribution::{Source, MAX_CLAUSE_ACTORS};
use stance::corpus::{
    check_inputs, CorpusReader, Document, Event, FieldNames, Format, Location, ReadOptions,
};
use stance::matrix::digest::{InputDigest, InputDigester};
use stance::matrix::period::{self, Date, Granularity};
use stance::matrix::Accumulator;
use stance::scorers::cues::CueLexicon;
use stance::scorers::{ScorerSet, SCORERS};
use stance::{DocResult, Engine, Scored, Scratch, Stats};

/// The sample corpus scored when no input is given: short articles about Libya 2019-2020,
/// written for this project.
const SAMPLE_CORPUS: &[u8] = include_bytes!("../sample/libya_2019_2020.jsonl");

/// Documents per batch handed to the workers; bounds memory while keeping every core busy.
const BATCH_DOCS: usize = 256;
/// Bytes per batch, for corpora of long documents.
const BATCH_BYTES: u64 = 8 << 20;

/// How to read a corpus and which actors to find in it.
#[derive(Debug, clap::Args)]
pub struct ReadArgs {
    /// Actor list: a bundled one by name (`world`, `libya`; see `stance actors list`) or a file
    /// (TSV `id kind name aliases groups [roles]`, or a PETRARCH/Phoenix actor or agents
    /// dictionary); repeatable, later lists redefine the ids and aliases of earlier ones.
    /// Default: the bundled `libya` list.
    #[arg(long = "actors", value_name = "NAME|FILE")]
    pub actors: Vec<PathBuf>,
    /// Format of the --actors files: recognised by content (a TSV header, or else the
    /// PETRARCH/Phoenix dictionary format), unless given.
    #[arg(long, value_enum, default_value = "auto")]
    pub actors_format: ActorsFormat,
    /// Input format for every input, instead of guessing from the extension.
    #[arg(long, value_name = "text|jsonl|csv|tsv")]
    pub input_format: Option<String>,
    /// Field (JSON key or CSV column) holding the text.
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// Field holding the document id.
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// Field holding the date.
    #[arg(long, default_value = "date")]
    pub date_field: String,
    /// Field holding the title.
    #[arg(long, default_value = "title")]
    pub title_field: String,
    /// Field holding the source (publisher).
    #[arg(long, default_value = "source")]
    pub source_field: String,
    /// No progress bar and no run summary.
    #[arg(short, long)]
    pub quiet: bool,
    #[command(flatten)]
    pub verbs: super::verbs::VerbArgs,
}

/// Which cue lexicon the scorers read.
#[derive(Debug, clap::Args)]
pub struct CueArgs {
    /// Cue lexicon (TSV `cue cameo weight`, see lexicons/README.md) used INSTEAD of the bundled
    /// one; repeatable. Check it first with `stance lexicon check FILE`.
    #[arg(long = "cues", value_name = "FILE")]
    pub cues: Vec<PathBuf>,
    /// Keep the bundled cue lexicon and add the --cues files to it, rather than replacing it.
    #[arg(long, requires = "cues")]
    pub with_bundled_cues: bool,
}

impl CueArgs {
    /// The scorers with the cue lexicon asked for; `None` after reporting every error of the
    /// cue files.
    pub fn scorers(&self) -> Option<ScorerSet> {
        if self.cues.is_empty() {
            return Some(ScorerSet::bundled());
        }
        match CueLexicon::from_files(&self.cues, self.with_bundled_cues) {
            Ok(cues) => Some(ScorerSet::bundled().with_cues(cues)),
            Err(errors) => {
                for e in &errors {
                    say!("{e}");
                }
                say!(
                    "{} error(s) in the cue lexicon; nothing was scored",
                    errors.len()
                );
                None
            }
        }
    }
}

/// How to read and score a corpus.
#[derive(Debug, clap::Args)]
pub struct CorpusArgs {
    #[command(flatten)]
    pub read: ReadArgs,
    #[command(flatten)]
    pub cues: CueArgs,
    /// One matrix per period of the document dates (ISO `YYYY-MM-DD...` or `YYYYMMDD`): adds a
    /// `period` column. Documents without a usable date are counted and go to `undated`.
    #[arg(long, value_name = "day|week|month|year")]
    pub by: Option<String>,
    /// `group` rolls persons up into their first group (SERRAJ into GNA); `country` rolls every
    /// actor up into its country (LBYGOV and LBYMIL into LBY, a person into the first country
    /// among its groups); a dyad that rolls up into one actor is dropped.
    #[arg(long, value_enum, default_value = "actor")]
    pub level: Level,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Stop at the first skipped record or unreadable file (exit code 2).
    #[arg(long)]
    pub strict: bool,
    /// Digest the records of each input (for `--partial`): set by the command, not a flag.
    #[arg(skip)]
    pub digest_inputs: bool,
    /// Also tag and parse each sentence naming two or more actors, or an actor and a speech
    /// verb (src/syntax/), and keep the subject rule's actor -> actor dyads only where the tree
    /// links the two (src/attribution/structure.rs). Off by default: see README, "Attribution
    /// from structure", for what it gains and loses.
    #[arg(long)]
    pub syntax: bool,
}

/// The format of actor lexicon files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ActorsFormat {
    /// Recognised by content.
    Auto,
    /// `id kind name aliases groups` TSV.
    Tsv,
    /// PETRARCH/Phoenix `NAME_ [CODE]` dictionaries with dated roles.
    Phoenix,
}

impl From<ActorsFormat> for LexiconFormat {
    fn from(f: ActorsFormat) -> LexiconFormat {
        match f {
            ActorsFormat::Auto => LexiconFormat::Auto,
            ActorsFormat::Tsv => LexiconFormat::Tsv,
            ActorsFormat::Phoenix => LexiconFormat::Phoenix,
        }
    }
}

/// The actor level of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Level {
    /// Every actor as itself.
    Actor,
    /// Persons rolled up into their first group.
    Group,
    /// Every actor rolled up into its country.
    Country,
}

/// What a run produced.
pub struct Run {
    /// The engine (and its actors).
    pub engine: Engine,
    /// The matrix.
    pub acc: Accumulator,
    /// The counts.
    pub stats: Stats,
    /// `--strict` stopped the run: nothing may be written.
    pub stopped: bool,
    /// The digests of the records of each input, when asked for.
    pub inputs: Vec<InputDigest>,
    /// Wall time.
    pub seconds: f64,
}

impl ReadArgs {
    /// The actors of `--actors` (or the bundled lexicon); `None` after reporting lexicon errors.
    pub fn load_actors(&self) -> Option<ActorSet> {
        if self.actors.is_empty() {
            return Some(ActorSet::bundled());
        }
        let started = Instant::now();
        match ActorSet::from_files(&self.actors, self.actors_format.into()) {
            Ok((set, warnings)) => {
                for w in &warnings {
                    say!("warning: {w}");
                }
                if !self.quiet {
                    say!(
                        "{} actors, {} aliases loaded in {:.2} s",
                        set.len(),
                        set.matcher().pattern_count(),
                        started.elapsed().as_secs_f64()
                    );
                }
                Some(set)
            }
            Err(errors) => {
                for e in &errors {
                    say!("{e}");
                }
                say!(
                    "{} error(s) in the actor lexicon; nothing was scored",
                    errors.len()
                );
                None
            }
        }
    }

    /// A reader over `inputs` (the bundled sample when empty), after checking they exist.
    pub fn reader(&self, inputs: &[String]) -> Result<CorpusReader> {
        let input_format = match &self.input_format {
            Some(name) => Some(Format::parse(name).with_context(|| {
                format!("--input-format {name:?}: expected text, jsonl, csv or tsv")
            })?),
            None => None,
        };
        if let Err(message) = check_inputs(inputs) {
            bail!("{message}");
        }
        let options = ReadOptions {
            format: input_format,
            fields: FieldNames {
                text: self.text_field.clone(),
                id: self.id_field.clone(),
                date: self.date_field.clone(),
                title: self.title_field.clone(),
                source: self.source_field.clone(),
            },
        };
        Ok(if inputs.is_empty() {
            CorpusReader::from_stream(
                "sample/libya_2019_2020.jsonl (bundled)",
                Box::new(SAMPLE_CORPUS),
                input_format.unwrap_or(Format::Jsonl),
                options,
            )
        } else {
            CorpusReader::new(inputs, options)
        })
    }
}

impl CorpusArgs {
    /// The granularity of `--by`, checked.
    pub fn granularity(&self) -> Result<Option<Granularity>> {
        self.by
            .as_deref()
            .map(|name| {
                Granularity::parse(name)
                    .with_context(|| format!("--by {name:?}: expected day, week, month or year"))
            })
            .transpose()
    }

    /// Reads and scores `inputs` (the bundled sample when empty). Every skipped record and file
    /// problem is reported on stderr and counted; `evidence`, when given, receives one JSON line
    /// per attribution in document order.
    pub fn run(
        &self,
        inputs: &[String],
        actors: ActorSet,
        evidence: Option<&mut OutputFile>,
    ) -> Result<Run> {
        let started = Instant::now();
        let by = self.granularity()?;
        let Some(scorers) = self.cues.scorers() else {
            bail!("the cue lexicon has errors (listed above)");
        };
        let mut pool = rayon::ThreadPoolBuilder::new();
        if let Some(n) = self.threads {
            if n == 0 {
                bail!("--threads must be at least 1");
            }
            pool = pool.num_threads(n);
        }
        let reader = self.read.reader(inputs)?;
        // The reader runs on its own thread, a bounded number of batches ahead of the workers. It
        // starts first, so the first batches are read while the scorer lexicons are built.
        let (tx, rx) = sync_channel::<Vec<Event>>(2);
        let reading = std::thread::spawn(move || {
            let mut batch = Vec::with_capacity(BATCH_DOCS);
            let mut bytes = 0;
            for event in reader {
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

        let scorers = self.read.verbs.add_to(scorers, self.read.quiet)?;
        let engine = Engine::with_scorers(actors, scorers);
        let engine = if self.syntax {
            engine.with_syntax(true)
        } else {
            engine
        };
        let pool = pool.build().context("cannot start worker threads")?;
        let progress = progress_bar(self.read.quiet);
        let mut acc = Accumulator::default();
        let mut stats = Stats::default();
        let mut merger = Merger {
            engine: &engine,
            by,
            level: self.level,
            strict: self.strict,
            progress: &progress,
            acc: &mut acc,
            stats: &mut stats,
            evidence,
            line: Vec::new(),
            digests: self.digest_inputs.then(InputDigester::default),
            problems: ProblemLog::default(),
        };

        // Each batch is merged while the workers analyse the next one: merging on its own, with
        // the workers waiting, left a core idle for a few percent of the run.
        let mut analysed: Option<Analysed> = None;
        let mut stopped = false;
        for batch in rx {
            let (results, merged) = pool.install(|| {
                rayon::join(
                    || analyse(&engine, &batch),
                    || analysed.take().map_or(Ok(Flow::Go), |a| merger.merge(a)),
                )
            });
            if merged? == Flow::Stop {
                stopped = true;
                break;
            }
            analysed = Some(Analysed { batch, results });
        }
        // After a stop this is empty: the batch that stopped the run was taken to be merged.
        if let Some(last) = analysed {
            stopped = merger.merge(last)? == Flow::Stop;
        }
        let inputs = merger.digests.take().map(InputDigester::finish);
        merger.finish();
        drop(reading); // after --strict the reader may still be blocked on a full channel; it ends with us
        progress.finish_and_clear();
        Ok(Run {
            engine,
            acc,
            stats,
            stopped,
            inputs: inputs.unwrap_or_default(),
            seconds: started.elapsed().as_secs_f64(),
        })
    }
}

/// A batch of read events and, for each document, its analysis.
struct Analysed {
    batch: Vec<Event>,
    results: Vec<Option<DocResult>>,
}

/// Analyses the documents of a batch in parallel, in input order.
fn analyse(engine: &Engine, batch: &[Event]) -> Vec<Option<DocResult>> {
    batch
        .par_iter()
        .map_init(Scratch::default, |scratch, event| match event {
            Event::Document { doc, .. } => Some(engine.analyze(doc, scratch)),
            _ => None,
        })
        .collect()
}

/// Whether the run goes on after a merge; `--strict` stops it at the first problem.
#[derive(Debug, PartialEq, Eq)]
enum Flow {
    Go,
    Stop,
}

/// Folds analysed batches, in input order, into the matrix, the counts and the evidence file.
struct Merger<'a> {
    engine: &'a Engine,
    by: Option<Granularity>,
    level: Level,
    strict: bool,
    progress: &'a indicatif::ProgressBar,
    acc: &'a mut Accumulator,
    stats: &'a mut Stats,
    evidence: Option<&'a mut OutputFile>,
    /// Reused buffer for one evidence line.
    line: Vec<u8>,
    /// Digests of the records read, for a partial.
    digests: Option<InputDigester>,
    /// The problems reported so far, to cap repeats.
    problems: ProblemLog,
}

impl Merger<'_> {
    /// Merges one batch. Merging in input order keeps the evidence file in document order; the
    /// matrix would be identical in any order.
    fn merge(&mut self, analysed: Analysed) -> Result<Flow> {
        for (event, result) in analysed.batch.iter().zip(analysed.results) {
            match (event, result) {
                (Event::Document { doc, bytes, at }, Some(result)) => {
                    if let Some(d) = &mut self.digests {
                        d.add(at, doc);
                    }
                    *self.stats += &result.stats;
                    self.stats.bytes += bytes;
                    self.progress.inc(*bytes);
                    let period = match self.by {
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
                        if let Some(rolled) = roll_up(self.engine.actors(), self.level, scored) {
                            self.acc.add(period, &rolled, Some(doc));
                        }
                        if let Some(out) = self.evidence.as_deref_mut() {
                            write_evidence(out, &mut self.line, self.engine, doc, scored)?;
                        }
                    }
                }
                (Event::Skipped { at, reason }, _) => {
                    self.tell(at, reason);
                    self.stats.documents_read += 1;
                    self.stats.documents_skipped += 1;
                    if self.strict {
                        return Ok(Flow::Stop);
                    }
                }
                (Event::FileProblem { at, reason }, _) => {
                    self.tell(at, reason);
                    self.stats.file_problems += 1;
                    if self.strict {
                        return Ok(Flow::Stop);
                    }
                }
                (Event::Document { .. }, None) => unreachable!("documents are always analysed"),
            }
        }
        Ok(Flow::Go)
    }

    /// Reports a problem on stderr, unless many of its kind were reported for its file already.
    fn tell(&mut self, at: &Location, reason: &str) {
        for line in self.problems.note(at, reason) {
            self.progress.suspend(|| say!("{line}"));
        }
    }

    /// Reports the tallies of the problems not shown one by one.
    fn finish(&mut self) {
        for line in self.problems.finish() {
            self.progress.suspend(|| say!("{line}"));
        }
    }
}

/// The attribution at the chosen level, or `None` when source and target roll up into one.
fn roll_up(actors: &ActorSet, level: Level, scored: &Scored) -> Option<Scored> {
    if level == Level::Actor {
        return Some(*scored);
    }
    let roll = |id| match level {
        Level::Country => actors.country_of(id),
        _ => actors.rolled_up(id),
    };
    let mut rolled = *scored;
    let a = &mut rolled.attribution;
    a.target = roll(a.target);
    if let Source::Actor(s) = a.source {
        let s = roll(s);
        if s == a.target {
            return None;
        }
        a.source = Source::Actor(s);
    }
    Some(rolled)
}

fn progress_bar(quiet: bool) -> indicatif::ProgressBar {
    if quiet {
        return indicatif::ProgressBar::hidden();
    }
    // Draws only when stderr is a terminal.
    let bar =
        indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {bytes} scored ({bytes_per_sec}), {elapsed}",
        )
        .expect("valid template"),
    );
    bar
}

/// The run summary: the counts that must add up (read = scored + skipped), then the work done.
pub fn summary(stats: &Stats, seconds: f64) {
    let mut notes = String::new();
    if stats.file_problems > 0 {
        notes += &format!(" ({} file problem(s))", stats.file_problems);
    }
    if stats.documents_undated > 0 {
        notes += &format!(
            " ({} document(s) without a date, in period `undated`)",
            stats.documents_undated
        );
    }
    let mut capped = String::new();
    if stats.clauses_capped > 0 {
        capped = format!(
            " ({} clause(s) naming over {MAX_CLAUSE_ACTORS} actors kept for @author only)",
            stats.clauses_capped
        );
    }
    let rate = if seconds > 0.0 {
        stats.bytes as f64 / 1e6 / seconds
    } else {
        0.0
    };
    say!(
        "{} documents read: {} scored, {} skipped{notes}; {} sentences, {} mentions, {} attributions{capped}; {seconds:.2} s, {rate:.1} MB/s",
        stats.documents_read,
        stats.documents_scored,
        stats.documents_skipped,
        stats.sentences,
        stats.mentions,
        stats.attributions,
    );
}

#[derive(serde::Serialize)]
struct EvidenceLine<'a> {
    doc: &'a str,
    date: Option<&'a str>,
    sentence: usize,
    source: &'a str,
    target: &'a str,
    rule: &'a str,
    voice: &'a str,
    scores: serde_json::Map<String, serde_json::Value>,
    text: &'a str,
    scope: &'a str,
    /// The CAMEO code of the verb pattern that weighed most in the scope (with --verbs).
    #[serde(skip_serializing_if = "Option::is_none")]
    cameo: Option<&'a str>,
}

fn write_evidence(
    out: &mut OutputFile,
    line: &mut Vec<u8>,
    engine: &Engine,
    doc: &Document,
    scored: &Scored,
) -> Result<()> {
    let a = &scored.attribution;
    let actors = engine.actors();
    let source = match a.source {
        Source::Author => "@author",
        Source::Actor(id) => &actors.get(id).id,
    };
    let scores = SCORERS
        .iter()
        .zip(scored.scores)
        .map(|(s, v)| {
            (
                s.name().to_string(),
                v.map_or(serde_json::Value::Null, serde_json::Value::from),
            )
        })
        .collect();
    line.clear();
    serde_json::to_writer(
        &mut *line,
        &EvidenceLine {
            doc: &doc.id,
            date: doc.date.as_deref(),
            sentence: a.sentence,
            source,
            target: &actors.get(a.target).id,
            rule: a.rule.as_str(),
            voice: a.voice.as_str(),
            scores,
            text: scored.sentence_span.slice(&doc.text),
            scope: a.scope.slice(&doc.text),
            cameo: scored.cameo.as_ref().map(|c| c.as_str()),
        },
    )?;
    line.push(b'\n');
    out.write_all(line)
        .context("cannot write the evidence file")?;
    Ok(())
}
