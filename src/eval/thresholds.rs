//! Neutral bands: a score below `low` is negative, above `high` positive, neutral between.
//! They are fitted on training data by `stance eval FORMAT TRAIN --fit` and stored in
//! `lexicons/calibration/thresholds.tsv`, so an evaluation never fits on the file it scores.

use std::path::Path;

use serde::Serialize;

use crate::actors::lexicon::content_lines;
use crate::actors::LexiconError;
use crate::eval::datasets::Polarity;

/// The stored thresholds.
pub const BUNDLED_THRESHOLDS: &str = include_str!("../../lexicons/calibration/thresholds.tsv");
const BUNDLED_PATH: &str = "lexicons/calibration/thresholds.tsv (bundled)";

/// A neutral band for one (format, scorer).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Band {
    /// Scores below are negative.
    pub low: f64,
    /// Scores above are positive.
    pub high: f64,
    /// Which data it was fitted on.
    pub fitted_on: String,
}

impl Band {
    /// The polarity `score` reads as: negative below `low`, positive above `high`.
    pub fn classify(&self, score: f64) -> Polarity {
        if score < self.low {
            Polarity::Negative
        } else if score > self.high {
            Polarity::Positive
        } else {
            Polarity::Neutral
        }
    }
}

impl Band {
    /// Whether this band was fitted on `path`: its `fitted_on` names the file's last path
    /// components (`persent/dev.csv`), so a copy under another name is not recognised.
    pub fn was_fitted_on(&self, path: &Path) -> bool {
        let fitted = Path::new(&self.fitted_on);
        if fitted.as_os_str().is_empty() {
            return false;
        }
        let full = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        full.ends_with(fitted)
    }
}

/// The neutral band each item of an evaluation is read with.
#[derive(Debug, Clone, PartialEq)]
pub enum Bands {
    /// One band for every item: the stored one, or a candidate during a fit.
    One(Band),
    /// The file being evaluated is the one the stored band was fitted on: items at even
    /// positions are read with `folds[0]`, fitted on the odd ones, and the other way round.
    CrossFitted {
        /// The band on record, not used for any item.
        stored: Band,
        /// The band for even items, then the band for odd items.
        folds: [Band; 2],
    },
}

impl Bands {
    /// The band item `index` is read with.
    pub fn for_item(&self, index: usize) -> &Band {
        match self {
            Bands::One(band) => band,
            Bands::CrossFitted { folds, .. } => &folds[index % 2],
        }
    }

    /// The band on record.
    pub fn stored(&self) -> &Band {
        match self {
            Bands::One(band) | Bands::CrossFitted { stored: band, .. } => band,
        }
    }

    /// The bands fitted per half, if the file was cross-fitted.
    pub fn folds(&self) -> Option<&[Band; 2]> {
        match self {
            Bands::One(_) => None,
            Bands::CrossFitted { folds, .. } => Some(folds),
        }
    }
}

/// One row of the thresholds file.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredBand {
    /// Data set format (`dse`, `newsmtsc`, `persent`, `gold`).
    pub format: String,
    /// Scorer name.
    pub scorer: String,
    /// The band.
    pub band: Band,
}

/// Parses the thresholds file: `format scorer low high fitted_on` after a header.
pub fn parse(path: &str, content: &str) -> Result<Vec<StoredBand>, LexiconError> {
    let mut rows = Vec::new();
    let mut header = false;
    for (n, line) in content_lines(content) {
        let err = |reason: &str| LexiconError {
            path: path.into(),
            line: n,
            reason: reason.into(),
        };
        if !header {
            header = true;
            if !line.starts_with("format\tscorer\tlow\thigh\tfitted_on") {
                return Err(err(
                    "expected the header `format scorer low high fitted_on`",
                ));
            }
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() < 5 {
            return Err(err(
                "expected 5 tab-separated fields: format, scorer, low, high, fitted_on",
            ));
        }
        let (Ok(low), Ok(high)) = (f[2].parse::<f64>(), f[3].parse::<f64>()) else {
            return Err(err("expected numbers in the low and high fields"));
        };
        if low.partial_cmp(&high) == Some(std::cmp::Ordering::Greater)
            || low.is_nan()
            || high.is_nan()
        {
            return Err(err("expected low <= high"));
        }
        rows.push(StoredBand {
            format: f[0].into(),
            scorer: f[1].into(),
            band: Band {
                low,
                high,
                fitted_on: f[4].into(),
            },
        });
    }
    Ok(rows)
}

/// The stored band for a format and scorer.
pub fn bundled(format: &str, scorer: &str) -> Option<Band> {
    StoredBands::bundled().find(format, scorer)
}

/// A thresholds file read at run time: the bundled copy, or a user's (`--thresholds FILE`), so
/// that a band printed by `--fit` is used without rebuilding.
#[derive(Debug, Clone)]
pub struct StoredBands {
    /// Where the rows come from, as messages name it.
    pub source: String,
    rows: Vec<StoredBand>,
}

impl StoredBands {
    /// The copy compiled into the binary (`lexicons/calibration/thresholds.tsv`).
    pub fn bundled() -> StoredBands {
        StoredBands {
            source: BUNDLED_PATH.into(),
            rows: parse(BUNDLED_PATH, BUNDLED_THRESHOLDS)
                .expect("bundled thresholds are well-formed"),
        }
    }

    /// A thresholds file in the bundled file's format.
    pub fn read(path: &Path) -> Result<StoredBands, LexiconError> {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| LexiconError {
            path: shown.clone(),
            line: 0,
            reason: format!("cannot read: {e}"),
        })?;
        let text = crate::actors::lexicon::decode(&shown, &bytes)?;
        Ok(StoredBands {
            rows: parse(&shown, &text)?,
            source: shown,
        })
    }

    /// The band for a format and scorer (the first row that names them).
    pub fn find(&self, format: &str, scorer: &str) -> Option<Band> {
        self.rows
            .iter()
            .find(|r| r.format == format && r.scorer == scorer)
            .map(|r| r.band.clone())
    }

    /// What to tell a user for whom [`StoredBands::find`] found nothing.
    pub fn missing(&self, format: &str, scorer: &str) -> String {
        format!(
            "no neutral band for {format} / {scorer} in {}: fit one on a training file with \
             `stance eval {format} TRAIN_FILE --scorer {scorer} --fit`, add the row it prints to \
             a copy of lexicons/calibration/thresholds.tsv and pass that copy with \
             --thresholds FILE",
            self.source
        )
    }
}

