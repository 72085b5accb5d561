//! `stance score`: a corpus in, a source x target matrix out.

use anyhow::{bail, Context, Result};
use rayon::prelude::*;
use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc::sync_channel;
use std::time::Instant;

use super::output::{write_output, OutputFile};
use super::{say, EXIT_FATAL, EXIT_OK, EXIT_SKIPPED};
use stance::actors::ActorSet;
use stance::attribution::{Source, MAX_CLAUSE_ACTORS};
use stance::corpus::{check_inputs, CorpusReader, Event, FieldNames, Format, ReadOptions};
use stance::export;
use stance::matrix::period::{self, Date, Granularity};
use stance::matrix::{self, Accumulator, OutputOptions};
use stance::scorers::Scorer;
use stance::scorers::SCORERS;
use stance::{DocResult, Engine, Scratch, Stats};

/// The sample corpus scored when no input is given: short articles about Libya 2019-2020,
/// written for this project.
const SAMPLE_CORPUS: &[u8] = include_bytes!("../sample/libya_2019_2020.jsonl");

/// Scores a corpus into a source x target stance matrix, one per scorer.
///
/// Inputs: plain text files (one document each), JSON Lines (.jsonl, .ndjson), CSV (.csv) or TSV
/// (.tsv), optionally gzipped (.gz); directories are walked recursively in name order; `-` reads
/// standard input. With no input, a bundled sample corpus is scored.
///
/// Exit codes: 0 success; 1 some input was skipped (each reported as `path:line: reason`);
/// 2 fatal or usage error.
#[derive(Debug, clap::Args)]
pub struct ScoreArgs {
    /// Files, directories, or `-` for standard input.
    inputs: Vec<String>,
    /// Actor lexicon (TSV `id kind name aliases groups`); repeatable. Default: the bundled Libya lexicon.
    #[arg(long = "actors", value_name = "FILE")]
    actors: Vec<PathBuf>,
    /// Input format for every input, instead of guessing from the extension.
    #[arg(long, value_name = "text|jsonl|csv|tsv")]
    input_format: Option<String>,
    /// Field (JSON key or CSV column) holding the text.
    #[arg(long, default_value = "text")]
    text_field: String,
    /// Field holding the document id.
    #[arg(long, default_value = "id")]
    id_field: String,
    /// Field holding the date.
    #[arg(long, default_value = "date")]
    date_field: String,
    /// Field holding the title.
    #[arg(long, default_value = "title")]
    title_field: String,
    /// Field holding the source (publisher).
    #[arg(long, default_value = "source")]
    source_field: String,
    /// Output format of the matrix.
    #[arg(long, value_enum, default_value = "csv")]
    format: OutputFormat,
    /// CSV layout: one row per cell (long) or a source x target table per scorer (wide).
    #[arg(long, value_enum, default_value = "long")]
    layout: LayoutArg,
    /// Write the matrix here (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Write every attribution with its scores and sentence here, as JSON Lines.
    #[arg(long, value_name = "FILE")]
    evidence: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// One matrix per period of the document dates (ISO `YYYY-MM-DD...` or `YYYYMMDD`): adds a
    /// `period` column. Documents without a usable date are counted and go to `undated`.
    #[arg(long, value_name = "day|week|month|year")]
    by: Option<String>,
    /// `group` rolls persons up into their first group (SERRAJ into GNA); a dyad that rolls up
    /// into one group is dropped.
    #[arg(long, value_enum, default_value = "actor")]
    level: Level,
    /// Also draw a heatmap of one scorer's matrix (all periods) as SVG.
    #[arg(long, value_name = "FILE.svg")]
    heatmap: Option<PathBuf>,
    /// Also write the network of one scorer's matrix (all periods), by extension: .graphml or .gexf.
    #[arg(long, value_name = "FILE.graphml|FILE.gexf")]
    graph: Option<PathBuf>,
    /// The scorer drawn by --heatmap and --graph.
    #[arg(long, value_enum, default_value = "stance")]
    picture_scorer: PictureScorer,
    /// Stop at the first skipped record or unreadable file (exit code 2).
    #[arg(long)]
    strict: bool,
    /// No progress bar and no run summary.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum OutputFormat {
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Level {
    Actor,
    Group,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum PictureScorer {
    Stance,
    Valence,
}

impl PictureScorer {
    fn scorer(self) -> Scorer {
        match self {
            PictureScorer::Stance => Scorer::Stance,
            PictureScorer::Valence => Scorer::Valence,
        }
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum LayoutArg {
    Long,
    Wide,
}

/// Documents per batch handed to the workers; bounds memory while keeping both cores busy.
const BATCH_DOCS: usize = 256;
/// Bytes per batch, for corpora of long documents.
const BATCH_BYTES: u64 = 8 << 20;

pub fn run(args: ScoreArgs) -> Result<i32> {
    let started = Instant::now();
    let input_format = match &args.input_format {
        Some(name) => Some(Format::parse(name).with_context(|| {
            format!("--input-format {name:?}: expected text, jsonl, csv or tsv")
        })?),
        None => None,
    };
    let by = match &args.by {
        Some(name) => Some(
            Granularity::parse(name)
                .with_context(|| format!("--by {name:?}: expected day, week, month or year"))?,
        ),
        None => None,
    };
    if let Some(graph) = &args.graph {
        if graph_format(graph).is_none() {
            bail!(
                "--graph {}: the file name must end in .graphml or .gexf",
                graph.display()
            );
        }
    }
    if let Err(message) = check_inputs(&args.inputs) {
        say!("{message}");
        return Ok(EXIT_FATAL);
    }
    let actors = if args.actors.is_empty() {
        ActorSet::bundled()
    } else {
        match ActorSet::from_files(&args.actors) {
            Ok(set) => set,
            Err(errors) => {
                for e in &errors {
                    say!("{e}");
                }
                say!(
                    "{} error(s) in the actor lexicon; nothing was scored",
                    errors.len()
                );
                return Ok(EXIT_FATAL);
            }
        }
    };
    let engine = Engine::new(actors);
    let options = ReadOptions {
        format: input_format,
        fields: FieldNames {
            text: args.text_field.clone(),
            id: args.id_field.clone(),
            date: args.date_field.clone(),
            title: args.title_field.clone(),
            source: args.source_field.clone(),
        },
    };
    let reader = if args.inputs.is_empty() {
        CorpusReader::from_stream(
            "sample/libya_2019_2020.jsonl (bundled)",
            Box::new(SAMPLE_CORPUS),
            input_format.unwrap_or(Format::Jsonl),
            options,
        )
    } else {
        CorpusReader::new(&args.inputs, options)
    };
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(n) = args.threads {
        if n == 0 {
            bail!("--threads must be at least 1");
        }
        pool = pool.num_threads(n);
    }
    let pool = pool.build().context("cannot start worker threads")?;

    let mut evidence = match &args.evidence {
        Some(path) => Some(OutputFile::create(path)?),
        None => None,
    };
    let progress = progress_bar(args.quiet);
    let mut acc = Accumulator::default();
    let mut stats = Stats::default();
    let mut line = Vec::new();

    // The reader runs on its own thread, a bounded number of batches ahead of the workers.
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

    let mut fatal = false;
    'batches: for batch in rx {
        let results: Vec<Option<DocResult>> = pool.install(|| {
            batch
                .par_iter()
                .map_init(Scratch::default, |scratch, event| match event {
                    Event::Document { doc, .. } => Some(engine.analyze(doc, scratch)),
                    _ => None,
                })
                .collect()
        });
        // Merging in input order keeps the evidence file in document order; the matrix would be
        // identical in any order.
        for (event, result) in batch.iter().zip(results) {
            match (event, result) {
                (Event::Document { doc, bytes, .. }, Some(result)) => {
                    stats += &result.stats;
                    stats.bytes += bytes;
                    progress.inc(*bytes);
                    let period = match by {
                        None => period::UNDATED,
                        Some(g) => match doc.date.as_deref().and_then(Date::parse) {
                            Some(date) => g.period(date),
                            None => {
                                stats.documents_undated += 1;
                                period::UNDATED
                            }
                        },
                    };
                    for scored in &result.scored {
                        if let Some(rolled) = roll_up(engine.actors(), args.level, scored) {
                            acc.add(period, &rolled, Some(doc));
                        }
                        if let Some(out) = evidence.as_mut() {
                            write_evidence(out, &mut line, &engine, doc, scored)?;
                        }
                    }
                }
                (Event::Skipped { at, reason }, _) => {
                    progress.suspend(|| say!("{at}: {reason}"));
                    stats.documents_read += 1;
                    stats.documents_skipped += 1;
                    if args.strict {
                        fatal = true;
                        break 'batches;
                    }
                }
                (Event::FileProblem { at, reason }, _) => {
                    progress.suspend(|| say!("{at}: {reason}"));
                    stats.file_problems += 1;
                    if args.strict {
                        fatal = true;
                        break 'batches;
                    }
                }
                (Event::Document { .. }, None) => unreachable!("documents are always analysed"),
            }
        }
    }
    drop(reading); // with --strict the reader may still be blocked on a full channel; it ends with us
    progress.finish_and_clear();
    if fatal {
        say!("stopped at the first problem (--strict); no output written");
        return Ok(EXIT_FATAL);
    }

    let actors = engine.actors();
    let options = OutputOptions { by };
    let npy = args
        .output
        .as_deref()
        .filter(|p| p.extension().is_some_and(|e| e == "npy"));
    if let Some(path) = npy {
        write_npy(path, &acc, actors)?;
    } else {
        write_output(args.output.as_deref(), |out| {
            match (args.format, args.layout) {
                (OutputFormat::Json, _) => matrix::write_json(out, &acc, actors, &stats, &options),
                (OutputFormat::Csv, LayoutArg::Long) => {
                    matrix::write_long_csv(out, &acc, actors, &options)
                }
                (OutputFormat::Csv, LayoutArg::Wide) => {
                    matrix::write_wide_csv(out, &acc, actors, &options)
                }
            }
        })?;
    }
    let scorer = args.picture_scorer.scorer();
    if let Some(path) = &args.heatmap {
        let title = format!("stance matrix, {} documents", stats.documents_scored);
        write_output(Some(path), |out| {
            export::write_heatmap_svg(out, &acc, actors, scorer, &title)
        })?;
    }
    if let Some(path) = &args.graph {
        write_output(Some(path), |out| match graph_format(path) {
            Some(GraphFormat::Gexf) => export::write_gexf(out, &acc, actors, scorer),
            _ => export::write_graphml(out, &acc, actors, scorer),
        })?;
    }
    if let Some(file) = evidence {
        file.commit()?;
    }
    if !args.quiet {
        summary(&stats, started.elapsed().as_secs_f64());
    }
    Ok(if stats.documents_skipped > 0 || stats.file_problems > 0 {
        EXIT_SKIPPED
    } else {
        EXIT_OK
    })
}

/// The attribution at the chosen level, or `None` when source and target roll up into one.
fn roll_up(actors: &ActorSet, level: Level, scored: &stance::Scored) -> Option<stance::Scored> {
    if level == Level::Actor {
        return Some(*scored);
    }
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

enum GraphFormat {
    GraphMl,
    Gexf,
}

fn graph_format(path: &std::path::Path) -> Option<GraphFormat> {
    match path.extension()?.to_str()? {
        "graphml" => Some(GraphFormat::GraphMl),
        "gexf" => Some(GraphFormat::Gexf),
        _ => None,
    }
}

/// `FILE.npy` holds the means (scorer x source x target, NaN where empty) and `FILE.labels.json`
/// beside it the labels of the axes.
fn write_npy(path: &std::path::Path, acc: &Accumulator, actors: &ActorSet) -> Result<()> {
    use ndarray_npy::WriteNpyExt;
    let (array, labels) = export::npy_array(acc, actors);
    let mut file = OutputFile::create(path)?;
    array
        .write_npy(&mut file)
        .with_context(|| format!("{}: cannot write", path.display()))?;
    file.commit()?;
    let labels_path = path.with_extension("labels.json");
    write_output(Some(&labels_path), |out| {
        serde_json::to_writer_pretty(&mut *out, &labels)?;
        writeln!(out)
    })
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

fn summary(stats: &Stats, seconds: f64) {
    let mb = stats.bytes as f64 / 1e6;
    say!(
        "{} documents read: {} scored, {} skipped{}{}; {} sentences, {} mentions, {} attributions{}; {:.2} s, {:.1} MB/s",
        stats.documents_read,
        stats.documents_scored,
        stats.documents_skipped,
        if stats.file_problems > 0 { format!(" ({} file problem(s))", stats.file_problems) } else { String::new() },
        stats.sentences,
        stats.mentions,
        stats.attributions,
        if stats.documents_undated > 0 {
            format!(" ({} document(s) without a date, in period `undated`)", stats.documents_undated)
        } else {
            String::new()
        },
        if stats.clauses_capped > 0 {
            format!(" ({} clause(s) naming over {MAX_CLAUSE_ACTORS} actors kept for @author only)", stats.clauses_capped)
        } else {
            String::new()
        },
        seconds,
        if seconds > 0.0 { mb / seconds } else { 0.0 },
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
    scores: serde_json::Map<String, serde_json::Value>,
    text: &'a str,
    scope: &'a str,
}

fn write_evidence(
    out: &mut OutputFile,
    line: &mut Vec<u8>,
    engine: &Engine,
    doc: &stance::corpus::Document,
    scored: &stance::Scored,
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
            scores,
            text: scored.sentence_span.slice(&doc.text),
            scope: a.scope.slice(&doc.text),
        },
    )?;
    line.push(b'\n');
    out.write_all(line)
        .context("cannot write the evidence file")?;
    Ok(())
}
