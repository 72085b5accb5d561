//! `stance lexicon check` and `stance lexicon show`: validate lexicon and dictionary files,
//! reporting every problem at once, and show what a dictionary holds.

use anyhow::Result;
use std::path::PathBuf;

use super::{say, EXIT_OK, EXIT_SKIPPED};
use stance::actors::{lexicon, ActorSet, LexiconError, LexiconFormat};
use stance::dictionary::{self, Encoding, Format, ReadOptions};
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
    ///
    /// Content-analysis dictionaries (LIWC `.dic`, WordStat `.cat`, Yoshikoder `.ykd`, Lexicoder
    /// `.lc3`/`.lcd`, YAML, MPQA `.tff`, CSV, `term<TAB>weight` lists such as AFINN, `;`-commented
    /// word lists such as Hu & Liu) are recognised by extension and content and checked one by
    /// one; warnings (what quanteda reads with a note) do not fail the check.
    Check {
        /// Lexicon or dictionary files.
        paths: Vec<PathBuf>,
        /// Reads every path as a dictionary of this format: weights, csv, wordlist, liwc,
        /// wordstat, yoshikoder, lexicoder, yaml, mpqa.
        #[arg(long = "format", value_name = "FORMAT", value_parser = parse_format)]
        format: Option<Format>,
        /// Text encoding of dictionary files: utf-8 (default), latin1, windows-1252.
        #[arg(long, value_name = "ENCODING", value_parser = parse_encoding, default_value = "utf-8")]
        encoding: Encoding,
        /// PETRARCH-2 verb dictionaries (`CAMEO.2.0.txt` format): prints what each holds
        /// (blocks, verbs, forms, patterns, synsets, transformations) and every malformed line.
        #[arg(long, value_name = "FILE")]
        verbs: Vec<PathBuf>,
    },
    /// Shows what a dictionary holds: its format, its categories with their entry counts, and
    /// the first entries of each (with weights where the file gives them).
    Show {
        /// The dictionary file, or the name of a bundled one (`afinn`).
        path: PathBuf,
        /// Its format (default: by extension and content).
        #[arg(long = "format", value_name = "FORMAT", value_parser = parse_format)]
        format: Option<Format>,
        /// Text encoding: utf-8 (default), latin1, windows-1252.
        #[arg(long, value_name = "ENCODING", value_parser = parse_encoding, default_value = "utf-8")]
        encoding: Encoding,
        /// How many entries to show per category.
        #[arg(long, value_name = "N", default_value_t = 5)]
        entries: usize,
    },
}

pub(super) fn parse_format(name: &str) -> Result<Format, String> {
    Format::parse(name).ok_or_else(|| {
        let names: Vec<_> = Format::ALL.iter().map(|f| f.name()).collect();
        format!(
            "unknown dictionary format `{name}`; expected one of {}",
            names.join(", ")
        )
    })
}

pub(super) fn parse_encoding(name: &str) -> Result<Encoding, String> {
    Encoding::parse(name)
        .ok_or_else(|| format!("unknown encoding `{name}`; expected utf-8, latin1 or windows-1252"))
}

pub fn run(args: LexiconArgs) -> Result<i32> {
    let (paths, verbs, format, encoding) = match args.command {
        LexiconCommand::Show {
            path,
            format,
            encoding,
            entries,
        } => return show(&path, ReadOptions { format, encoding }, entries),
        LexiconCommand::Check {
            paths,
            verbs,
            format,
            encoding,
        } => (paths, verbs, format, encoding),
    };
    let options = ReadOptions { format, encoding };
    let (dictionaries, paths): (Vec<PathBuf>, Vec<PathBuf>) = paths
        .into_iter()
        .partition(|p| options.format.is_some() || is_dictionary(p));
    let mut dictionary_errors = 0;
    for path in &dictionaries {
        dictionary_errors += check_dictionary(path, options);
    }
    if !dictionaries.is_empty() && paths.is_empty() && verbs.is_empty() {
        if dictionary_errors > 0 {
            say!("{dictionary_errors} error(s)");
            return Ok(EXIT_SKIPPED);
        }
        return Ok(EXIT_OK);
    }
    if !verbs.is_empty() {
        let mut errors = dictionary_errors;
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
    let total = errors.len() + dictionary_errors;
    if total == 0 {
        Ok(EXIT_OK)
    } else {
        say!("{total} error(s)");
        Ok(EXIT_SKIPPED)
    }
}

/// Whether `lexicon check` reads `path` as a content-analysis dictionary: by its extension, or,
/// for `.txt`/`.tsv` and others, when it starts as a `term<TAB>number` list or with `;`
/// comments (Hu & Liu). Anything else keeps its old meaning (actor, Phoenix or cue lexicon).
fn is_dictionary(path: &std::path::Path) -> bool {
    let by_extension = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(Format::from_extension);
    if by_extension.is_some() {
        return true;
    }
    if !path.exists() {
        return path
            .to_str()
            .is_some_and(|name| dictionary::bundled(name).is_some());
    }
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    let text = String::from_utf8_lossy(&bytes);
    let first = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'));
    first.is_some_and(|l| {
        l.starts_with(';')
            || l.split('\t')
                .nth(1)
                .is_some_and(|w| w.trim().parse::<f64>().is_ok())
    })
}

/// Checks one dictionary; prints its summary, warnings and errors. Returns the error count.
fn check_dictionary(path: &std::path::Path, options: ReadOptions) -> usize {
    match dictionary::open(path, options) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                say!("{w}");
            }
            let d = &loaded.dictionary;
            say!(
                "{}: ok ({} dictionary, {} categories, {} entries{})",
                path.display(),
                d.format,
                d.categories.len(),
                d.source_entries,
                match loaded.warnings.len() {
                    0 => String::new(),
                    n => format!(", {n} warning(s)"),
                }
            );
            0
        }
        Err(problems) => {
            for p in &problems {
                say!("{p}");
            }
            problems
                .iter()
                .filter(|p| p.severity == dictionary::Severity::Error)
                .count()
        }
    }
}

/// `lexicon show`: the dictionary on standard output, its warnings on standard error.
fn show(path: &std::path::Path, options: ReadOptions, per_category: usize) -> Result<i32> {
    let loaded = match dictionary::open(path, options) {
        Ok(loaded) => loaded,
        Err(problems) => {
            for p in &problems {
                say!("{p}");
            }
            return Ok(EXIT_SKIPPED);
        }
    };
    for w in &loaded.warnings {
        say!("{w}");
    }
    let d = &loaded.dictionary;
    let mut out = format!(
        "{}: {} dictionary `{}`, {} categories, {} entries\n",
        path.display(),
        d.format,
        d.name,
        d.categories.len(),
        d.source_entries
    );
    for c in &d.categories {
        let shown: Vec<String> = c
            .entries
            .iter()
            .take(per_category)
            .map(|e| match e.weight {
                Some(w) => format!("{} ({w})", e.pattern),
                None => e.pattern.to_string(),
            })
            .collect();
        let more = match (c.entries.len() > per_category, shown.is_empty()) {
            (false, _) => "",
            (true, false) => ", ...",
            (true, true) => "...",
        };
        out.push_str(&format!(
            "  {}\t{}\t{}{more}\n",
            c.name,
            c.entries.len(),
            shown.join(", ")
        ));
    }
    super::output::print_text(&out)?;
    Ok(EXIT_OK)
}

/// A cue lexicon starts (after comments) with the header `cue<TAB>cameo<TAB>weight`.
fn is_cue_lexicon(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| l.split('\t').next() == Some("cue"))
}
