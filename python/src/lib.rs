//! `stance._stance`: the Rust side of the Python package. The Python modules around it
//! (`stance/__init__.py`, `stance/spark.py`) turn pandas and Spark data into the plain lists this
//! module takes, and its results into DataFrames.

use pyo3::exceptions::{PyFileNotFoundError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use std::num::NonZeroUsize;
use std::path::PathBuf;

use stance::actors::{ActorSet, LexiconFormat};
use stance::compare::{did_you_mean, match_id, CellTable, Comparison, IdMatch};
use stance::corpus::{
    check_inputs, sample_documents, CorpusReader, Document, FieldNames, Format, ReadOptions,
};
use stance::dictionary::request::{self, RequestError, ScorerRequest};
use stance::dictionary::{Encoding, Format as DictionaryFormat, ReadOptions as DictionaryRead};
use stance::matrix::digest::InputDigest;
use stance::matrix::partial::{merge_partials, read_partial, write_partial};
use stance::matrix::period::Granularity;
use stance::matrix::{self, Accumulator, OutputOptions, WideValue};
use stance::scorers::cues::CueLexicon;
use stance::scorers::{ScorerSet, SCORERS};
use stance::vader::{Vader, VaderScratch};
use stance::{Level, RunOptions, Stats};

mod pipeline;

/// Lexicon problems as one `ValueError`, one `path:line: reason` a line.
fn lexicon_error(errors: &[impl std::fmt::Display], what: &str) -> PyErr {
    let mut message: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    message.push(format!(
        "{} error(s) in the {what}; nothing was scored",
        errors.len()
    ));
    PyValueError::new_err(message.join("\n"))
}

fn granularity(by: Option<&str>) -> PyResult<Option<Granularity>> {
    by.map(|name| {
        Granularity::parse(name).ok_or_else(|| {
            PyValueError::new_err(format!(
                "by={name:?}: expected \"day\", \"week\", \"month\" or \"year\""
            ))
        })
    })
    .transpose()
}

fn level_named(level: &str) -> PyResult<Level> {
    match level {
        "actor" => Ok(Level::Actor),
        "group" => Ok(Level::Group),
        other => Err(PyValueError::new_err(format!(
            "level={other:?}: expected \"actor\" or \"group\""
        ))),
    }
}

/// `name` when the matrix holds that scorer; else an error listing the ones it holds.
fn scorer_named<'a>(acc: &Accumulator, name: &'a str) -> PyResult<&'a str> {
    let names = acc.scorer_names();
    if names.iter().any(|n| n == name) {
        Ok(name)
    } else {
        Err(PyValueError::new_err(format!(
            "scorer {name:?}: not a scorer of this matrix; its scorers are: {}",
            names.join(", ")
        )))
    }
}

/// What the dictionaries are and how to read them, as `--lexicon`, `--lexicon-format`,
/// `--lexicon-encoding`, `--polarity` and `--no-lexicon-negation` say it.
struct DictionaryOptions {
    lexicons: Vec<String>,
    format: Option<DictionaryFormat>,
    encoding: Encoding,
    polarity: Option<String>,
    negation: bool,
}

impl DictionaryOptions {
    fn new(
        lexicons: Option<Vec<String>>,
        format: Option<&str>,
        encoding: Option<&str>,
        polarity: Option<String>,
        negation: bool,
    ) -> PyResult<DictionaryOptions> {
        let format = format
            .map(|name| {
                DictionaryFormat::parse(name).ok_or_else(|| {
                    let names: Vec<_> = DictionaryFormat::ALL.iter().map(|f| f.name()).collect();
                    PyValueError::new_err(format!(
                        "lexicon_format={name:?}: unknown dictionary format; expected one of {}",
                        names.join(", ")
                    ))
                })
            })
            .transpose()?;
        let encoding = match encoding {
            None => Encoding::default(),
            Some(name) => Encoding::parse(name).ok_or_else(|| {
                PyValueError::new_err(format!(
                    "lexicon_encoding={name:?}: unknown encoding; expected utf-8, latin1 or \
                     windows-1252"
                ))
            })?,
        };
        Ok(DictionaryOptions {
            lexicons: lexicons.unwrap_or_default(),
            format,
            encoding,
            polarity,
            negation,
        })
    }

