//! The dictionaries a user asks to score with (`[NAME=]FILE` each, a polarity mapping, negation),
//! read and compiled into one [`DictionaryScorers`]: the one path that the command line's
//! `--lexicon` flags and other front ends share.

use std::path::Path;

use super::scoring::{DictionaryScorers, Mode};
use super::{open, Dictionary, Problem, ReadOptions, Severity};

/// What to score with, as a user says it.
#[derive(Debug, Clone, Default)]
pub struct ScorerRequest {
    /// `[NAME=]FILE` each, or a bundled dictionary's name (`afinn`). NAME defaults to the file
    /// name without its extension.
    pub lexicons: Vec<String>,
    /// Format and encoding of every file (`None` format: by extension and content).
    pub read: ReadOptions,
    /// `POS,NEG`: read the dictionaries that are not weighted lists as polarity dictionaries,
    /// the categories POS counting +1 and NEG -1 (several joined with `+`).
    pub polarity: Option<String>,
    /// Flip and scale a match that follows a negator, as the cue scorer does.
    pub negation: bool,
}

/// The compiled dictionaries, and the warnings their files gave, in file and line order.
#[derive(Debug)]
pub struct Compiled {
    /// One index over every dictionary.
    pub scorers: DictionaryScorers,
    /// Warnings (read anyway, as quanteda does).
    pub warnings: Vec<Problem>,
}

/// Why the requested dictionaries cannot score.
#[derive(Debug, thiserror::Error)]
pub enum RequestError {
    /// The polarity mapping is malformed or names a category a dictionary lacks.
    #[error("{0}")]
    Polarity(String),
    /// Some files have errors; `problems` holds every problem of every file (warnings too), in
    /// file and line order, for the caller to show.
    #[error("{errors} error(s) in the --lexicon files; nothing was scored")]
    Files {
        /// How many errors.
        errors: usize,
        /// Every problem, `path:line: reason` when displayed.
        problems: Vec<Problem>,
    },
    /// The dictionaries cannot be compiled together (e.g. two give the same scorer name).
    #[error("{0}")]
    Compile(String),
}

/// Reads every requested dictionary and compiles them into one index.
pub fn compile(request: &ScorerRequest) -> Result<Compiled, RequestError> {
    if request.lexicons.is_empty() && request.polarity.is_some() {
        return Err(RequestError::Polarity(
            "--polarity says how to read --lexicon files: give --lexicon [NAME=]FILE".into(),
        ));
    }
    let polarity = request
        .polarity
        .as_deref()
        .map(parse_polarity)
        .transpose()?;
    let mut read: Vec<(String, String, Dictionary)> = Vec::new();
    let mut problems = Vec::new();
    let mut errors = 0;
    for spec in &request.lexicons {
        let (name, path) = split_name(spec);
        match open(Path::new(path), request.read) {
            Ok(loaded) => {
                problems.extend(loaded.warnings);
                let name = name.unwrap_or(&loaded.dictionary.name).to_string();
                read.push((name, path.to_string(), loaded.dictionary));
            }
            Err(found) => {
                errors += found
                    .iter()
                    .filter(|p| p.severity == Severity::Error)
                    .count()
                    .max(1);
                problems.extend(found);
            }
        }
    }
    if errors > 0 {
        return Err(RequestError::Files { errors, problems });
    }
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
        specs.push((name.clone(), d, mode, request.negation));
    }
    let scorers = DictionaryScorers::new(&specs).map_err(RequestError::Compile)?;
    Ok(Compiled {
        scorers,
        warnings: problems,
    })
}

/// The categories of `d` named (in any case) in `names`: an error names the one it lacks.
fn resolve(path: &str, d: &Dictionary, names: &[String]) -> Result<Vec<String>, RequestError> {
    names
        .iter()
        .map(|n| {
            let found = d.categories.iter().find(|c| c.name.eq_ignore_ascii_case(n));
            match found {
                Some(c) => Ok(c.name.clone()),
                None => {
                    let known: Vec<&str> = d.categories.iter().map(|c| c.name.as_str()).collect();
                    Err(RequestError::Polarity(format!(
                        "{path}: --polarity names the category `{n}`, which it lacks; its \
                         categories are: {}",
                        known.join(", ")
                    )))
                }
            }
        })
        .collect()
}

/// `NAME=FILE` or `FILE`. A `=` inside a path (`./a=b.dic`) is kept when what precedes it
/// holds a path separator.
pub fn split_name(spec: &str) -> (Option<&str>, &str) {
    match spec.split_once('=') {
        Some((name, path)) if !name.is_empty() && !name.contains(['/', '\\']) => (Some(name), path),
        _ => (None, spec),
    }
}

/// `POS,NEG`, each one category or several joined with `+`.
fn parse_polarity(s: &str) -> Result<(Vec<String>, Vec<String>), RequestError> {
    let malformed = || {
        RequestError::Polarity(format!(
            "--polarity {s:?}: expected POS,NEG (two category names, e.g. positive,negative)"
        ))
    };
    let (pos, neg) = s.split_once(',').ok_or_else(malformed)?;
    let names = |part: &str| -> Vec<String> {
        part.split('+')
            .map(|c| c.trim().to_lowercase())
            .filter(|c| !c.is_empty())
            .collect()
    };
    let (pos, neg) = (names(pos), names(neg));
    if pos.is_empty() || neg.is_empty() || neg.iter().any(|c| c.contains(',')) {
        return Err(malformed());
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

    #[test]
    fn polarity_without_a_lexicon_is_an_error() {
        let request = ScorerRequest {
            polarity: Some("positive,negative".into()),
            ..ScorerRequest::default()
        };
        let err = compile(&request).unwrap_err().to_string();
        assert!(err.contains("give --lexicon"), "{err}");
    }
}
