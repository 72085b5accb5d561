//! A learned calibration of the `stance` score (opt-in: `--calibrated`).
//!
//! The hand-weighted `stance` scorer blends cue strength and news valence with three chosen
//! weights and has no notion of "no stance here". This module replaces it, when asked, by a small
//! multinomial logistic regression over evidence the engine already reads for each attribution
//! ([`Features`]): classes positive, negative and none. The score is P(+) - P(-); when P(none)
//! is above the model's threshold the attribution gets no score and does not enter its cell.
//!
//! The coefficients live in a readable TSV (`lexicons/calibration/stance_model.tsv`) written by
//! `stance train calibration` from training files only ([`data`], [`fit`]); every choice (L2
//! strength, threshold) is made there by k-fold cross-validation. `explain --calibrated` lists
//! each feature's contribution ([`Model::contributions`]).

pub mod cv;
pub mod data;
pub mod fit;

use std::fmt::Write as _;

use crate::actors::lexicon::content_lines;
use crate::actors::LexiconError;
use crate::attribution::{Attribution, Rule, Voice};
use crate::scorers::Reading;

/// The shipped model, compiled in.
pub const BUNDLED_MODEL: &str = include_str!("../../lexicons/calibration/stance_model.tsv");
const BUNDLED_PATH: &str = "lexicons/calibration/stance_model.tsv (bundled)";

/// Number of features (the bias is apart).
pub const N_FEATURES: usize = 18;

/// Feature names, in [`Features`] order, as the TSV and `explain` print them.
pub const FEATURE_NAMES: [&str; N_FEATURES] = [
    "valence",
    "news_valence",
    "news_valence_own_words",
    "abs_news_valence",
    "has_cues",
    "cue_strength",
    "cue_goldstein",
    "abs_cue_strength",
    "log_cue_count",
    "negated_cue",
    "own_words",
    "rule_quote",
    "rule_passive",
    "rule_subject",
    "rule_author",
    "scope_length",
    "later_sentence",
    "sentence_depth",
];

/// The classes, in coefficient-column order.
pub const CLASSES: [&str; 3] = ["positive", "negative", "none"];

/// The evidence of one attribution, as the model reads it. Every value is in [-1, 1] or a
/// 0/1 indicator (or a small positive count), so coefficients compare across features.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Features(pub [f64; N_FEATURES]);

impl Features {
    /// The features of an attribution whose scope was read as `reading`.
    ///
    /// The scope length stands for the distance between the two mentions: the rules cut a
    /// target's scope to its clause, so a long scope is a far target. Position in the
    /// document is read as "after the first sentence" and a depth that grows to 1 at the
    /// tenth sentence: both are 0 in a first sentence, which is what every single-sentence
    /// item of DSE and NewsMTSC is, so their weights are taught by the real-news pairs
    /// (whole documents) and a single-sentence text is read as a lead sentence.
    pub fn of(reading: &Reading, attribution: &Attribution) -> Features {
        let cues = reading.cues();
        let n = f64::from(cues.count.max(1));
        let has = cues.count > 0;
        let own = attribution.voice == Voice::Own;
        let news = reading.news();
        let strength = if has { cues.strength / n } else { 0.0 };
        let rule = attribution.rule;
        let scope_words = attribution
            .scope
            .end
            .saturating_sub(attribution.scope.start) as f64;
        let one = |b: bool| if b { 1.0 } else { 0.0 };
        Features([
            reading.valence(),
            news,
            if own { news } else { 0.0 },
            news.abs(),
            one(has),
            strength,
            if has { cues.sum / n } else { 0.0 },
            strength.abs(),
            f64::from(cues.count).ln_1p(),
            one(cues.negated > 0),
            one(own),
            one(rule == Rule::Quote),
            one(rule == Rule::Passive),
            one(rule == Rule::Subject),
            one(rule == Rule::Author),
            // Bytes / 200, capped: a long clause is ~200 bytes.
            (scope_words / 200.0).min(2.0),
            one(attribution.sentence > 0),
            (attribution.sentence.min(10) as f64) / 10.0,
        ])
    }
}

