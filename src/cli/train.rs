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
    let TrainWhat::Syntax(args) = args.what;
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
