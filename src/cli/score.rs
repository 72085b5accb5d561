//! `stance score`: a corpus in, a source x target matrix out.

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};

use super::corpus::{summary, CorpusArgs, Inputs};
use super::output::{write_output, OutputFile};
use super::{EXIT_OK, EXIT_SKIPPED};
use stance::actors::ActorSet;
use stance::export;
use stance::matrix::partial::write_partial;
use stance::matrix::{self, Accumulator, OutputOptions, WideValue};

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
    #[command(flatten)]
    corpus: CorpusArgs,
    #[command(flatten)]
    matrix: MatrixArgs,
    /// Also write the run's exact accumulator here, for `stance merge` (see README, "Partials").
    #[arg(long, value_name = "FILE")]
    partial: Option<PathBuf>,
    /// Write every attribution with its scores and sentence here, as JSON Lines.
    #[arg(long, value_name = "FILE")]
    evidence: Option<PathBuf>,
    /// Also draw a heatmap of one scorer's matrix (all periods) as SVG.
    #[arg(long, value_name = "FILE.svg")]
    heatmap: Option<PathBuf>,
    /// Also write the network of one scorer's matrix (all periods), by extension: .graphml or .gexf.
    #[arg(long, value_name = "FILE.graphml|FILE.gexf")]
    graph: Option<PathBuf>,
    /// Also write one self-contained HTML page to look at the run (see `stance report`).
    #[arg(long, value_name = "FILE.html")]
    report: Option<PathBuf>,
    #[command(flatten)]
    report_limits: super::report::ReportLimits,
    /// The scorer drawn by --heatmap and --graph: any scorer that runs (conflict, stance,
    /// valence, or a --lexicon scorer).
    #[arg(long, value_name = "SCORER", default_value = "stance")]
    picture_scorer: String,
}

/// Where and how the matrix is written.
#[derive(Debug, clap::Args)]
pub struct MatrixArgs {
    /// Output format of the matrix.
    #[arg(long, value_enum, default_value = "csv")]
    pub format: OutputFormat,
    /// CSV layout: one row per cell (long) or a source x target table per scorer (wide).
    #[arg(long, value_enum, default_value = "long")]
    pub layout: LayoutArg,
    /// What each cell of `--layout wide` holds: the mean, or n (the number of scores).
    #[arg(long, value_enum, value_name = "mean|n")]
    pub value: Option<ValueArg>,
    /// Write the matrix here (atomically) instead of standard output; a name ending in .npy
    /// writes the means as a NumPy array (scorer x source x target) with FILE.labels.json beside it.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// The matrix file format.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum OutputFormat {
    Csv,
    Json,
}

/// The CSV layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LayoutArg {
    Long,
    Wide,
}

/// What the cells of the wide layout hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ValueArg {
    /// The mean score.
    Mean,
    /// The number of scores.
    N,
}

impl MatrixArgs {
    /// Whether `-o` names a NumPy file.
    fn npy_path(&self) -> Option<&Path> {
        self.output
            .as_deref()
            .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("npy")))
    }

    /// Refuses combinations that could only be ignored or would silently lose something; called
    /// before any work is done, with the time slices of the run (`by`).
    pub fn check(&self, by: Option<matrix::period::Granularity>) -> Result<()> {
        if let Some(npy) = self.npy_path() {
            let npy = npy.display();
            if matches!(self.format, OutputFormat::Json) || self.layout == LayoutArg::Wide {
                bail!(
                    "-o {npy} writes a NumPy array of the means (scorer x source x target); \
                     --format json and --layout wide do not apply to it: drop them, or give \
                     -o a name that does not end in .npy"
                );
            }
            if self.value.is_some() {
                bail!("-o {npy} writes a NumPy array of the means; --value does not apply to it");
            }
            if let Some(g) = by {
                bail!(
                    "-o {npy} holds one matrix per scorer over all periods, so it would pool \
                     the --by {} slices into one: write CSV or JSON, which keep a period \
                     column, or score without --by",
                    g.name()
                );
            }
        }
        if matches!(self.format, OutputFormat::Json) && self.layout == LayoutArg::Wide {
            bail!(
                "--layout wide is a CSV layout; the JSON matrix lists every cell with its n, \
                 mean, sd and interval: drop --layout wide, or use --format csv"
            );
        }
        if self.value.is_some() && self.layout != LayoutArg::Wide {
            bail!(
                "--value chooses what the cells of --layout wide hold; the long CSV and JSON \
                 already give n and mean for every cell (add --layout wide)"
            );
        }
        Ok(())
    }

    /// The output options these arguments ask for, with time slices `by`.
    pub fn options(&self, by: Option<matrix::period::Granularity>) -> OutputOptions {
        OutputOptions {
            by,
            wide_value: match self.value {
                Some(ValueArg::N) => WideValue::N,
                Some(ValueArg::Mean) | None => WideValue::Mean,
            },
        }
    }
}

enum GraphFormat {
    GraphMl,
    Gexf,
}

fn graph_format(path: &Path) -> Option<GraphFormat> {
    match path.extension()?.to_str()? {
        "graphml" => Some(GraphFormat::GraphMl),
        "gexf" => Some(GraphFormat::Gexf),
        _ => None,
    }
}

