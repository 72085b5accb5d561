//! `--lexicon [NAME=]FILE`, `--lexicon-format`, `--polarity`, `--scorers`: the users' own
//! content-analysis dictionaries as scorers beside the built-in three, and which scorers run.

use anyhow::{bail, Result};
use std::path::Path;

use super::lexicon::{parse_encoding, parse_format};
use super::say;
use stance::dictionary::scoring::{DictionaryScorers, Mode};
use stance::dictionary::{self, Dictionary, Encoding, Format, ReadOptions, Severity};
use stance::scorers::ScorerSet;

/// Dictionaries as scorers (opt-in), and the choice of scorers.
#[derive(Debug, Clone, clap::Args)]
pub struct DictionaryArgs {
    /// A content-analysis dictionary whose scorers run beside the built-in ones; repeatable.
    /// Any format `stance lexicon check` reads (AFINN-style `word<TAB>weight`, CSV, LIWC
    /// `.dic`, WordStat `.cat`, Yoshikoder `.ykd`, Lexicoder `.lc3`/`.lcd`, quanteda YAML, MPQA
    /// `.tff`), or a bundled one by name (`afinn`). A polarity dictionary (categories positive
    /// and negative) or a weighted list adds the scorer NAME; any other adds NAME.CATEGORY per
    /// category, the share of the scope's words it matches. NAME defaults to the file name
    /// without its extension.
    #[arg(long = "lexicon", value_name = "[NAME=]FILE")]
    pub lexicons: Vec<String>,
    /// Format of every --lexicon file (default: by extension and content): weights, csv,
    /// wordlist, liwc, wordstat, yoshikoder, lexicoder, yaml, mpqa.
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub lexicon_format: Option<Format>,
    /// Text encoding of the --lexicon files: utf-8 (default), latin1, windows-1252.
    #[arg(long, value_name = "ENCODING", value_parser = parse_encoding, default_value = "utf-8")]
    pub lexicon_encoding: Encoding,
    /// Read the --lexicon files that are not weighted lists as polarity dictionaries: the
    /// categories POS count +1, NEG count -1 (several joined with `+`, e.g.
    /// `positive+neg_negative,negative+neg_positive`); one signed scorer NAME per file.
    #[arg(long, value_name = "POS,NEG")]
    pub polarity: Option<String>,
    /// Do not flip and scale a polarity or weight match that follows a negator ("not",
    /// "never"...) within three words, as the cue scorer does by default.
    #[arg(long)]
    pub no_lexicon_negation: bool,
    /// The scorers to run and print, in this order, comma-separated: any of the built-in
    /// conflict, stance, valence and the --lexicon scorers. Default: all of them.
    #[arg(long, value_name = "NAME,...", value_delimiter = ',')]
    pub scorers: Vec<String>,
}

impl DictionaryArgs {
    /// `set` with the --lexicon dictionaries compiled into it and the --scorers choice made;
    /// every problem of every file is printed as `path:line: reason` before the error.
    pub fn add_to(&self, set: ScorerSet, quiet: bool) -> Result<ScorerSet> {
        let set = if self.lexicons.is_empty() {
            if self.polarity.is_some() {
                bail!("--polarity says how to read --lexicon files: give --lexicon [NAME=]FILE");
            }
            set
        } else {
            set.with_dictionaries(self.compile(quiet)?)
                .map_err(anyhow::Error::msg)?
        };
        if self.scorers.is_empty() {
            return Ok(set);
        }
        let names: Vec<String> = self.scorers.iter().map(|s| s.trim().to_string()).collect();
        set.select(&names)
            .map_err(|e| anyhow::anyhow!("--scorers: {e}"))
    }