/// Which file a model was fitted on, and the choices its cross-validation made.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Protocol {
    /// The training files, by their path below `data` (as [`crate::eval::thresholds::fitted_on_name`]).
    pub fitted_on: Vec<String>,
    /// L2 strength, chosen by k-fold cross-validation on the training files.
    pub l2: f64,
    /// Above this P(none) an attribution gets no score (chosen the same way).
    pub none_threshold: f64,
    /// Number of folds.
    pub folds: usize,
    /// Whether each training file weighs the same in the fit (else each attribution does);
    /// chosen by cross-validation.
    pub equal_files: bool,
}

/// A neutral band for the calibrated score of one format, fitted on the out-of-fold
/// predictions of the training file of that format.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelBand {
    /// `dse` or `newsmtsc`.
    pub format: String,
    /// Below: negative.
    pub low: f64,
    /// Above: positive.
    pub high: f64,
}

/// A multinomial logistic regression over [`Features`].
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Bias per class.
    pub bias: [f64; 3],
    /// Weights per feature, per class.
    pub weights: [[f64; 3]; N_FEATURES],
    /// How it was fitted.
    pub protocol: Protocol,
    /// Neutral bands per format.
    pub bands: Vec<ModelBand>,
}

/// What the model says of one attribution.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    /// P(positive), P(negative), P(none).
    pub p: [f64; 3],
    /// P(+) - P(-), or `None` when P(none) is above the threshold.
    pub score: Option<f64>,
}

impl Model {
    /// The bundled model.
    pub fn bundled() -> Model {
        Model::parse(BUNDLED_PATH, BUNDLED_MODEL).expect("the bundled model parses")
    }