    /// `scorers` with the dictionaries compiled into it by the library's
    /// [`request::compile`], as the CLI's `--lexicon` does; the warnings go to `warnings`.
    fn add_to(&self, scorers: ScorerSet, warnings: &mut Vec<String>) -> PyResult<ScorerSet> {
        if self.lexicons.is_empty() && self.polarity.is_none() {
            return Ok(scorers);
        }
        let request = ScorerRequest {
            lexicons: self.lexicons.clone(),
            read: DictionaryRead {
                format: self.format,
                encoding: self.encoding,
            },
            polarity: self.polarity.clone(),
            negation: self.negation,
        };
        match request::compile(&request) {
            Ok(compiled) => {
                warnings.extend(compiled.warnings.iter().map(|w| w.to_string()));
                scorers
                    .with_dictionaries(compiled.scorers)
                    .map_err(PyValueError::new_err)
            }
            Err(e) => {
                let mut message: Vec<String> = match &e {
                    RequestError::Files { problems, .. } => {
                        problems.iter().map(|p| p.to_string()).collect()
                    }
                    _ => Vec::new(),
                };
                message.push(e.to_string());
                Err(PyValueError::new_err(message.join("\n")))
            }
        }
    }
}

/// The compiled lexicons: build once, score many times.
#[pyclass(module = "stance._stance", frozen)]
struct Engine {
    engine: stance::Engine,
    /// Worker threads of each run; `None` for one per core.
    threads: Option<NonZeroUsize>,
    warnings: Vec<String>,
}

