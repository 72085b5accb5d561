//! `stance lexicon check`: validate lexicon files and report every problem at once.

use anyhow::Result;
use std::path::PathBuf;

use super::{say, EXIT_OK, EXIT_SKIPPED};
use stance::actors::{lexicon, ActorSet, LexiconError, LexiconFormat};
use stance::scorers::cues::CueLexicon;

/// Works with lexicon files.
#[derive(Debug, clap::Args)]
pub struct LexiconArgs {
    #[command(subcommand)]
    command: LexiconCommand,
}

#[derive(Debug, clap::Subcommand)]
enum LexiconCommand {
    /// Validates actor lexicons (header `id kind name aliases groups`) and cue lexicons (header
    /// `cue cameo weight`), printing every error as `path:line: reason`. Actor files are checked
    /// together, as `--actors` would load them (an alias claimed in two files is an error).
    /// Without paths, the bundled lexicons are checked. Exit code 1 when any error is found.
    Check {
        /// Lexicon files.
        paths: Vec<PathBuf>,
        /// PETRARCH-2 verb dictionaries (`CAMEO.2.0.txt` format): prints what each holds
        /// (blocks, verbs, forms, patterns, synsets, transformations) and every malformed line.
        #[arg(long, value_name = "FILE")]
        verbs: Vec<PathBuf>,
    },
}

pub fn run(args: LexiconArgs) -> Result<i32> {
    let LexiconCommand::Check { paths, verbs } = args.command;
    if !verbs.is_empty() {
        let mut errors = 0;
        for path in &verbs {
            match stance::verbs::VerbDictionary::from_file(path) {
                Ok((dict, problems)) => {
                    say!("{}: {}", path.display(), dict.counts());
                    for e in &problems {
                        say!("{e}");
                    }
                    errors += problems.len();
                }
                Err(e) => {
                    say!("{e}");
                    errors += 1;
                }
            }
        }
        if paths.is_empty() {
            if errors > 0 {
                say!("{errors} error(s)");
                return Ok(EXIT_SKIPPED);
            }
            return Ok(EXIT_OK);
        }
    }
    if paths.is_empty() {
        let actors = ActorSet::bundled();
        let _ = CueLexicon::bundled();
        say!(
            "bundled lexicons: ok ({} actors, {} aliases; cue lexicon valid)",
            actors.len(),
            actors.matcher().pattern_count()
        );
        return Ok(EXIT_OK);
    }
    let mut errors: Vec<LexiconError> = Vec::new();
    let mut actor_files = Vec::new();
    for path in &paths {
        let shown = path.display().to_string();
        let text = match std::fs::read(path) {
            Ok(bytes) => lexicon::decode(&shown, &bytes),
            Err(e) => Err(LexiconError {
                path: shown.clone(),
                line: 0,
                reason: format!("cannot read: {e}"),
            }),
        };
        match text {
            Err(e) => errors.push(e),
            Ok(text) if is_cue_lexicon(&text) => match CueLexicon::parse(&shown, &text) {
                Ok(_) => say!("{shown}: ok (cue lexicon)"),
                Err(e) => errors.extend(e),
            },
            Ok(_) => actor_files.push(path.clone()),
        }
    }
    if !actor_files.is_empty() {
        match ActorSet::from_files(&actor_files, LexiconFormat::Auto) {
            Ok((set, warnings)) => {
                for w in &warnings {
                    say!("warning: {w}");
                }
                say!(
                    "{} actor lexicon file(s): ok ({} actors, {} aliases)",
                    actor_files.len(),
                    set.len(),
                    set.matcher().pattern_count()
                )
            }
            Err(e) => errors.extend(e),
        }
    }
    for e in &errors {
        say!("{e}");
    }
    if errors.is_empty() {
        Ok(EXIT_OK)
    } else {
        say!("{} error(s)", errors.len());
        Ok(EXIT_SKIPPED)
    }
}

/// A cue lexicon starts (after comments) with the header `cue<TAB>cameo<TAB>weight`.
fn is_cue_lexicon(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| l.split('\t').next() == Some("cue"))
}
