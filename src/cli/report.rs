//! `stance report`: a corpus in, one self-contained HTML page out (also `score --report`).

use anyhow::{bail, Result};
use std::path::{Path, PathBuf};

use super::corpus::{summary, CorpusArgs, CorpusRun, Inputs};
use super::output::write_output;
use super::{say, EXIT_OK, EXIT_SKIPPED};
use stance::report::{self, collect::DEFAULT_TOP_K, ReportOptions, DEFAULT_ACTORS};

/// Scores a corpus and writes one HTML page to look at: a heatmap per scorer whose cells open
/// onto their evidence, actor profiles, the signed network, a dyad time line (with --by) and the
/// run's summary. The page works offline and fetches nothing.
///
/// Inputs and options as `stance score` takes them; with no input, the bundled sample.
///
/// Exit codes: 0 success; 1 some input was skipped; 2 fatal or usage error.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Files, directories, or `-` for standard input.
    inputs: Vec<String>,
    #[command(flatten)]
    corpus: CorpusArgs,
    /// The HTML file to write (atomically).
    #[arg(short, long, value_name = "FILE.html")]
    output: PathBuf,
    #[command(flatten)]
    limits: ReportLimits,
}

/// How much a report shows.
#[derive(Debug, Clone, clap::Args)]
pub struct ReportLimits {
    /// Show the N most active actors in the report (the page notes what it left out).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_ACTORS)]
    pub report_actors: usize,
    /// The report's title (default: names the inputs).
    #[arg(long, value_name = "TEXT")]
    pub report_title: Option<String>,
}

pub fn run(mut args: ReportArgs) -> Result<i32> {
    let by = args.corpus.granularity()?;
    check_path(&args.output)?;
    let inputs = Inputs::check(&args.inputs)?;
    let actors = args.corpus.read.load_actors()?;
    args.corpus.report_top_k = Some(DEFAULT_TOP_K);
    let run = args.corpus.run(inputs, by, actors, None)?;
    if run.output.stopped {
        bail!("stopped at the first problem (--strict); no output written");
    }
    write(&args.output, &run, &args.inputs, &args.corpus, &args.limits)?;
    if !args.corpus.read.quiet {
        summary(&run.output.stats, run.seconds);
        say!("report written to {}", args.output.display());
    }
    Ok(
        if run.output.stats.documents_skipped > 0 || run.output.stats.file_problems > 0 {
            EXIT_SKIPPED
        } else {
            EXIT_OK
        },
    )
}

/// Refuses an output name that is not a web page, before any work is done.
pub fn check_path(path: &Path) -> Result<()> {
    if !path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
    {
        bail!(
            "{}: the report is one HTML page; name the file .html",
            path.display()
        );
    }
    Ok(())
}

/// Writes the report of `run` (which must have been run with `report_top_k` set).
pub fn write(
    path: &Path,
    run: &CorpusRun,
    inputs: &[String],
    corpus: &CorpusArgs,
    limits: &ReportLimits,
) -> Result<()> {
    let Some(collector) = &run.report else {
        bail!("internal: the run gathered no report material");
    };
    if limits.report_actors == 0 {
        bail!("--report-actors must be at least 1");
    }
    let input_names = if inputs.is_empty() {
        "the bundled sample (sample/libya_2019_2020.jsonl)".to_string()
    } else {
        inputs.join(", ")
    };
    let list = |files: &[PathBuf], default: &str| {
        if files.is_empty() {
            default.to_string()
        } else {
            files
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        }
    };
    let mut settings = vec![
        ("inputs".to_string(), input_names.clone()),
        (
            "actor lexicon".to_string(),
            list(&corpus.read.actors, stance::actors::BUNDLED_LIBYA_PATH),
        ),
        (
            "cue lexicon".to_string(),
            if corpus.cues.with_bundled_cues {
                format!("bundled + {}", list(&corpus.cues.cues, ""))
            } else {
                list(&corpus.cues.cues, "lexicons/cues/conflict.tsv (bundled)")
            },
        ),
        (
            "valence lexicon".to_string(),
            "VADER 3.3.2 (bundled)".to_string(),
        ),
        (
            "verb dictionary".to_string(),
            corpus.read.verbs.verbs.clone().unwrap_or("off".into()),
        ),
        ("level".to_string(), corpus.level.name().to_string()),
        (
            "attribution from structure (--syntax)".to_string(),
            if corpus.syntax { "on" } else { "off" }.to_string(),
        ),
    ];
    if let Some(by) = &corpus.by {
        settings.push(("by".to_string(), by.clone()));
    }
    let options = ReportOptions {
        title: limits
            .report_title
            .clone()
            .unwrap_or_else(|| format!("stance report: {input_names}")),
        max_actors: limits.report_actors,
        by: run.by,
        settings,
    };
    let actors = run.engine.actors();
    write_output(Some(path), |out| {
        report::write_report(
            out,
            &run.output.acc,
            actors,
            &run.output.stats,
            collector,
            &options,
        )
    })
}