#[pymethods]
impl Engine {
    #[new]
    #[pyo3(signature = (actors=None, actors_format="auto", cues=None, with_bundled_cues=false, threads=None, syntax=false, lexicons=None, lexicon_format=None, lexicon_encoding=None, polarity=None, lexicon_negation=true, scorers=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        actors: Option<Vec<PathBuf>>,
        actors_format: &str,
        cues: Option<Vec<PathBuf>>,
        with_bundled_cues: bool,
        threads: Option<usize>,
        syntax: bool,
        lexicons: Option<Vec<String>>,
        lexicon_format: Option<&str>,
        lexicon_encoding: Option<&str>,
        polarity: Option<String>,
        lexicon_negation: bool,
        scorers: Option<Vec<String>>,
    ) -> PyResult<Engine> {
        let dictionaries = DictionaryOptions::new(
            lexicons,
            lexicon_format,
            lexicon_encoding,
            polarity,
            lexicon_negation,
        )?;
        let format = match actors_format {
            "auto" => LexiconFormat::Auto,
            "tsv" => LexiconFormat::Tsv,
            "phoenix" => LexiconFormat::Phoenix,
            other => {
                return Err(PyValueError::new_err(format!(
                    "actors_format={other:?}: expected \"auto\", \"tsv\" or \"phoenix\""
                )))
            }
        };
        let threads = match threads {
            Some(n) => Some(
                NonZeroUsize::new(n)
                    .ok_or_else(|| PyValueError::new_err("threads must be at least 1"))?,
            ),
            None => None,
        };
        if with_bundled_cues && cues.as_ref().is_none_or(Vec::is_empty) {
            return Err(PyValueError::new_err(
                "with_bundled_cues adds the bundled cues to cue files: give cues=[...] too",
            ));
        }
        let scorers_chosen = scorers;
        py.allow_threads(|| {
            let mut warnings = Vec::new();
            let set = match actors.filter(|a| !a.is_empty()) {
                None => ActorSet::bundled(),
                Some(paths) => match ActorSet::from_files(&paths, format) {
                    Ok((set, w)) => {
                        warnings.extend(w.iter().map(|w| w.to_string()));
                        set
                    }
                    Err(errors) => return Err(lexicon_error(&errors, "actor lexicon")),
                },
            };
            let scorers = match cues.filter(|c| !c.is_empty()) {
                None => ScorerSet::bundled(),
                Some(paths) => match CueLexicon::from_files(&paths, with_bundled_cues) {
                    Ok(cues) => ScorerSet::bundled().with_cues(cues),
                    Err(errors) => return Err(lexicon_error(&errors, "cue lexicon")),
                },
            };
            let scorers = dictionaries.add_to(scorers, &mut warnings)?;
            // As `--scorers`: these, in this order, among the built-in and dictionary ones.
            let scorers = match scorers_chosen {
                None => scorers,
                Some(names) => scorers
                    .select(&names)
                    .map_err(|e| PyValueError::new_err(format!("scorers: {e}")))?,
            };
            let engine = stance::Engine::with_scorers(set, scorers);
            // Asked for only, as it copies the actors.
            let engine = if syntax {
                engine.with_syntax(true)
            } else {
                engine
            };
            Ok(Engine {
                engine,
                threads,
                warnings,
            })
        })
    }

    /// Problems in the actor lexicons and dictionaries that were skipped, not fatal
    /// (`path:line: reason`).
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.warnings.clone()
    }

    /// The scorers this engine runs and prints, in order: the built-in ones, then each
    /// dictionary's NAME or NAME.CATEGORY, or those `scorers` chose.
    #[getter]
    fn scorers(&self) -> Vec<String> {
        self.engine.scorers().names().to_vec()
    }

    /// The ids of every actor, in lexicon order.
    fn actor_ids(&self) -> Vec<String> {
        self.engine
            .actors()
            .iter()
            .map(|(_, a)| a.id.clone())
            .collect()
    }

    /// Scores documents into a matrix. A text that is `None`, blank or holds a NUL byte is
    /// counted as skipped, as the CLI's readers skip such records. `ids` default to the 1-based
    /// position, `1`, `2`, ..., as the library's `Run::score_texts` numbers texts and the CLI
    /// numbers records (`path:N`); `dates` default to none.
    #[pyo3(signature = (texts, ids=None, dates=None, by=None, level="actor", evidence=false, digest_name=None))]
    #[allow(clippy::too_many_arguments)]
    fn score(
        &self,
        py: Python<'_>,
        texts: Vec<Option<String>>,
        ids: Option<Vec<String>>,
        dates: Option<Vec<Option<String>>>,
        by: Option<&str>,
        level: &str,
        evidence: bool,
        digest_name: Option<String>,
    ) -> PyResult<Matrix> {
        let by = granularity(by)?;
        let level = level_named(level)?;
        let n = texts.len();
        for (what, len) in [
            ("ids", ids.as_ref().map(Vec::len)),
            ("dates", dates.as_ref().map(Vec::len)),
        ] {
            if let Some(len) = len.filter(|&l| l != n) {
                return Err(PyValueError::new_err(format!(
                    "{what} has {len} item(s) but texts has {n}: give one per text"
                )));
            }
        }
        let mut ids = ids.map(Vec::into_iter);
        let mut dates = dates.map(Vec::into_iter);
        let records: Vec<pipeline::Record> = texts
            .into_iter()
            .enumerate()
            .map(|(i, text)| {
                let id = ids.as_mut().and_then(Iterator::next);
                let date = dates.as_mut().and_then(Iterator::next).flatten();
                // What the CLI's readers skip: no text, a blank one, NUL bytes.
                let text = text.filter(|t| !t.trim().is_empty() && !t.contains('\0'));
                text.map(|text| Document {
                    id: id.unwrap_or_else(|| (i + 1).to_string()),
                    date,
                    title: None,
                    source: None,
                    text,
                })
            })
            .collect();
        let options = pipeline::Options {
            run: RunOptions {
                threads: self.threads,
                by,
                level,
                digest_inputs: digest_name.is_some(),
                ..RunOptions::default()
            },
            evidence,
            input_name: digest_name.unwrap_or_else(|| "documents".to_string()),
        };
        let events = pipeline::events(records, &options.input_name);
        let out = pipeline::run(py, &self.engine, events, options)?;
        Ok(self.matrix(out, by, level))
    }

    /// Scores corpus files as `stance score FILES...` reads them (JSON Lines, CSV, TSV, text,
    /// gzip, directories). Returns the matrix, the problems (`path:line: reason`, the first
    /// hundred) and how many more there were.
    #[pyo3(signature = (inputs, input_format=None, text_field="text", id_field="id", date_field="date", title_field="title", source_field="source", by=None, level="actor", evidence=false))]
    #[allow(clippy::too_many_arguments)]
    fn score_files(
        &self,
        py: Python<'_>,
        inputs: Vec<String>,
        input_format: Option<&str>,
        text_field: &str,
        id_field: &str,
        date_field: &str,
        title_field: &str,
        source_field: &str,
        by: Option<&str>,
        level: &str,
        evidence: bool,
    ) -> PyResult<(Matrix, Vec<String>, u64)> {
        let by = granularity(by)?;
        let level = level_named(level)?;
        if inputs.is_empty() {
            return Err(PyValueError::new_err(
                "no input: give one or more files or folders",
            ));
        }
        let format = input_format
            .map(|name| {
                Format::parse(name).ok_or_else(|| {
                    PyValueError::new_err(format!(
                        "input_format={name:?}: expected text, jsonl, csv or tsv"
                    ))
                })
            })
            .transpose()?;
        check_inputs(&inputs).map_err(|e| PyFileNotFoundError::new_err(e.to_string()))?;
        let reader = CorpusReader::new(
            &inputs,
            ReadOptions {
                format,
                fields: FieldNames {
                    text: text_field.into(),
                    id: id_field.into(),
                    date: date_field.into(),
                    title: title_field.into(),
                    source: source_field.into(),
                },
            },
        );
        let options = pipeline::Options {
            run: RunOptions {
                threads: self.threads,
                by,
                level,
                ..RunOptions::default()
            },
            evidence,
            input_name: String::new(),
        };
        let mut out = pipeline::run(py, &self.engine, reader, options)?;
        let problems = std::mem::take(&mut out.problems);
        let more = out.more_problems;
        Ok((self.matrix(out, by, level), problems, more))
    }
}

