//! `stance bench`: throughput on the user's own corpus, per stage and per thread count.

use anyhow::{bail, Context, Result};
use serde::Serialize;
use std::num::NonZeroUsize;
use std::time::Instant;

use super::corpus::{CueArgs, Inputs, ReadArgs};
use super::output::write_output;
use super::problems::ProblemLog;
use super::{say, EXIT_OK};
use stance::corpus::{Document, Event};
use stance::run::RunTiming;
use stance::{Engine, Run, RunOptions, Stats};

/// Measures throughput: the corpus (the bundled sample when none is given) is read once, repeated
/// in memory up to --size, then scored with each thread count. Reports MB/s, documents/s and
/// sentences/s, the share of time per stage (read, split, match, attribute, score, merge), peak
/// memory, and the speed-up over the first thread count. Thread counts are timed in rounds,
/// one pass of each per round, so a speed-up compares passes run side by side in time.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// Files, directories, or `-`.
    inputs: Vec<String>,
    #[command(flatten)]
    read: ReadArgs,
    #[command(flatten)]
    cues: CueArgs,
    /// Repeat the corpus in memory up to this size (e.g. 20MB, 1GB).
    #[arg(long, default_value = "20MB", value_parser = parse_size)]
    size: u64,
    /// Thread counts to measure, comma-separated.
    #[arg(long, default_value = "1,2", value_delimiter = ',')]
    threads: Vec<usize>,
    /// Rounds of timed passes: each round times every thread count once. Seconds and
    /// speed-ups are the medians over the rounds.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=100))]
    rounds: u32,
    /// One JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

fn parse_size(s: &str) -> Result<u64, String> {
    let upper = s.trim().to_ascii_uppercase();
    let (digits, unit) = upper.split_at(
        upper
            .find(|c: char| !c.is_ascii_digit() && c != '.')
            .unwrap_or(upper.len()),
    );
    let n: f64 = digits
        .parse()
        .map_err(|_| format!("{s:?}: expected a size such as 20MB"))?;
    let mult = match unit.trim() {
        "" | "B" => 1.0,
        "KB" | "K" => 1e3,
        "MB" | "M" => 1e6,
        "GB" | "G" => 1e9,
        other => return Err(format!("{s:?}: unknown unit {other:?} (B, KB, MB, GB)")),
    };
    Ok((n * mult) as u64)
}

#[derive(Debug, Serialize)]
struct ThreadRun {
    threads: usize,
    /// Median over the rounds.
    seconds: f64,
    mb_per_s: f64,
    documents_per_s: f64,
    sentences_per_s: f64,
    /// Median over the rounds of the first thread count's time over this one's, in the same round.
    speedup: f64,
}