    /// Reads every --lexicon file and compiles them into one index.
    fn compile(&self, quiet: bool) -> Result<DictionaryScorers> {
        let options = ReadOptions {
            format: self.lexicon_format,
            encoding: self.lexicon_encoding,
        };
        let polarity = self.polarity.as_deref().map(parse_polarity).transpose()?;
        let mut read: Vec<(String, String, Dictionary)> = Vec::new();
        let mut errors = 0;
        for spec in &self.lexicons {
            let (name, path) = split_name(spec);
            match dictionary::open(Path::new(path), options) {
                Ok(loaded) => {
                    if !quiet {
                        for w in &loaded.warnings {
                            say!("{w}");
                        }
                    }
                    let name = name.unwrap_or(&loaded.dictionary.name).to_string();
                    read.push((name, path.to_string(), loaded.dictionary));
                }
                Err(problems) => {
                    for p in &problems {
                        if p.severity == Severity::Error || !quiet {
                            say!("{p}");
                        }
                    }
                    errors += problems
                        .iter()
                        .filter(|p| p.severity == Severity::Error)
                        .count()
                        .max(1);
                }
            }
        }
        if errors > 0 {
            bail!("{errors} error(s) in the --lexicon files; nothing was scored");
        }
        let negation = !self.no_lexicon_negation;
        let mut specs = Vec::with_capacity(read.len());
        for (name, path, d) in &read {
            let mode = match (&polarity, Mode::implied(d)) {
                (_, Mode::Weights) => Mode::Weights,
                (Some((positive, negative)), _) => Mode::Polarity {
                    positive: resolve(path, d, positive)?,
                    negative: resolve(path, d, negative)?,
                },
                (None, mode) => mode,
            };
            specs.push((name.clone(), d, mode, negation));
        }
        DictionaryScorers::new(&specs).map_err(anyhow::Error::msg)
    }
}

/// The categories of `d` named (in any case) in `names`: an error names the one it lacks.
fn resolve(path: &str, d: &Dictionary, names: &[String]) -> Result<Vec<String>> {
    names
        .iter()
        .map(|n| {
            let found = d.categories.iter().find(|c| c.name.eq_ignore_ascii_case(n));
            match found {
                Some(c) => Ok(c.name.clone()),
                None => {
                    let known: Vec<&str> = d.categories.iter().map(|c| c.name.as_str()).collect();
                    bail!(
                        "{path}: --polarity names the category `{n}`, which it lacks; its \
                         categories are: {}",
                        known.join(", ")
                    )
                }
            }
        })
        .collect()
}

/// `NAME=FILE` or `FILE`. A `=` inside a path (`./a=b.dic`) is kept when what precedes it
/// holds a path separator.
fn split_name(spec: &str) -> (Option<&str>, &str) {
    match spec.split_once('=') {
        Some((name, path)) if !name.is_empty() && !name.contains(['/', '\\']) => (Some(name), path),
        _ => (None, spec),
    }
}

/// `POS,NEG`, each one category or several joined with `+`.
fn parse_polarity(s: &str) -> Result<(Vec<String>, Vec<String>)> {
    let Some((pos, neg)) = s.split_once(',') else {
        bail!("--polarity {s:?}: expected POS,NEG (two category names, e.g. positive,negative)");
    };
    let names = |part: &str| -> Vec<String> {
        part.split('+')
            .map(|c| c.trim().to_lowercase())
            .filter(|c| !c.is_empty())
            .collect()
    };
    let (pos, neg) = (names(pos), names(neg));
    if pos.is_empty() || neg.is_empty() || neg.iter().any(|c| c.contains(',')) {
        bail!("--polarity {s:?}: expected POS,NEG (two category names, e.g. positive,negative)");
    }
    Ok((pos, neg))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_split_off_unless_the_path_holds_the_equals_sign() {
        assert_eq!(split_name("lsd=LSD2015.lc3"), (Some("lsd"), "LSD2015.lc3"));
        assert_eq!(split_name("LSD2015.lc3"), (None, "LSD2015.lc3"));
        assert_eq!(split_name("./a=b.dic"), (None, "./a=b.dic"));
    }

    #[test]
    fn polarity_takes_two_lists_of_categories() {
        let (p, n) = parse_polarity("Positive+neg_negative,negative").unwrap();
        assert_eq!(p, ["positive", "neg_negative"]);
        assert_eq!(n, ["negative"]);
        assert!(parse_polarity("positive").is_err());
        assert!(parse_polarity("positive,").is_err());
    }
}