impl Engine {
    fn matrix(&self, out: pipeline::Outcome, by: Option<Granularity>, level: Level) -> Matrix {
        Matrix {
            acc: out.acc,
            actors: self.engine.actors().clone(),
            stats: out.stats,
            by,
            level: level.name().to_string(),
            inputs: out.inputs,
            evidence: out.evidence,
        }
    }
}

/// A scored matrix: the exact sums of every cell, the actors, the counts.
#[pyclass(module = "stance._stance", frozen)]
struct Matrix {
    acc: Accumulator,
    actors: ActorSet,
    stats: Stats,
    by: Option<Granularity>,
    level: String,
    inputs: Vec<InputDigest>,
    evidence: Option<pipeline::EvidenceRows>,
}

impl Matrix {
    fn options(&self) -> OutputOptions {
        OutputOptions {
            by: self.by,
            wide_value: WideValue::Mean,
        }
    }

    fn text_of(write: impl FnOnce(&mut Vec<u8>) -> std::io::Result<()>) -> PyResult<String> {
        let mut out = Vec::new();
        write(&mut out).map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        String::from_utf8(out).map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }
}

#[pymethods]
impl Matrix {
    /// The long CSV, byte for byte what `stance score` writes.
    fn long_csv(&self) -> PyResult<String> {
        Matrix::text_of(|out| matrix::write_long_csv(out, &self.acc, &self.actors, &self.options()))
    }

    /// The wide CSV (`value` "mean" or "n"), as `stance score --layout wide` writes it.
    #[pyo3(signature = (value="mean"))]
    fn wide_csv(&self, value: &str) -> PyResult<String> {
        let wide_value = match value {
            "mean" => WideValue::Mean,
            "n" => WideValue::N,
            other => {
                return Err(PyValueError::new_err(format!(
                    "value={other:?}: expected \"mean\" or \"n\""
                )))
            }
        };
        let options = OutputOptions {
            wide_value,
            ..self.options()
        };
        Matrix::text_of(|out| matrix::write_wide_csv(out, &self.acc, &self.actors, &options))
    }

    /// The JSON matrix, as `stance score --format json` writes it.
    fn json(&self) -> PyResult<String> {
        Matrix::text_of(|out| {
            matrix::write_json(out, &self.acc, &self.actors, &self.stats, &self.options())
        })
    }