    /// Reads a model file.
    pub fn read(path: &std::path::Path) -> Result<Model, LexiconError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| LexiconError {
            path: shown.clone(),
            line: 0,
            reason: format!("cannot read as UTF-8 text: {e}"),
        })?;
        Model::parse(&shown, &text)
    }

    /// The class logits of `x` (no allocation: this is on the scoring path).
    pub fn logits(&self, x: &Features) -> [f64; 3] {
        let mut z = self.bias;
        for (xi, w) in x.0.iter().zip(&self.weights) {
            for c in 0..3 {
                z[c] += xi * w[c];
            }
        }
        z
    }

    /// Probabilities and score of `x`.
    pub fn predict(&self, x: &Features) -> Prediction {
        self.predict_with(x, self.protocol.none_threshold)
    }

    /// The same with another none-threshold (for cross-validation).
    pub fn predict_with(&self, x: &Features, none_threshold: f64) -> Prediction {
        let p = softmax(self.logits(x));
        Prediction {
            p,
            score: (p[2] <= none_threshold).then_some(p[0] - p[1]),
        }
    }

    /// Each feature's contribution to the logit margin of positive over negative
    /// (`x_i * (w_i+ - w_i-)`), the bias first as `bias`: the score rises with the margin.
    pub fn contributions(&self, x: &Features) -> Vec<(&'static str, f64)> {
        let mut out = vec![("bias", self.bias[0] - self.bias[1])];
        for (i, name) in FEATURE_NAMES.iter().enumerate() {
            let c = x.0[i] * (self.weights[i][0] - self.weights[i][1]);
            if c != 0.0 {
                out.push((name, c));
            }
        }
        out
    }

    /// The band for `format`, if the model has one.
    pub fn band(&self, format: &str) -> Option<&ModelBand> {
        self.bands.iter().find(|b| b.format == format)
    }

    /// Whether the model was fitted on `path` (by its last path components).
    pub fn was_fitted_on(&self, path: &std::path::Path) -> bool {
        let full = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        self.protocol
            .fitted_on
            .iter()
            .any(|f| !f.is_empty() && full.ends_with(f))
    }

    /// The TSV text: comments, `meta` rows, `band` rows, then one row per coefficient.
    pub fn to_tsv(&self) -> String {
        let mut out = String::new();
        out += "# The calibrated stance score (--calibrated): multinomial logistic regression, classes\n";
        out += "# positive, negative, none over the features of src/calibration/mod.rs. Score = P(+) - P(-);\n";
        out += "# an attribution with P(none) above none_threshold gets no score. Written by\n";
        out += "# `stance train calibration` (README \"Evaluation\"); do not edit by hand.\n";
        let p = &self.protocol;
        let _ = writeln!(out, "meta\tfitted_on\t{}", p.fitted_on.join(","));
        let _ = writeln!(out, "meta\tl2\t{}", p.l2);
        let _ = writeln!(out, "meta\tnone_threshold\t{}", p.none_threshold);
        let _ = writeln!(out, "meta\tfolds\t{}", p.folds);
        let _ = writeln!(out, "meta\tequal_files\t{}", p.equal_files);
        for b in &self.bands {
            let _ = writeln!(out, "band\t{}\t{:.2}\t{:.2}", b.format, b.low, b.high);
        }
        out += "feature\tpositive\tnegative\tnone\n";
        let row = |out: &mut String, name: &str, w: &[f64; 3]| {
            let _ = writeln!(out, "{name}\t{:.6}\t{:.6}\t{:.6}", w[0], w[1], w[2]);
        };
        row(&mut out, "bias", &self.bias);
        for (name, w) in FEATURE_NAMES.iter().zip(&self.weights) {
            row(&mut out, name, w);
        }
        out
    }

    /// Parses [`Model::to_tsv`]'s format; every row must be present once.
    pub fn parse(path: &str, content: &str) -> Result<Model, LexiconError> {
        let err = |line: usize, reason: String| LexiconError {
            path: path.into(),
            line,
            reason,
        };
        let mut fitted_on = None;
        let (mut l2, mut threshold, mut folds, mut equal_files) = (None, None, None, None);
        let mut bands = Vec::new();
        let mut bias = None;
        let mut weights: [Option<[f64; 3]>; N_FEATURES] = [None; N_FEATURES];
        let num = |line: usize, s: &str| -> Result<f64, LexiconError> {
            s.trim()
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| err(line, format!("expected a number, found {s:?}")))
        };
        for (line, text) in content_lines(content) {
            let f: Vec<&str> = text.split('\t').collect();
            match (f[0], f.len()) {
                ("meta", 3) => match f[1] {
                    "fitted_on" => {
                        fitted_on = Some(
                            f[2].split(',')
                                .filter(|s| !s.is_empty())
                                .map(String::from)
                                .collect(),
                        )
                    }
                    "l2" => l2 = Some(num(line, f[2])?),
                    "none_threshold" => threshold = Some(num(line, f[2])?),
                    "folds" => {
                        folds = Some(f[2].parse::<usize>().map_err(|_| {
                            err(line, format!("expected a fold count, found {:?}", f[2]))
                        })?)
                    }
                    "equal_files" => {
                        equal_files = Some(f[2].parse::<bool>().map_err(|_| {
                            err(line, format!("expected true or false, found {:?}", f[2]))
                        })?)
                    }
                    other => return Err(err(line, format!("unknown meta row {other:?}"))),
                },
                ("band", 4) => bands.push(ModelBand {
                    format: f[1].to_string(),
                    low: num(line, f[2])?,
                    high: num(line, f[3])?,
                }),
                ("feature", 4) => {}
                (name, 4) => {
                    let w = [num(line, f[1])?, num(line, f[2])?, num(line, f[3])?];
                    let slot = if name == "bias" {
                        &mut bias
                    } else {
                        let Some(i) = FEATURE_NAMES.iter().position(|n| *n == name) else {
                            return Err(err(
                                line,
                                format!(
                                    "unknown feature {name:?}: expected bias or one of {}",
                                    FEATURE_NAMES.join(", ")
                                ),
                            ));
                        };
                        &mut weights[i]
                    };
                    if slot.replace(w).is_some() {
                        return Err(err(line, format!("{name} given twice")));
                    }
                }
                _ => {
                    return Err(err(
                        line,
                        "expected `meta NAME VALUE`, `band FORMAT LOW HIGH` or \
                         `FEATURE W+ W- Wnone` (tab-separated)"
                            .into(),
                    ))
                }
            }
        }
        let missing = |what: &str| err(0, format!("no {what} row"));
        let mut w = [[0.0; 3]; N_FEATURES];
        for (i, slot) in weights.iter().enumerate() {
            w[i] = slot.ok_or_else(|| missing(FEATURE_NAMES[i]))?;
        }
        Ok(Model {
            bias: bias.ok_or_else(|| missing("bias"))?,
            weights: w,
            protocol: Protocol {
                fitted_on: fitted_on.ok_or_else(|| missing("meta fitted_on"))?,
                l2: l2.ok_or_else(|| missing("meta l2"))?,
                none_threshold: threshold.ok_or_else(|| missing("meta none_threshold"))?,
                folds: folds.ok_or_else(|| missing("meta folds"))?,
                equal_files: equal_files.ok_or_else(|| missing("meta equal_files"))?,
            },
            bands,
        })
    }
}

