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
        self.cross_fitted(format, scorer, band)
    }

    /// Each half read with a band fitted on the other half; `stored` is named in the report as
    /// the band that was not used.
    pub fn cross_fitted(&self, format: &str, scorer: Scorer, band: Band) -> Bands {
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

/// An item the engine got wrong, as `stance eval --errors` lists it: one line, gold label,
/// predicted label, score(s) and text (its `Display`).
#[derive(Debug, Clone, PartialEq)]
pub enum Misclassified<'a> {
    /// A DSE sentence: the item (its entities are marked `[...]1` and `[...]2` when shown),
    /// the label predicted and the scores behind it.
    Directed {
        /// The labelled sentence.
        item: &'a DseItem,
        /// The label the engine's scores give through the item's band.
        predicted: u8,
        /// The scores in both directions.
        scores: DirectedScores,
    },
    /// A three-way polarity item.
    Polar {
        /// The human label.
        gold: Polarity,
        /// The label the score gives through the item's band.
        predicted: Polarity,
        /// The score.
        score: f64,
        /// The target in brackets, then the text.
        text: &'a str,
    },
}

impl std::fmt::Display for Misclassified<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Misclassified::Directed {
                item,
                predicted,
                scores,
            } => {
                let mut marked = item.text.clone();
                // Mark the later span first so the earlier offsets stay valid.
                for (span, tag) in [(item.second, "2"), (item.first, "1")] {
                    marked.insert_str(span.end, &format!("]{tag}"));
                    marked.insert(span.start, '[');
                }
                let score = |s: Option<f64>| s.map_or("-".into(), |s| format!("{s:+.2}"));
                write!(
                    f,
                    "{} -> {predicted}  fwd {}  bwd {}  {marked}",
                    item.label,
                    score(scores.forward),
                    score(scores.backward),
                )
            }
            Misclassified::Polar {
                gold,
                predicted,
                score,
                text,
            } => write!(
                f,
                "{} -> {}  {score:+.2}  {text}",
                gold.index(),
                predicted.index()
            ),
        }
    }
}

impl Predictions {
    /// The items whose predicted label differs from the gold one under `bands`, in file order.
    pub fn misclassified<'a>(
        &'a self,
        bands: &'a Bands,
    ) -> Box<dyn Iterator<Item = Misclassified<'a>> + 'a> {
        match self {
            Predictions::Directed(items, scores) => {
                Box::new(items.iter().zip(scores).enumerate().filter_map(
                    move |(i, (item, scores))| {
                        let predicted = scores.label(bands.for_item(i));
                        (predicted != item.label).then_some(Misclassified::Directed {
                            item,
                            predicted,
                            scores: *scores,
                        })
                    },
                ))
            }
            Predictions::Polar(gold, scores, texts) => {
                Box::new(gold.iter().zip(scores).zip(texts).enumerate().filter_map(
                    move |(i, ((gold, score), text))| {
                        let predicted = bands.for_item(i).classify(*score);
                        (predicted != *gold).then_some(Misclassified::Polar {
                            gold: *gold,
                            predicted,
                            score: *score,
                            text,
                        })
                    },
                ))
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Span;

    /// The listing of wrong items: DSE entities marked in the text, absent scores as `-`;
    /// polarity items by label index; right items left out.
    #[test]
    fn misclassified_items_are_listed_one_a_line() {
        let band = Band {
            low: -0.1,
            high: 0.1,
            fitted_on: String::new(),
        };
        let bands = Bands::One(band);
        let item = |label| DseItem {
            text: "Ann praised Bob.".into(),
            first: Span::new(0, 3),
            second: Span::new(12, 15),
            label,
        };
        let scores = DirectedScores {
            forward: Some(0.5),
            backward: None,
        };
        let directed = Predictions::Directed(vec![item(3), item(1)], vec![scores, scores]);
        let lines: Vec<String> = directed
            .misclassified(&bands)
            .map(|m| m.to_string())
            .collect();
        assert_eq!(lines, ["3 -> 1  fwd +0.50  bwd -  [Ann]1 praised [Bob]2."]);
        let polar = Predictions::Polar(
            vec![Polarity::Negative, Polarity::Neutral],
            vec![0.3, 0.05],
            vec!["[x] t1".into(), "[y] t2".into()],
        );
        let lines: Vec<String> = polar.misclassified(&bands).map(|m| m.to_string()).collect();
        assert_eq!(lines, ["0 -> 2  +0.30  [x] t1"]);
    }
}