    /// The GraphML network of one scorer (all periods), as `stance score --graph` writes it.
    fn graphml(&self, scorer: &str) -> PyResult<String> {
        let scorer = scorer_named(&self.acc, scorer)?;
        Matrix::text_of(|out| stance::export::write_graphml(out, &self.acc, &self.actors, scorer))
    }

    /// The partial (`stance score --partial`), as bytes.
    fn partial<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let mut out = Vec::new();
        write_partial(
            &mut out,
            &self.acc,
            &self.actors,
            &self.stats,
            self.by.map(|g| g.name()),
            &self.level,
            &self.inputs,
        )
        .map_err(|e| PyRuntimeError::new_err(e.to_string()))?;
        Ok(PyBytes::new(py, &out))
    }

    /// The run's counts as a dict.
    fn stats<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let s = &self.stats;
        let d = PyDict::new(py);
        for (k, v) in [
            ("documents_read", s.documents_read),
            ("documents_scored", s.documents_scored),
            ("documents_skipped", s.documents_skipped),
            ("file_problems", s.file_problems),
            ("sentences", s.sentences),
            ("mentions", s.mentions),
            ("attributions", s.attributions),
            ("clauses_capped", s.clauses_capped),
            ("documents_undated", s.documents_undated),
            ("bytes", s.bytes),
        ] {
            d.set_item(k, v)?;
        }
        Ok(d)
    }

    /// The scorers of this matrix, in the order of the run's (or the partials') list.
    fn scorer_names(&self) -> Vec<String> {
        self.acc.scorer_names().to_vec()
    }

    /// `by` and `level`.
    fn settings(&self) -> (Option<&'static str>, String) {
        (self.by.map(|g| g.name()), self.level.clone())
    }

    /// The actors some cell names: (id, name, kind), sorted by id.
    fn actors_used(&self) -> Vec<(String, String, String)> {
        matrix::actors_used(&self.acc, &self.actors)
            .into_iter()
            .map(|a| {
                let a = self.actors.get(a);
                (a.id.clone(), a.name.clone(), a.kind.as_str().to_string())
            })
            .collect()
    }

    /// The cells over all periods merged (exactly): (scorer, source, target, n, mean), sorted.
    fn collapsed_cells(&self) -> Vec<(String, String, String, u64, f64)> {
        let acc = self.acc.collapsed();
        let id_of = |s| matrix::source_id(&self.actors, s);
        acc.sorted(&id_of)
            .into_iter()
            .map(|(k, c)| {
                (
                    acc.scorer_name(&k).to_string(),
                    id_of(k.source).to_string(),
                    self.actors.get(k.target).id.clone(),
                    c.n,
                    c.mean(),
                )
            })
            .collect()
    }

    /// What `stance compare --json` shows for these actors, as JSON text.
    #[pyo3(signature = (ids, scorer="stance"))]
    fn compare(&self, ids: Vec<String>, scorer: &str) -> PyResult<String> {
        let scorer = scorer_named(&self.acc, scorer)?;
        if ids.len() < 2 {
            return Err(PyValueError::new_err(
                "compare needs at least two actor ids",
            ));
        }
        let table = CellTable::from_accumulator(&self.acc, &self.actors, scorer);
        let known: Vec<&str> = self.actors.iter().map(|(_, a)| a.id.as_str()).collect();
        let mut found = Vec::with_capacity(ids.len());
        for name in &ids {
            match match_id(name, &known) {
                IdMatch::Found(id) => found.push(id.to_string()),
                IdMatch::Ambiguous(several) => {
                    return Err(PyValueError::new_err(format!(
                        "{name}: several actor ids differ from it only in case: {}",
                        several.join(", ")
                    )))
                }
                IdMatch::Unknown(near) => {
                    return Err(PyValueError::new_err(format!(
                        "{name:?} is not an actor id of the lexicon{}",
                        did_you_mean(&near)
                    )))
                }
            }
        }
        let comparison = Comparison::new(&table, &found, scorer);
        serde_json::to_string_pretty(&comparison)
            .map_err(|e| PyRuntimeError::new_err(e.to_string()))
    }

    /// The attributions, column by column, when scored with `evidence=True`; else `None`.
    fn evidence_columns<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        let Some(rows) = &self.evidence else {
            return Ok(None);
        };
        let d = PyDict::new(py);
        d.set_item("doc", &rows.doc)?;
        d.set_item("date", &rows.date)?;
        d.set_item("sentence", &rows.sentence)?;
        d.set_item("source", &rows.source)?;
        d.set_item("target", &rows.target)?;
        d.set_item("rule", &rows.rule)?;
        d.set_item("voice", &rows.voice)?;
        for (i, scorer) in self.acc.scorer_names().iter().enumerate() {
            let column: &[Option<f64>] = rows.scores.get(i).map_or(&[], Vec::as_slice);
            d.set_item(scorer, column)?;
        }
        d.set_item("text", &rows.text)?;
        d.set_item("scope", &rows.scope)?;
        d.set_item("cameo", &rows.cameo)?;
        Ok(Some(d))
    }
}