/// Softmax, shifted by the largest logit so it cannot overflow.
pub fn softmax(z: [f64; 3]) -> [f64; 3] {
    let m = z[0].max(z[1]).max(z[2]);
    let e = z.map(|v| (v - m).exp());
    let s = e[0] + e[1] + e[2];
    e.map(|v| v / s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_model_parses_and_round_trips() {
        let m = Model::bundled();
        let again = Model::parse("x", &m.to_tsv()).unwrap();
        assert_eq!(m.to_tsv(), again.to_tsv());
    }

    #[test]
    fn a_bad_row_names_its_line() {
        let text = Model::bundled().to_tsv().replace("\nbias\t", "\nbias\tx\t");
        let e = Model::parse("m.tsv", &text).unwrap_err();
        assert!(e.line > 0, "{e}");
        let e = Model::parse("m.tsv", "meta\tl2\t0.1\n").unwrap_err();
        assert!(e.to_string().contains("no "), "{e}");
    }

    /// The position features are 0 in a first sentence (as every single-sentence training
    /// item is) and mark a later one, its depth capped at the tenth sentence.
    #[test]
    fn position_features_read_the_sentence_index() {
        use crate::actors::ActorId;
        use crate::attribution::Source;
        let scope = "Serraj accused Haftar of betrayal.";
        let reading = crate::scorers::ScorerSet::bundled()
            .read(scope, &mut crate::vader::VaderScratch::default());
        let at = |sentence: usize| {
            let a = Attribution {
                sentence,
                source: Source::Actor(ActorId(0)),
                target: ActorId(1),
                rule: Rule::Subject,
                scope: crate::text::Span {
                    start: 0,
                    end: scope.len(),
                },
                voice: Voice::Reported,
            };
            let x = Features::of(&reading, &a);
            let i = |name: &str| FEATURE_NAMES.iter().position(|n| *n == name).unwrap();
            (x.0[i("later_sentence")], x.0[i("sentence_depth")])
        };
        assert_eq!(at(0), (0.0, 0.0));
        assert_eq!(at(3), (1.0, 0.3));
        assert_eq!(at(40), (1.0, 1.0));
    }

    #[test]
    fn contributions_add_up_to_the_margin() {
        let m = Model::bundled();
        let mut x = Features([0.0; N_FEATURES]);
        x.0[1] = -0.6;
        x.0[4] = 1.0;
        x.0[5] = -0.8;
        let z = m.logits(&x);
        let total: f64 = m.contributions(&x).iter().map(|(_, c)| c).sum();
        assert!((total - (z[0] - z[1])).abs() < 1e-9);
    }
}
