//! `stance train syntax`: trains the tagger and parser on a UD treebank.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::output::OutputFile;
use super::{say, EXIT_OK};
use stance::syntax::conllu;
use stance::syntax::train::{train, TrainOptions};

/// Trains a model of the project.
#[derive(Debug, clap::Args)]
pub struct TrainArgs {
    #[command(subcommand)]
    what: TrainWhat,
}

#[derive(Debug, clap::Subcommand)]
enum TrainWhat {
    Syntax(SyntaxArgs),
    Calibration(CalibrationArgs),
}

/// Fits the calibrated stance score (`--calibrated`, src/calibration/) on training files only.
///
/// L2 strength and none-threshold are chosen by k-fold cross-validation over the training
/// files; the cross-validated macro-F1 of each file is printed beside the hand-weighted stance
/// scorer's and plain VADER's, measured on the same folds. The same files give the same bytes.
/// To rebuild the bundled model:
/// stance train calibration --dse ../shared/data/directed_sentiment_dse/train.txt
///   --newsmtsc ../shared/data/newsmtsc/original/train.jsonl
///   --pairs tests/data/realnews_train_pairs.tsv -o lexicons/calibration/stance_model.tsv
#[derive(Debug, clap::Args)]
struct CalibrationArgs {
    /// DSE training file.
    #[arg(long, value_name = "FILE")]
    dse: Option<PathBuf>,
    /// NewsMTSC training file (JSONL).
    #[arg(long, value_name = "FILE")]
    newsmtsc: Option<PathBuf>,
    /// Real-news pair annotation for training (the format of `stance eval pairs`; a name with
    /// `dev`, `valid` or `test` in it, like tests/data/realnews_dev_pairs.tsv, is refused).
    #[arg(long, value_name = "FILE")]
    pairs: Option<PathBuf>,
    /// --pairs: the folder the annotation's corpus paths are relative to.
    #[arg(long, value_name = "DIR", default_value = "../shared/data/corpora")]
    corpora: PathBuf,
    /// --pairs: actor dictionaries; default the three Phoenix ones the annotation was drawn
    /// with, beside the corpora (`../petrarch2_dictionaries/`).
    #[arg(long = "actors", value_name = "FILE")]
    actors: Vec<PathBuf>,
    /// Where to write the model (TSV).
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// Number of cross-validation folds.
    #[arg(long, default_value_t = stance::calibration::cv::Options::default().folds)]
    folds: usize,
    /// Seed of the fold shuffle.
    #[arg(long, default_value_t = stance::calibration::cv::Options::default().seed)]
    seed: u64,
    /// Also write the search (every trial, and each file's figures) as JSON here.
    #[arg(long, value_name = "FILE")]
    report: Option<PathBuf>,
    /// No progress messages.
    #[arg(long)]
    quiet: bool,
}

/// Refuses a file that looks like a dev or test split: the calibration reads training files only.
fn training_file(path: &Option<PathBuf>) -> Result<Option<&std::path::Path>> {
    let Some(path) = path else { return Ok(None) };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ["dev", "valid", "test"].iter().any(|w| name.contains(w)) {
        anyhow::bail!(
            "{}: looks like a dev or test split; the calibration is fitted on training files only",
            path.display()
        );
    }
    Ok(Some(path))
}