/// How a thresholds row names the file a band was fitted on: its path below the data sets'
/// `data` directory (`directed_sentiment_dse/train.txt`, as ../shared/data holds them), or
/// else its folder and name. [`Band::was_fitted_on`] recognises the file by these components.
pub fn fitted_on_name(path: &Path) -> String {
    let full = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let parts: Vec<String> = full
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let start = match parts.iter().rposition(|p| p == "data") {
        Some(i) if i + 1 < parts.len() => i + 1,
        _ => parts.len().saturating_sub(2),
    };
    parts[start..].join("/")
}

/// The band that maximises `quality` over a grid of steps of 0.01 in [-1, 1]; ties go to the
/// narrowest band nearest 0, so the fit does not depend on the order it is searched in.
pub fn fit(quality: impl Fn(&Band) -> f64) -> (f64, f64, f64) {
    fit_in_steps(100, quality)
}

/// [`fit`] over a grid of steps of `1 / steps` in [-1, 1] (a coarser grid for fits repeated
/// hundreds of times, as in cross-validation).
pub fn fit_in_steps(steps: i32, quality: impl Fn(&Band) -> f64) -> (f64, f64, f64) {
    let grid: Vec<f64> = (-steps..=steps)
        .map(|i| f64::from(i) / f64::from(steps))
        .collect();
    let mut best = (f64::NEG_INFINITY, 0.0, 0.0);
    let mut band = Band {
        low: 0.0,
        high: 0.0,
        fitted_on: String::new(),
    };
    for &low in &grid {
        for &high in grid.iter().filter(|&&h| h >= low) {
            band.low = low;
            band.high = high;
            let q = quality(&band);
            let better = q > best.0 + 1e-12
                || ((q - best.0).abs() <= 1e-12
                    && (high - low, low.abs() + high.abs())
                        < (best.2 - best.1, best.1.abs() + best.2.abs()));
            if better {
                best = (q, low, high);
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn band(fitted_on: &str) -> Band {
        Band {
            low: -0.1,
            high: 0.1,
            fitted_on: fitted_on.into(),
        }
    }

    #[test]
    fn a_band_knows_the_file_it_was_fitted_on_by_its_last_components() {
        let b = band("persent/dev.csv");
        assert!(b.was_fitted_on(Path::new("/data/shared/persent/dev.csv")));
        assert!(b.was_fitted_on(Path::new("persent/dev.csv")));
        assert!(!b.was_fitted_on(Path::new("/data/shared/persent/random_test.csv")));
        assert!(!b.was_fitted_on(Path::new("/data/other/dev.csv")));
        assert!(!b.was_fitted_on(Path::new("/data/xpersent/dev.csv")));
        assert!(!band("").was_fitted_on(Path::new("dev.csv")));
    }

    #[test]
    fn a_fit_names_its_file_as_the_stored_rows_do() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("shared/data/newsmtsc/original");
        std::fs::create_dir_all(&data).unwrap();
        std::fs::write(data.join("train.jsonl"), "").unwrap();
        assert_eq!(
            fitted_on_name(&data.join("train.jsonl")),
            "newsmtsc/original/train.jsonl"
        );
        assert_eq!(
            fitted_on_name(Path::new("/x/y/mine/train.tsv")),
            "mine/train.tsv"
        );
        let name = fitted_on_name(&data.join("train.jsonl"));
        assert!(band(&name).was_fitted_on(&data.join("train.jsonl")));
    }

    #[test]
    fn cross_fitted_items_alternate_between_the_two_folds() {
        let bands = Bands::CrossFitted {
            stored: band("x"),
            folds: [band("odd"), band("even")],
        };
        assert_eq!(bands.for_item(0).fitted_on, "odd");
        assert_eq!(bands.for_item(1).fitted_on, "even");
        assert_eq!(bands.for_item(4).fitted_on, "odd");
        assert_eq!(bands.stored().fitted_on, "x");
        assert!(Bands::One(band("x")).folds().is_none());
    }
}
