//! Subcommands, exit codes and messages.
//!
//! Exit codes: 0 success; 1 finished, but some input was skipped (each skip reported on stderr as
//! `path:line: reason`); 2 fatal or usage error; 129, 130, 143 interrupted by SIGHUP, SIGINT, SIGTERM
//! (see [`interrupt`]). A closed output pipe (`stance ... | head`) exits 0.

mod actors;
mod bench;
mod calibration;
mod compare;
mod corpus;
mod dictionaries;
mod eval;
mod explain;
mod interrupt;
mod lexicon;
mod merge;
mod output;
mod parse;
mod problems;
mod report;
mod score;
mod train;
mod valence;
mod verbs;

use clap::{Parser, Subcommand};

/// Everything went well.
pub const EXIT_OK: i32 = 0;
/// The run finished, but some input was skipped.
pub const EXIT_SKIPPED: i32 = 1;
/// A fatal or usage error.
pub const EXIT_FATAL: i32 = 2;

/// Measures who stands where in the news: a source x target stance matrix per scorer.
///
/// Exit codes: 0 success; 1 finished but some input was skipped (each reported as
/// `path:line: reason` on stderr); 2 fatal or usage error.
#[derive(Debug, Parser)]
#[command(name = "stance", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Parsed once per process: the size of the arguments does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum Command {
    Score(score::ScoreArgs),
    Valence(valence::ValenceArgs),
    Compare(compare::CompareArgs),
    Actors(actors::ActorsArgs),
    Merge(merge::MergeArgs),
    Bench(bench::BenchArgs),
    Lexicon(lexicon::LexiconArgs),
    Eval(eval::EvalArgs),
    Explain(explain::ExplainArgs),
    Train(train::TrainArgs),
    Parse(parse::ParseArgs),
    Report(report::ReportArgs),
}

/// Prints a message on stderr with the `stance:` prefix.
macro_rules! say {
    ($($arg:tt)*) => {{
        #[allow(clippy::print_stderr)]
        { eprintln!("stance: {}", format_args!($($arg)*)); }
    }};
}
pub(crate) use say;

/// Runs the command line and returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_FATAL } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    interrupt::install();
    let result = match cli.command {
        Command::Score(args) => score::run(args),
        Command::Valence(args) => valence::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Actors(args) => actors::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Lexicon(args) => lexicon::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Train(args) => train::run(args),
        Command::Parse(args) => parse::run(args),
        Command::Report(args) => report::run(args),
    };
    match result {
        Ok(code) => code,
        Err(e) if output::is_broken_pipe(&e) => EXIT_OK,
        Err(e) => {
            say!("error: {e:#}");
            EXIT_FATAL
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