#[derive(Debug, Serialize)]
struct Report {
    corpus_bytes: u64,
    documents: u64,
    /// Records and files of the input that could not be read, each reported on stderr.
    skipped: u64,
    copies: u64,
    rounds: u32,
    read_seconds: f64,
    /// Share of single-thread time per stage, in percent.
    stage_share: Vec<(&'static str, f64)>,
    runs: Vec<ThreadRun>,
    peak_rss_mb: Option<f64>,
    stats: Stats,
}

/// The median of `values` (the mean of the middle two for an even count); sorts them.
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => values[n / 2],
        _ => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// Peak resident memory of this process, from /proc (Linux); `None` elsewhere.
fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

pub fn run(args: BenchArgs) -> Result<i32> {
    if args.threads.is_empty() || args.threads.contains(&0) {
        bail!("--threads takes thread counts of at least 1, e.g. 1,2");
    }
    let actors = args.read.load_actors()?;
    let scorers = args.cues.scorers()?;
    let scorers = args.read.verbs.add_to(scorers, args.read.quiet)?;
    let scorers = args.read.calibration.add_to(scorers)?;
    let scorers = args.read.dictionaries.add_to(scorers, args.read.quiet)?;
    let engine = Engine::with_scorers(actors, scorers);
    let started = Instant::now();
    let mut docs: Vec<Document> = Vec::new();
    let mut bytes = 0u64;
    let mut skipped = 0u64;
    let mut log = ProblemLog::default();
    for event in args.read.reader(Inputs::check(&args.inputs)?)? {
        match event {
            Event::Document { doc, bytes: b, .. } => {
                bytes += b;
                docs.push(doc);
            }
            Event::Skipped { at, reason } | Event::FileProblem { at, reason } => {
                log.note(&at, &reason).iter().for_each(|l| say!("{l}"));
                skipped += 1;
            }
        }
    }
    log.finish().iter().for_each(|l| say!("{l}"));
    let read_seconds = started.elapsed().as_secs_f64();
    if docs.is_empty() {
        bail!("no document to measure");
    }
    let copies = args.size.div_ceil(bytes.max(1)).max(1);
    let one = docs.len();
    for _ in 1..copies {
        docs.extend_from_within(..one);
    }
    let total_bytes = bytes * copies;

    // One untimed pass warms caches and memory first; then each thread count is measured
    // without instrumentation; stage shares come from a separate instrumented pass. Each pass is
    // `stance score`'s own path (stance::Run: the reader thread, batches, the ordered merge with
    // cell evidence), fed from memory instead of the files; the copy it consumes is made before
    // the clock starts.
    let pass = |threads: usize, timed: bool| -> Result<(f64, Stats, RunTiming)> {
        let options = RunOptions {
            threads: Some(NonZeroUsize::new(threads).context("--threads must be at least 1")?),
            timed,
            ..RunOptions::default()
        };
        let run = Run::new(engine.clone(), options);
        let input = docs.clone();
        let t0 = Instant::now();
        let output = run.score_documents(input, &mut ())?;
        let seconds = t0.elapsed().as_secs_f64();
        std::hint::black_box(output.acc.len());
        Ok((seconds, output.stats, output.timing.unwrap_or_default()))
    };
    pass(args.threads[0], false)?;
    // Timing the thread counts in turn within each round, rather than all passes of one count and
    // then the next, keeps a shared machine's drift out of the speed-up.
    let mut seconds: Vec<Vec<f64>> = vec![Vec::new(); args.threads.len()];
    let mut speedups: Vec<Vec<f64>> = vec![Vec::new(); args.threads.len()];
    let mut stats = Stats::default();
    for _ in 0..args.rounds {
        let mut first = 0.0;
        for (i, &threads) in args.threads.iter().enumerate() {
            let (s, run_stats, _) = pass(threads, false)?;
            stats = run_stats;
            if i == 0 {
                first = s;
            }
            seconds[i].push(s);
            speedups[i].push(first / s);
        }
    }
    let runs: Vec<ThreadRun> = args
        .threads
        .iter()
        .zip(seconds.iter_mut().zip(&mut speedups))
        .map(|(&threads, (s, up))| {
            let seconds = median(s);
            ThreadRun {
                threads,
                seconds,
                mb_per_s: total_bytes as f64 / 1e6 / seconds,
                documents_per_s: docs.len() as f64 / seconds,
                sentences_per_s: stats.sentences as f64 / seconds,
                speedup: median(up),
            }
        })
        .collect();
    let (_, _, timing) = pass(1, true)?;
    let (stages, merge_ns) = (timing.stages, timing.merge);
    let read_ns = read_seconds * 1e9 * copies as f64;
    let parts = [
        ("read", read_ns),
        ("split", stages.splitting as f64),
        ("match", stages.matching as f64),
        ("attribute", stages.attribution as f64),
        ("score", stages.scoring as f64),
        ("merge", merge_ns as f64),
    ];
    let total: f64 = parts.iter().map(|(_, v)| v).sum();
    let report = Report {
        corpus_bytes: total_bytes,
        documents: docs.len() as u64,
        skipped,
        copies,
        rounds: args.rounds,
        read_seconds,
        stage_share: parts
            .iter()
            .map(|(k, v)| (*k, 100.0 * v / total.max(1.0)))
            .collect(),
        runs,
        peak_rss_mb: peak_rss_mb(),
        stats,
    };
    write_output(None, |out| {
        if args.json {
            serde_json::to_writer_pretty(&mut *out, &report)?;
            return writeln!(out);
        }
        writeln!(
            out,
            "corpus: {:.1} MB, {} documents ({} cop{} of the input, read once in {:.2} s; {} record(s) or file(s) skipped)",
            report.corpus_bytes as f64 / 1e6,
            report.documents,
            report.copies,
            if report.copies == 1 { "y" } else { "ies" },
            report.read_seconds,
            report.skipped
        )?;
        writeln!(
            out,
            "\nmedians of {} round(s); speed-up against {} thread(s) in the same round",
            report.rounds, report.runs[0].threads
        )?;
        writeln!(
            out,
            "{:>8} {:>9} {:>9} {:>12} {:>13} {:>8}",
            "threads", "seconds", "MB/s", "documents/s", "sentences/s", "speedup"
        )?;
        for r in &report.runs {
            writeln!(
                out,
                "{:>8} {:>9.3} {:>9.1} {:>12.0} {:>13.0} {:>7.2}x",
                r.threads, r.seconds, r.mb_per_s, r.documents_per_s, r.sentences_per_s, r.speedup
            )?;
        }
        writeln!(out, "\nshare of time per stage (one thread, instrumented pass; read counted once per copy):")?;
        for (k, v) in &report.stage_share {
            writeln!(out, "  {k:<10} {v:5.1}%")?;
        }
        match report.peak_rss_mb {
            Some(mb) => writeln!(out, "\npeak memory: {mb:.1} MB (the corpus is held in memory here; `stance score` streams it)"),
            None => writeln!(out, "\npeak memory: not available on this system"),
        }
    })?;
    Ok(EXIT_OK)
}
