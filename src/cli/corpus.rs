//! Reading and scoring a corpus: the flags `score` and `compare` share, and what they say while
//! [`stance::Run`] does the work.

use anyhow::{bail, Context, Result};
use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::time::Instant;

use super::output::OutputFile;
use super::problems::ProblemLog;
use super::say;
use stance::actors::{ActorSet, LexiconFormat};
use stance::attribution::MAX_CLAUSE_ACTORS;
use stance::corpus::{
    check_inputs, CorpusReader, Document, FieldNames, Format, Location, ReadOptions,
};
use stance::matrix::period::Granularity;
use stance::report::Collector;
use stance::run::EvidenceWriter;
use stance::scorers::cues::CueLexicon;
use stance::scorers::ScorerSet;
pub use stance::Level;
use stance::{Engine, Observer, Run, RunOptions, RunOutput, Scored, Stats};

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
    #[command(flatten)]
    pub calibration: super::calibration::CalibrationArgs,
    #[command(flatten)]
    pub dictionaries: super::dictionaries::DictionaryArgs,
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
    /// The scorers with the cue lexicon asked for; an error after reporting every error of the
    /// cue files, one a line.
    pub fn scorers(&self) -> Result<ScorerSet> {
        if self.cues.is_empty() {
            return Ok(ScorerSet::bundled());
        }
        match CueLexicon::from_files(&self.cues, self.with_bundled_cues) {
            Ok(cues) => Ok(ScorerSet::bundled().with_cues(cues)),
            Err(errors) => {
                for e in &errors {
                    say!("{e}");
                }
                bail!(
                    "{} error(s) in the cue lexicon; nothing was scored",
                    errors.len()
                )
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
    /// Keep no evidence sentences in the matrix's cells, as no output of the command shows
    /// them: set by the command, not a flag.
    #[arg(skip)]
    pub skip_cell_evidence: bool,
    /// Gather a report's evidence (scope, rule, title), keeping this many sentences per cell:
    /// set by the command, not a flag.
    #[arg(skip)]
    pub report_top_k: Option<usize>,
    /// Also tag and parse each sentence naming two or more actors, or an actor and a speech
    /// verb (src/syntax/), and keep the subject rule's actor -> actor dyads only where the tree
    /// links the two (src/attribution/structure.rs). Off by default: see README, "Attribution
    /// from structure", for what it gains and loses.
    #[arg(long)]
    pub syntax: bool,
    /// Keep a clause rule's actor -> actor dyads between actors that only stand in one clause,
    /// without a relation between them (the behaviour before relations were required; README
    /// "A relation is required").
    #[arg(long)]
    pub cooccurrence: bool,
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

/// What a run produced, with the engine that produced it (and its actors).
pub struct CorpusRun {
    /// The engine (and its actors).
    pub engine: Engine,
    /// The matrix, the counts, whether `--strict` stopped the run, and the input digests.
    pub output: RunOutput,
    /// The granularity it was sliced by (`--by`).
    pub by: Option<Granularity>,
    /// Wall time.
    pub seconds: f64,
    /// What a report needs beyond the matrix, when asked for.
    pub report: Option<Collector>,
}

/// The actors of lexicon `files`, saying every warning; unless `quiet`, how many were loaded
/// and how fast. An error after saying every error of the files, one a line.
pub fn load_actor_files(files: &[PathBuf], format: LexiconFormat, quiet: bool) -> Result<ActorSet> {
    let started = Instant::now();
    match ActorSet::from_files(files, format) {
        Ok((set, warnings)) => {
            for w in &warnings {
                say!("warning: {w}");
            }
            if !quiet {
                say!(
                    "{} actors, {} aliases loaded in {:.2} s",
                    set.len(),
                    set.matcher().pattern_count(),
                    started.elapsed().as_secs_f64()
                );
            }
            Ok(set)
        }
        Err(errors) => {
            for e in &errors {
                say!("{e}");
            }
            bail!(
                "{} error(s) in the actor lexicon; nothing was scored",
                errors.len()
            )
        }
    }
}

impl ReadArgs {
    /// The actors of `--actors` (or the bundled lexicon); an error after reporting every error
    /// of the lexicon files, one a line.
    pub fn load_actors(&self) -> Result<ActorSet> {
        if self.actors.is_empty() {
            return Ok(ActorSet::bundled());
        }
        load_actor_files(&self.actors, self.actors_format.into(), self.quiet)
    }

    /// A reader over `inputs` (the bundled sample when empty).
    pub fn reader(&self, inputs: Inputs) -> Result<CorpusReader> {
        let input_format = match &self.input_format {
            Some(name) => Some(Format::parse(name).with_context(|| {
                format!("--input-format {name:?}: expected text, jsonl, csv or tsv")
            })?),
            None => None,
        };
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
        Ok(CorpusReader::inputs_or_sample(inputs.0, options))
    }
}

/// Inputs found to exist ([`check_inputs`]): what [`ReadArgs::reader`] and [`CorpusArgs::run`]
/// take, so that a command checks its inputs once, at the point it chooses (before loading a
/// large actor list, say), and no later step checks them again.
#[derive(Debug, Clone, Copy)]
pub struct Inputs<'a>(&'a [String]);

impl<'a> Inputs<'a> {
    /// `inputs`, once each exists; the bundled sample when there are none.
    pub fn check(inputs: &'a [String]) -> Result<Inputs<'a>> {
        check_inputs(inputs)?;
        Ok(Inputs(inputs))
    }
}

impl CorpusArgs {
    /// The granularity of `--by`, checked: once per command, which hands it on to
    /// [`CorpusArgs::run`].
    pub fn granularity(&self) -> Result<Option<Granularity>> {
        self.by
            .as_deref()
            .map(|name| {
                Granularity::parse(name)
                    .with_context(|| format!("--by {name:?}: expected day, week, month or year"))
            })
            .transpose()
    }

    /// The run options these arguments ask for, slicing by `by` (the checked `--by`).
    pub fn run_options(&self, by: Option<Granularity>) -> Result<RunOptions> {
        let threads = match self.threads {
            Some(n) => Some(NonZeroUsize::new(n).context("--threads must be at least 1")?),
            None => None,
        };
        Ok(RunOptions {
            threads,
            by,
            level: self.level,
            strict: self.strict,
            digest_inputs: self.digest_inputs,
            cell_evidence: !self.skip_cell_evidence,
            ..RunOptions::default()
        })
    }

    /// `scorers` with the verb dictionary, the calibration and the dictionaries asked for.
    fn add_scorers(&self, scorers: ScorerSet) -> Result<ScorerSet> {
        let scorers = self.read.verbs.add_to(scorers, self.read.quiet)?;
        let scorers = self.read.calibration.add_to(scorers)?;
        self.read.dictionaries.add_to(scorers, self.read.quiet)
    }

    /// Fails, before any input is read, unless a run with these arguments prints the scorer
    /// `name` that `flag` asks for; the error lists the scorers it does print. The
    /// dictionaries are read again by the run (milliseconds).
    pub fn require_scorer(&self, flag: &str, name: &str) -> Result<()> {
        let scorers = self.add_scorers(self.cues.scorers()?)?;
        let names = scorers.names();
        if !names.iter().any(|n| n == name) {
            bail!(
                "{flag} {name}: not a scorer of this run; the scorers are: {}",
                names.join(", ")
            );
        }
        Ok(())
    }

    /// Reads and scores `inputs` (the bundled sample when empty), sliced by `by` (the checked
    /// `--by`). Every skipped record and file problem is reported on stderr and counted;
    /// `evidence`, when given, receives one JSON line per attribution in document order.
    pub fn run(
        &self,
        inputs: Inputs,
        by: Option<Granularity>,
        actors: ActorSet,
        evidence: Option<&mut OutputFile>,
    ) -> Result<CorpusRun> {
        let started = Instant::now();
        // Checked in the order the flags were always checked: --by (by the caller), the cues,
        // --threads.
        let scorers = self.cues.scorers()?;
        let options = self.run_options(by)?;
        let reader = self.read.reader(inputs)?;
        let scorers = self.add_scorers(scorers)?;
        let engine = Engine::with_scorers(actors, scorers);
        let engine = if self.syntax {
            engine.with_syntax(true)
        } else {
            engine
        };
        let engine = if self.cooccurrence {
            engine.with_relations_required(false)
        } else {
            engine
        };
        let progress = progress_bar(self.read.quiet);
        let mut teller = Teller {
            progress: &progress,
            problems: ProblemLog::default(),
            evidence: evidence.map(EvidenceWriter::new),
            report: self.report_top_k.map(|k| Collector::new(k, options.level)),
        };
        let run = Run::new(engine, options);
        let output = run.score_reader(reader, &mut teller);
        teller.finish();
        progress.finish_and_clear();
        Ok(CorpusRun {
            output: output?,
            by,
            engine: run.engine().clone(),
            seconds: started.elapsed().as_secs_f64(),
            report: teller.report,
        })
    }
}

/// Speaks for a run: the progress bar, the problems on stderr, the evidence file.
struct Teller<'a> {
    progress: &'a indicatif::ProgressBar,
    /// The problems reported so far, to cap repeats.
    problems: ProblemLog,
    evidence: Option<EvidenceWriter<&'a mut OutputFile>>,
    /// The report's material, when a report is asked for.
    report: Option<Collector>,
}

impl Observer for Teller<'_> {
    fn document(&mut self, at: &Location, doc: &Document, bytes: u64) {
        self.progress.inc(bytes);
        if let Some(report) = &mut self.report {
            report.document(at, doc, bytes);
        }
    }

    /// Reports a problem on stderr, unless many of its kind were reported for its file already.
    fn problem(&mut self, at: &Location, reason: &str) {
        if let Some(report) = &mut self.report {
            report.problem(at, reason);
        }
        for line in self.problems.note(at, reason) {
            self.progress.suspend(|| say!("{line}"));
        }
    }

    fn attribution(
        &mut self,
        engine: &Engine,
        doc: &Document,
        scored: &Scored,
    ) -> std::io::Result<()> {
        if let Some(report) = &mut self.report {
            report.attribution(engine, doc, scored)?;
        }
        match &mut self.evidence {
            Some(out) => out.attribution(engine, doc, scored),
            None => Ok(()),
        }
    }
}

impl Teller<'_> {
    /// Reports the tallies of the problems not shown one by one.
    fn finish(&mut self) {
        for line in self.problems.finish() {
            self.progress.suspend(|| say!("{line}"));
        }
    }
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
