//! What the engine predicts for each item of a labelled data set, and the evaluation method
//! around it: the report under a band, fitting a band, and cross-fitting when the stored band
//! was fitted on the very file evaluated.

use std::path::Path;

use rayon::prelude::*;

use super::datasets::{self, DataError, DseItem, Polarity};
use super::thresholds::{self, Band, Bands};
use super::{dse_report, polarity_report, DirectedScores, Predictor, Report};
use crate::engine::Engine;
use crate::scorers::Scorer;

/// The labelled formats read item by item: `dse`, `newsmtsc`, `persent`.
pub const ITEM_FORMATS: [&str; 3] = ["dse", "newsmtsc", "persent"];

/// What a format predicts, item by item.
#[derive(Debug, Clone)]
pub enum Predictions {
    /// DSE: the items and the engine's scores in both directions.
    Directed(Vec<DseItem>, Vec<DirectedScores>),
    /// Three-way polarity: the gold labels, the scores, and a text per item for listings
    /// (the target in brackets, then the text).
    Polar(Vec<Polarity>, Vec<f64>, Vec<String>),
}

/// Why items cannot be predicted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PredictError {
    /// The labelled file cannot be read.
    #[error(transparent)]
    Data(#[from] DataError),
    /// A format this module does not read item by item.
    #[error("unknown format {0:?}: expected dse, newsmtsc, persent or gold")]
    UnknownFormat(String),
}

impl Predictions {
    /// Reads `path` as `format` (one of [`ITEM_FORMATS`]) and predicts every item with
    /// `engine`'s `scorer`, in parallel. Each item brings its own actors: the engine only lends
    /// its scorers.
    pub fn read(
        engine: &Engine,
        scorer: Scorer,
        format: &str,
        path: &Path,
    ) -> Result<Predictions, PredictError> {
        Ok(match format {
            "dse" => {
                let items = datasets::read_dse(path)?;
                let scores = predict_all(engine, scorer, &items, Predictor::dse);
                Predictions::Directed(items, scores)
            }
            "newsmtsc" => {
                let items = datasets::read_newsmtsc(path)?;
                let scores = predict_all(engine, scorer, &items, Predictor::target);
                let texts = items
                    .iter()
                    .map(|i| format!("[{}] {}", i.target.slice(&i.text), i.text))
                    .collect();
                Predictions::Polar(items.iter().map(|i| i.polarity).collect(), scores, texts)
            }
            "persent" => {
                let items = datasets::read_persent(path)?;
                let scores = predict_all(engine, scorer, &items, Predictor::document);
                let texts = items
                    .iter()
                    .map(|i| format!("[{}] {:.300}", i.entity, i.text))
                    .collect();
                Predictions::Polar(items.iter().map(|i| i.polarity).collect(), scores, texts)
            }
            other => return Err(PredictError::UnknownFormat(other.into())),
        })
    }

    /// The number of items.
    pub fn len(&self) -> usize {
        match self {
            Predictions::Directed(items, _) => items.len(),
            Predictions::Polar(gold, _, _) => gold.len(),
        }
    }

    /// Whether there is no item.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The items at even (`parity` 0) or odd (1) positions.
    pub fn half(&self, parity: usize) -> Predictions {
        fn pick<T: Clone>(v: &[T], parity: usize) -> Vec<T> {
            v.iter().skip(parity).step_by(2).cloned().collect()
        }
        match self {
            Predictions::Directed(items, scores) => {
                Predictions::Directed(pick(items, parity), pick(scores, parity))
            }
            Predictions::Polar(gold, scores, texts) => Predictions::Polar(
                pick(gold, parity),
                pick(scores, parity),
                pick(texts, parity),
            ),
        }
    }

    /// The report with one band for every item (the stored band, or a candidate of a fit).
    pub fn report(&self, format: &str, band: &Band, scorer: Scorer) -> Report {
        self.report_with(format, &Bands::One(band.clone()), scorer)
    }

    /// The report with each item read through its band of `bands`.
    pub fn report_with(&self, format: &str, bands: &Bands, scorer: Scorer) -> Report {
        match self {
            Predictions::Directed(items, scores) => dse_report(items, scores, bands, scorer),
            Predictions::Polar(gold, scores, _) => {
                polarity_report(format, gold, scores, bands, scorer)
            }
        }
    }

    /// The band that maximises macro-F1 on these items: (macro-F1, low, high). For training
    /// files only.
    pub fn fit(&self, format: &str, scorer: Scorer) -> (f64, f64, f64) {
        thresholds::fit(|band| self.report(format, band, scorer).macro_f1)
    }

    /// The bands to read `path`'s items with: the stored `band`, unless it was fitted on
    /// `path` itself, which would flatter the figures; then each half of the items is read
    /// with a band fitted on the other half (cross-fitting), and the report says so.
    pub fn bands_for(&self, format: &str, scorer: Scorer, band: Band, path: &Path) -> Bands {
        if !band.was_fitted_on(path) {
            return Bands::One(band);
        }
        let folds = [1, 0].map(|other| {
            let (_, low, high) = self.half(other).fit(format, scorer);
            Band {
                low,
                high,
                fitted_on: format!("the {} items of this file", ["even", "odd"][other]),
            }
        });
        Bands::CrossFitted {
            stored: band,
            folds,
        }
    }
}

/// Predicts every item in parallel, one [`Predictor`] (and its buffers) per worker.
fn predict_all<T: Sync, R: Send>(
    engine: &Engine,
    scorer: Scorer,
    items: &[T],
    predict: impl Fn(&mut Predictor, &T) -> R + Sync + Send,
) -> Vec<R> {
    items
        .par_iter()
        .map_init(
            || Predictor::new(engine, scorer),
            |p, item| predict(p, item),
        )
        .collect()
}