fn run_calibration(args: CalibrationArgs) -> Result<i32> {
    use stance::calibration::{cv, data};
    if args.folds < 2 {
        anyhow::bail!("--folds {}: cross-validation needs at least 2", args.folds);
    }
    let (dse, newsmtsc) = (training_file(&args.dse)?, training_file(&args.newsmtsc)?);
    let pairs = match training_file(&args.pairs)? {
        None => None,
        Some(path) => {
            let actors = if args.actors.is_empty() {
                let dir = args.corpora.join("../petrarch2_dictionaries");
                super::eval::PAIRS_DEFAULT_ACTORS
                    .iter()
                    .map(|f| dir.join(f))
                    .collect()
            } else {
                args.actors.clone()
            };
            Some(data::PairsFile {
                labels: path.to_path_buf(),
                corpora: args.corpora.clone(),
                actors,
            })
        }
    };
    if dse.is_none() && newsmtsc.is_none() && pairs.is_none() {
        anyhow::bail!(
            "give at least one training file: --dse FILE, --newsmtsc FILE and/or --pairs FILE"
        );
    }
    let start = std::time::Instant::now();
    let sets =
        data::training_sets(dse, newsmtsc, pairs.as_ref()).map_err(|e| anyhow::anyhow!("{e}"))?;
    let opts = cv::Options {
        folds: args.folds,
        seed: args.seed,
        ..cv::Options::default()
    };
    let quiet = args.quiet;
    let outcome = cv::train(&sets, &opts, &|line| {
        if !quiet {
            say!("{line}");
        }
    });
    let mut out = OutputFile::create(&args.output)?;
    out.write_all(outcome.model.to_tsv().as_bytes())
        .with_context(|| format!("{}: cannot write", args.output.display()))?;
    out.commit()?;
    if let Some(path) = &args.report {
        let mut r = OutputFile::create(path)?;
        r.write_all(serde_json::to_string_pretty(&outcome)?.as_bytes())
            .with_context(|| format!("{}: cannot write", path.display()))?;
        r.commit()?;
    }
    let p = &outcome.model.protocol;
    let mut table = format!(
        "chosen by {}-fold cross-validation: l2 {}, none_threshold {}\n\
         file\tn\tcalibrated_cv\tstance_cv\tvalence_cv\n",
        p.folds, p.l2, p.none_threshold
    );
    for f in &outcome.figures {
        table += &format!(
            "{}\t{}\t{:.3}\t{:.3}\t{:.3}\n",
            f.file, f.n, f.calibrated, f.stance, f.valence
        );
    }
    super::output::print_text(&table)?;
    if !quiet {
        say!(
            "wrote {} in {:.1} s",
            args.output.display(),
            start.elapsed().as_secs_f64()
        );
    }
    Ok(EXIT_OK)
}

/// Trains the part-of-speech tagger and dependency parser (src/syntax/) on CoNLL-U files.
///
/// The dev file only decides when each model stops training; the test split is never read.
/// The same files and options give the same model bytes. To rebuild the bundled model:
/// stance train syntax --train ../shared/data/ud_english_ewt/en_ewt-ud-train.conllu
///   --dev ../shared/data/ud_english_ewt/en_ewt-ud-dev.conllu -o lexicons/syntax/en_ewt.model
#[derive(Debug, clap::Args)]
struct SyntaxArgs {
    /// Training treebank (CoNLL-U).
    #[arg(long, value_name = "FILE")]
    train: PathBuf,
    /// Development treebank (CoNLL-U): picks the epoch to keep.
    #[arg(long, value_name = "FILE")]
    dev: PathBuf,
    /// Where to write the model.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// Most tagger epochs.
    #[arg(long, default_value_t = TrainOptions::default().tagger_epochs)]
    tagger_epochs: usize,
    /// Most parser epochs.
    #[arg(long, default_value_t = TrainOptions::default().parser_epochs)]
    parser_epochs: usize,
    /// Jackknife folds for the parser's training tags (1: none).
    #[arg(long, default_value_t = TrainOptions::default().folds)]
    folds: usize,
    /// Use only the first N training sentences (0: all).
    #[arg(long, default_value_t = 0)]
    limit: usize,
    /// Seed of shuffles and exploration.
    #[arg(long, default_value_t = TrainOptions::default().seed)]
    seed: u64,
    /// Drop averaged weights smaller than this.
    #[arg(long, default_value_t = TrainOptions::default().prune)]
    prune: f32,
    /// No progress messages.
    #[arg(long)]
    quiet: bool,
}

pub fn run(args: TrainArgs) -> Result<i32> {
    let args = match args.what {
        TrainWhat::Syntax(args) => args,
        TrainWhat::Calibration(args) => return run_calibration(args),
    };
    let mut train_set = conllu::read_file(&args.train)?;
    if args.limit > 0 {
        train_set.truncate(args.limit);
    }
    let dev_set = conllu::read_file(&args.dev)?;
    let opts = TrainOptions {
        tagger_epochs: args.tagger_epochs,
        parser_epochs: args.parser_epochs,
        folds: args.folds,
        seed: args.seed,
        prune: args.prune,
        verbose: !args.quiet,
        ..TrainOptions::default()
    };
    let start = std::time::Instant::now();
    let syntax = train(&train_set, &dev_set, &opts).map_err(anyhow::Error::msg)?;
    let bytes = syntax.to_bytes();
    let mut out = OutputFile::create(&args.output)?;
    out.write_all(&bytes)
        .with_context(|| format!("{}: cannot write", args.output.display()))?;
    out.commit()?;
    if !args.quiet {
        say!(
            "wrote {} ({} bytes) in {:.1} s",
            args.output.display(),
            bytes.len(),
            start.elapsed().as_secs_f64()
        );
    }
    Ok(EXIT_OK)
}
