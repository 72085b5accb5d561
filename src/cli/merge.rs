//! `stance merge`: partial results into the matrix of the whole corpus.

use anyhow::{Context, Result};
use std::path::PathBuf;

use super::output::write_output;
use super::say;
use super::score::{write_matrix, MatrixArgs};
use stance::matrix::partial::{merge_partials, read_partial, write_partial};
use stance::matrix::period::Granularity;

/// Merges partial results written by `stance score --partial` into the matrix, exactly as one
/// `stance score` over the whole corpus would write it. The partials must share --by and
/// --level. This is the reduce step of a map/reduce run: score parts anywhere, merge here.
/// Partials that hold the same records (one given twice, or two runs over one input) are
/// refused, as merging them would count those documents twice.
#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// Partial files.
    #[arg(required = true)]
    partials: Vec<PathBuf>,
    #[command(flatten)]
    matrix: MatrixArgs,
    /// Also write the merged partial (for merging in several stages).
    #[arg(long, value_name = "FILE")]
    partial: Option<PathBuf>,
    /// Merge partials even when they hold the same records, counting those documents as often
    /// as they occur.
    #[arg(long)]
    allow_overlap: bool,
}

pub fn run(args: MergeArgs) -> Result<i32> {
    // What can be checked before reading; the time slices come with the partials.
    args.matrix.check(None)?;
    let mut parts = Vec::with_capacity(args.partials.len());
    for path in &args.partials {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        let part = read_partial(&text).with_context(|| format!("{}", path.display()))?;
        parts.push((path.display().to_string(), part));
    }
    let merged = merge_partials(parts, args.allow_overlap).context("cannot merge")?;
    let by = merged
        .by
        .as_deref()
        .map(|name| {
            Granularity::parse(name)
                .with_context(|| format!("unknown --by {name:?} in the partials"))
        })
        .transpose()?;
    args.matrix.check(by)?;
    write_matrix(
        &args.matrix,
        &merged.acc,
        &merged.actors,
        &merged.stats,
        &args.matrix.options(by),
    )?;
    if let Some(path) = &args.partial {
        write_output(Some(path), |out| {
            write_partial(
                out,
                &merged.acc,
                &merged.actors,
                &merged.stats,
                merged.by.as_deref(),
                &merged.level,
                &merged.inputs,
            )
        })?;
    }
    say!(
        "{} partial(s) merged: {} documents read, {} scored, {} skipped; {} cells",
        args.partials.len(),
        merged.stats.documents_read,
        merged.stats.documents_scored,
        merged.stats.documents_skipped,
        merged.acc.len()
    );
    Ok(super::EXIT_OK)
}