pub fn run(mut args: ScoreArgs) -> Result<i32> {
    let by = args.corpus.granularity()?;
    args.matrix.check(by)?;
    if let Some(heatmap) = &args.heatmap {
        if !heatmap
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
        {
            bail!(
                "--heatmap {}: the heatmap is drawn as SVG only; name the file .svg (a PNG can \
                 be made from it, e.g. with rsvg-convert)",
                heatmap.display()
            );
        }
    }
    if let Some(graph) = &args.graph {
        if graph_format(graph).is_none() {
            bail!(
                "--graph {}: the file name must end in .graphml or .gexf",
                graph.display()
            );
        }
    }
    if let Some(report) = &args.report {
        super::report::check_path(report)?;
        args.corpus.report_top_k = Some(stance::report::collect::DEFAULT_TOP_K);
    }
    if args.heatmap.is_some() || args.graph.is_some() {
        args.corpus
            .require_scorer("--picture-scorer", &args.picture_scorer)?;
    }
    let inputs = Inputs::check(&args.inputs)?;
    let actors = args.corpus.read.load_actors()?;
    // A partial carries what it read, so that `merge` can refuse to count it twice.
    args.corpus.digest_inputs = args.partial.is_some();
    // Only the JSON matrix and the partial carry the cells' evidence sentences: for CSV and
    // .npy output, copying them into every scorer's cells is work no one reads.
    let json = args.matrix.npy_path().is_none() && matches!(args.matrix.format, OutputFormat::Json);
    args.corpus.skip_cell_evidence = args.partial.is_none() && !json;
    let mut evidence = args
        .evidence
        .as_deref()
        .map(OutputFile::create)
        .transpose()?;
    let run = args.corpus.run(inputs, by, actors, evidence.as_mut())?;
    if run.output.stopped {
        bail!("stopped at the first problem (--strict); no output written");
    }
    let (acc, stats) = (&run.output.acc, &run.output.stats);
    let actors = run.engine.actors();
    let options = args.matrix.options(by);
    write_matrix(&args.matrix, acc, actors, stats, &options)?;
    if let Some(path) = &args.partial {
        let level = args.corpus.level.name();
        write_output(Some(path), |out| {
            write_partial(
                out,
                acc,
                actors,
                stats,
                args.corpus.by.as_deref(),
                level,
                &run.output.inputs,
            )
        })?;
    }
    let scorer = args.picture_scorer.as_str();
    if let Some(path) = &args.heatmap {
        let title = format!("stance matrix, {} documents", stats.documents_scored);
        write_output(Some(path), |out| {
            export::write_heatmap_svg(out, acc, actors, scorer, &title)
        })?;
    }
    if let Some(path) = &args.graph {
        write_output(Some(path), |out| match graph_format(path) {
            Some(GraphFormat::Gexf) => export::write_gexf(out, acc, actors, scorer),
            _ => export::write_graphml(out, acc, actors, scorer),
        })?;
    }
    if let Some(path) = &args.report {
        super::report::write(path, &run, &args.inputs, &args.corpus, &args.report_limits)?;
    }
    if let Some(file) = evidence {
        file.commit()?;
    }
    if !args.corpus.read.quiet {
        summary(stats, run.seconds);
    }
    let code = if stats.documents_skipped > 0 || stats.file_problems > 0 {
        EXIT_SKIPPED
    } else {
        EXIT_OK
    };
    // The process ends next: freeing the matrix and the actor set cell by cell would only cost
    // time (about 4% of a run with `--actors world`, whose tables are large).
    std::mem::forget(run);
    Ok(code)
}

/// Writes the matrix as `--format`, `--layout` and `-o` ask (a `.npy` name writes an array).
pub fn write_matrix(
    args: &MatrixArgs,
    acc: &Accumulator,
    actors: &ActorSet,
    stats: &stance::Stats,
    options: &OutputOptions,
) -> Result<()> {
    match args.npy_path() {
        Some(path) => write_npy(path, acc, actors),
        None => write_output(args.output.as_deref(), |out| {
            match (args.format, args.layout) {
                (OutputFormat::Json, _) => matrix::write_json(out, acc, actors, stats, options),
                (OutputFormat::Csv, LayoutArg::Long) => {
                    matrix::write_long_csv(out, acc, actors, options)
                }
                (OutputFormat::Csv, LayoutArg::Wide) => {
                    matrix::write_wide_csv(out, acc, actors, options)
                }
            }
        }),
    }
}

/// `FILE.npy` holds the means (scorer x source x target, NaN where empty) and `FILE.labels.json`
/// beside it the labels of the axes.
fn write_npy(path: &Path, acc: &Accumulator, actors: &ActorSet) -> Result<()> {
    use ndarray_npy::WriteNpyExt;
    let (array, labels) = export::npy_array(acc, actors);
    let mut file = OutputFile::create(path)?;
    array
        .write_npy(&mut file)
        .with_context(|| format!("{}: cannot write", path.display()))?;
    file.commit()?;
    write_output(Some(&path.with_extension("labels.json")), |out| {
        serde_json::to_writer_pretty(&mut *out, &labels)?;
        writeln!(out)
    })
}