/// Reads partials (the text of the CLI's partial format) and merges them, as `stance merge` does.
#[pyfunction]
#[pyo3(signature = (partials, allow_overlap=false))]
fn merge(py: Python<'_>, partials: Vec<String>, allow_overlap: bool) -> PyResult<Matrix> {
    py.allow_threads(|| {
        let mut parts = Vec::with_capacity(partials.len());
        for (i, text) in partials.iter().enumerate() {
            let name = format!("partial {}", i + 1);
            let part =
                read_partial(text).map_err(|e| PyValueError::new_err(format!("{name}: {e}")))?;
            parts.push((name, part));
        }
        let merged = merge_partials(parts, allow_overlap)
            .map_err(|e| PyValueError::new_err(format!("cannot merge: {e}")))?;
        let by = merged
            .by
            .as_deref()
            .map(|name| {
                Granularity::parse(name).ok_or_else(|| {
                    PyValueError::new_err(format!("unknown by {name:?} in the partials"))
                })
            })
            .transpose()?;
        Ok(Matrix {
            acc: merged.acc,
            actors: merged.actors,
            stats: merged.stats,
            by,
            level: merged.level,
            inputs: merged.inputs,
            evidence: None,
        })
    })
}

/// VADER 3.3.2's four numbers for each text, rounded as vaderSentiment returns them:
/// (neg, neu, pos, compound).
#[pyfunction]
#[pyo3(signature = (texts, news=false))]
fn valence(py: Python<'_>, texts: Vec<String>, news: bool) -> Vec<(f64, f64, f64, f64)> {
    py.allow_threads(|| {
        let vader = Vader::bundled();
        let layer = news.then(stance::scorers::news::news_layer);
        let mut scratch = VaderScratch::default();
        texts
            .iter()
            .map(|t| {
                let p = match &layer {
                    Some(layer) => vader.polarity_scores_layered(t, layer, &mut scratch).1,
                    None => vader.polarity_scores(t, &mut scratch),
                }
                .rounded();
                (p.neg, p.neu, p.pos, p.compound)
            })
            .collect()
    })
}

/// The bundled sample's records in order: (id, date, title, source, text).
#[pyfunction]
#[allow(clippy::type_complexity)]
fn sample_records() -> Vec<(
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
)> {
    sample_documents()
        .into_iter()
        .map(|d| (d.id, d.date, d.title, d.source, d.text))
        .collect()
}

/// `NAME=FILE` or `FILE`, split as `--lexicon` splits it: (NAME or None, FILE).
#[pyfunction]
fn split_lexicon_spec(spec: &str) -> (Option<String>, String) {
    let (name, path) = request::split_name(spec);
    (name.map(String::from), path.to_string())
}

/// The extension module.
#[pymodule]
fn _stance(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add_class::<Matrix>()?;
    m.add_function(wrap_pyfunction!(merge, m)?)?;
    m.add_function(wrap_pyfunction!(valence, m)?)?;
    m.add_function(wrap_pyfunction!(sample_records, m)?)?;
    m.add_function(wrap_pyfunction!(split_lexicon_spec, m)?)?;
    m.add(
        "SCORERS",
        SCORERS.iter().map(|s| s.name()).collect::<Vec<_>>(),
    )?;
    Ok(())
}
