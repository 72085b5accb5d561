//! The protocol: every choice by k-fold cross-validation on training files.
//!
//! Items of each training file are dealt into `k` folds by a seeded shuffle. For each L2
//! strength and fold, a model is fitted on the other folds of every file pooled; for each
//! none-threshold, each file's neutral band is fitted on those training folds' predictions and
//! the held-out fold is read through it. A file's cross-validated figure is the macro-F1 of its
//! held-out predictions pooled over the folds. The hand-weighted `stance` scorer and plain VADER
//! are measured the same way (their bands fitted on the training folds), so the three figures
//! compare. The (L2, threshold) with the best mean figure over the files is kept; the shipped
//! model is then fitted on every item, and each file's band on its held-out predictions.

use rayon::prelude::*;
use serde::Serialize;

use super::data::{confusion, model_scores, new_confusion, Attr, Gold, Item, Predicted};
use super::fit::{fit, Sample};
use super::{Model, ModelBand, Protocol};
use crate::eval::thresholds::{self, Band};

/// A training file's items.
#[derive(Debug, Clone)]
pub struct DataSet {
    /// `dse` or `newsmtsc`.
    pub format: String,
    /// The file, as [`thresholds::fitted_on_name`] names it.
    pub fitted_on: String,
    /// Its items through the engine.
    pub items: Vec<Item>,
}

impl DataSet {
    fn is_dse(&self) -> bool {
        matches!(self.items.first().map(|i| i.gold), Some(Gold::Dse(_)))
    }
}

/// The choices cross-validation searches.
#[derive(Debug, Clone)]
pub struct Options {
    /// Number of folds.
    pub folds: usize,
    /// Seed of the fold shuffle.
    pub seed: u64,
    /// L2 strengths tried.
    pub l2: Vec<f64>,
    /// File weightings tried: false, each attribution weighs 1; true, each file the same.
    pub equal_files: Vec<bool>,
    /// None-thresholds tried (1.0: never withhold a score).
    pub thresholds: Vec<f64>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            folds: 5,
            seed: 18,
            l2: vec![0.0001, 0.001, 0.01, 0.1],
            equal_files: vec![false, true],
            thresholds: vec![0.5, 0.6, 0.7, 0.8, 0.9, 1.0],
        }
    }
}

/// One (L2, threshold) of the search, with each file's cross-validated macro-F1.
#[derive(Debug, Clone, Serialize)]
pub struct Trial {
    /// L2 strength.
    pub l2: f64,
    /// Whether each training file weighed the same.
    pub equal_files: bool,
    /// None-threshold.
    pub none_threshold: f64,
    /// Cross-validated macro-F1 per file, in file order.
    pub macro_f1: Vec<f64>,
}

/// Cross-validated figures of one file.
#[derive(Debug, Clone, Serialize)]
pub struct FileFigures {
    /// The file.
    pub file: String,
    /// Items.
    pub n: usize,
    /// The calibrated model (the chosen L2 and threshold).
    pub calibrated: f64,
    /// The hand-weighted stance scorer.
    pub stance: f64,
    /// Plain VADER (the valence scorer).
    pub valence: f64,
}

/// What training found.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// Every trial.
    pub trials: Vec<Trial>,
    /// The figures of each file under the chosen trial, beside the baselines.
    pub figures: Vec<FileFigures>,
    /// The shipped model.
    #[serde(skip)]
    pub model: Model,
}

/// A small deterministic generator (SplitMix64) for the fold shuffle.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// The fold of each of `n` items: a seeded shuffle dealt round-robin.
pub fn folds_of(n: usize, k: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = SplitMix(seed);
    for i in (1..n).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    let mut fold = vec![0; n];
    for (pos, &item) in order.iter().enumerate() {
        fold[item] = pos % k.max(1);
    }
    fold
}

/// The fold of each item of `set`: its group's fold, groups dealt as [`folds_of`] deals items
/// (items of one document are never split between training and held-out folds; DSE and
/// NewsMTSC items are their own groups, so their folds are [`folds_of`]'s).
pub fn folds_of_groups(set: &DataSet, k: usize, seed: u64) -> Vec<usize> {
    let groups = set.items.iter().map(|i| i.group + 1).max().unwrap_or(0);
    let by_group = folds_of(groups, k, seed);
    set.items.iter().map(|i| by_group[i.group]).collect()
}

/// A band by a coarse grid (steps of 0.05): cross-validation fits hundreds of bands, and the
/// fine grid of [`thresholds::fit`] would cost minutes. Ties go to the narrowest band nearest 0.
fn coarse_band(items: &[&Item], preds: &[Predicted], dse: bool) -> Band {
    let (_, low, high) = thresholds::fit_in_steps(20, |band| {
        let mut c = new_confusion(dse);
        confusion(items.iter().copied().zip(preds), band, &mut c);
        c.macro_f1()
    });
    Band {
        low,
        high,
        fitted_on: "training folds".into(),
    }
}

/// The cross-validated macro-F1 of one file for a per-attribution score that may depend on
/// the fold (`score(fold, item index, attribution index, attribution)`).
fn cv_figure(
    set: &DataSet,
    folds: &[usize],
    k: usize,
    score: impl Fn(usize, usize, usize, &Attr) -> Option<f64> + Sync,
) -> f64 {
    let dse = set.is_dse();
    let per_fold: Vec<_> = (0..k)
        .into_par_iter()
        .map(|f| {
            let preds_for = |keep: &dyn Fn(usize) -> bool| {
                let mut items = Vec::new();
                let mut preds = Vec::new();
                for (i, item) in set
                    .items
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| keep(folds[*i]))
                {
                    items.push(item);
                    preds.push(item.predict(|j, a| score(f, i, j, a)));
                }
                (items, preds)
            };
            let (train_items, train_preds) = preds_for(&|g| g != f);
            let band = coarse_band(&train_items, &train_preds, dse);
            let (test_items, test_preds) = preds_for(&|g| g == f);
            let mut c = new_confusion(dse);
            confusion(test_items.into_iter().zip(&test_preds), &band, &mut c);
            c
        })
        .collect();
    let mut pooled = new_confusion(dse);
    for c in per_fold {
        for (row, r) in pooled.counts.iter_mut().zip(&c.counts) {
            for (x, y) in row.iter_mut().zip(r) {
                *x += y;
            }
        }
    }
    pooled.macro_f1()
}

/// The samples of the items in the kept folds. With `equal_files`, each file's samples are
/// weighted so that every file carries the same total weight (the total stays the number of
/// samples): the small real-news file then counts as much as DSE's thousands of items.
fn samples_where(
    sets: &[DataSet],
    folds: &[Vec<usize>],
    keep: impl Fn(usize) -> bool,
    equal_files: bool,
) -> Vec<Sample> {
    let per_file: Vec<Vec<Sample>> = sets
        .iter()
        .zip(folds)
        .map(|(set, f)| {
            set.items
                .iter()
                .zip(f)
                .filter(|(_, g)| keep(**g))
                .flat_map(|(item, _)| item.samples())
                .collect()
        })
        .collect();
    let total: usize = per_file.iter().map(Vec::len).sum();
    let files = per_file.iter().filter(|s| !s.is_empty()).count().max(1);
    per_file
        .into_iter()
        .flat_map(|mut samples| {
            if equal_files && !samples.is_empty() {
                let w = total as f64 / files as f64 / samples.len() as f64;
                for s in &mut samples {
                    s.weight = w;
                }
            }
            samples
        })
        .collect()
}

/// Runs the search and fits the shipped model. `say` receives progress lines.
pub fn train(sets: &[DataSet], opts: &Options, say: &(dyn Fn(String) + Sync)) -> Outcome {
    let k = opts.folds;
    let folds: Vec<Vec<usize>> = sets
        .iter()
        .enumerate()
        .map(|(i, s)| folds_of_groups(s, k, opts.seed.wrapping_add(i as u64)))
        .collect();
    let protocol = |(equal_files, l2): (bool, f64), t: f64| Protocol {
        fitted_on: sets.iter().map(|s| s.fitted_on.clone()).collect(),
        l2,
        none_threshold: t,
        folds: k,
        equal_files,
    };
    // Fit settings searched: (equal file weights, L2).
    let settings: Vec<(bool, f64)> = opts
        .equal_files
        .iter()
        .flat_map(|&e| opts.l2.iter().map(move |&l2| (e, l2)))
        .collect();
    // scores[setting][fold][set][item][attr] = (P(+) - P(-), P(none)).
    let jobs: Vec<(usize, usize)> = (0..settings.len())
        .flat_map(|l| (0..k).map(move |f| (l, f)))
        .collect();
    type Scores = Vec<Vec<Vec<(f64, f64)>>>;
    let fitted: Vec<Scores> = jobs
        .par_iter()
        .map(|&(l, f)| {
            let (equal, l2) = settings[l];
            let model = fit(
                &samples_where(sets, &folds, |g| g != f, equal),
                l2,
                protocol(settings[l], 1.0),
            );
            say(format!("fitted l2 {l2} equal_files {equal} fold {}", f + 1));
            sets.iter()
                .map(|s| model_scores(&model, &s.items))
                .collect()
        })
        .collect();
    let at = |l: usize, f: usize| &fitted[l * k + f];
    let mut trials = Vec::new();
    for (l, &(equal_files, l2)) in settings.iter().enumerate() {
        for &t in &opts.thresholds {
            let macro_f1 = sets
                .iter()
                .enumerate()
                .map(|(si, set)| {
                    cv_figure(set, &folds[si], k, |f, i, j, _| {
                        let (s, none) = at(l, f)[si][i][j];
                        (none <= t).then_some(s)
                    })
                })
                .collect();
            let trial = Trial {
                l2,
                equal_files,
                none_threshold: t,
                macro_f1,
            };
            say(format!(
                "l2 {l2} equal_files {equal_files} threshold {t}: {:?}",
                trial.macro_f1
            ));
            trials.push(trial);
        }
    }
    let mean = |t: &Trial| t.macro_f1.iter().sum::<f64>() / t.macro_f1.len().max(1) as f64;
    // The first best in search order: ties go to per-attribution weights, the smaller L2 and
    // the lower threshold.
    let best = trials
        .iter()
        .fold(None::<&Trial>, |b, t| match b {
            Some(b) if mean(b) >= mean(t) - 1e-12 => Some(b),
            _ => Some(t),
        })
        .expect("at least one trial")
        .clone();
    let l = settings
        .iter()
        .position(|&x| x == (best.equal_files, best.l2))
        .unwrap_or(0);
    let figures = sets
        .iter()
        .enumerate()
        .map(|(si, set)| FileFigures {
            file: set.fitted_on.clone(),
            n: set.items.len(),
            calibrated: best.macro_f1[si],
            stance: cv_figure(set, &folds[si], k, |_, _, _, a| a.stance),
            valence: cv_figure(set, &folds[si], k, |_, _, _, a| a.valence),
        })
        .collect();
    let mut model = fit(
        &samples_where(sets, &folds, |_| true, best.equal_files),
        best.l2,
        protocol(settings[l], best.none_threshold),
    );
    // Each file's band, on its held-out predictions under the chosen settings.
    for (si, set) in sets.iter().enumerate() {
        let preds: Vec<Predicted> = set
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                item.predict(|j, _| {
                    let (s, none) = at(l, folds[si][i])[si][i][j];
                    (none <= best.none_threshold).then_some(s)
                })
            })
            .collect();
        let dse = set.is_dse();
        let (_, low, high) = thresholds::fit(|band| {
            let mut c = new_confusion(dse);
            confusion(set.items.iter().zip(&preds), band, &mut c);
            c.macro_f1()
        });
        model.bands.push(ModelBand {
            format: set.format.clone(),
            low,
            high,
        });
    }
    Outcome {
        trials,
        figures,
        model,
    }
}

/// The samples of every item, weighted as the shipped fit weighs them (for the test that the
/// shipped coefficients are what training writes: refitting with the shipped L2 and weights
/// needs no search).
pub fn all_samples(sets: &[DataSet], equal_files: bool) -> Vec<Sample> {
    let folds: Vec<Vec<usize>> = sets.iter().map(|s| vec![0; s.items.len()]).collect();
    samples_where(sets, &folds, |_| true, equal_files)
}

/// A file the model was fitted on, read honestly (`stance eval --calibrated --cross-fit`):
/// `k` folds of this file, each scored by a model fitted on the other folds of this file only,
/// with the shipped model's L2 and threshold, its band fitted on those folds. Returns the
/// pooled macro-F1.
pub fn cross_fit(set: &DataSet, shipped: &Model, k: usize, seed: u64) -> f64 {
    let folds = folds_of_groups(set, k, seed);
    let sets = std::slice::from_ref(set);
    let fold_lists = vec![folds.clone()];
    let models: Vec<Vec<Vec<(f64, f64)>>> = (0..k)
        .into_par_iter()
        .map(|f| {
            let model = fit(
                &samples_where(sets, &fold_lists, |g| g != f, false),
                shipped.protocol.l2,
                shipped.protocol.clone(),
            );
            model_scores(&model, &set.items)
        })
        .collect();
    let t = shipped.protocol.none_threshold;
    cv_figure(set, &folds, k, |f, i, j, _| {
        let (s, none) = models[f][i][j];
        (none <= t).then_some(s)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_of(groups: &[usize]) -> DataSet {
        use super::super::data::{Attr, Role};
        use super::super::{Features, N_FEATURES};
        let attr = Attr {
            x: Features([0.0; N_FEATURES]),
            role: Role::Pair,
            stance: None,
            valence: None,
        };
        DataSet {
            format: "pairs".into(),
            fitted_on: "x".into(),
            items: groups
                .iter()
                .map(|&group| Item {
                    gold: Gold::Polar(crate::eval::datasets::Polarity::Neutral),
                    attrs: vec![attr],
                    group,
                })
                .collect(),
        }
    }

    /// Items of one document never straddle training and held-out folds.
    #[test]
    fn a_group_stays_in_one_fold() {
        let groups: Vec<usize> = (0..200).map(|i| i / 7).collect();
        let set = set_of(&groups);
        let folds = folds_of_groups(&set, 5, 3);
        for (i, item) in set.items.iter().enumerate() {
            let first = set
                .items
                .iter()
                .position(|o| o.group == item.group)
                .unwrap();
            assert_eq!(folds[i], folds[first]);
        }
        assert!((0..5).all(|k| folds.contains(&k)));
    }

    /// With equal file weights, a small file carries as much weight as a large one, and the
    /// total stays the number of samples.
    #[test]
    fn equal_file_weights_balance_the_files() {
        let big = set_of(&(0..90).collect::<Vec<_>>());
        let small = set_of(&(0..10).collect::<Vec<_>>());
        let sets = [big, small];
        let weights = |equal: bool| -> (f64, f64) {
            let s = all_samples(&sets, equal);
            let big: f64 = s[..90].iter().map(|x| x.weight).sum();
            let small: f64 = s[90..].iter().map(|x| x.weight).sum();
            (big, small)
        };
        assert_eq!(weights(false), (90.0, 10.0));
        let (b, s) = weights(true);
        assert!(
            (b - 50.0).abs() < 1e-9 && (s - 50.0).abs() < 1e-9,
            "{b} {s}"
        );
    }

    #[test]
    fn folds_are_balanced_and_seeded() {
        let f = folds_of(103, 5, 7);
        for k in 0..5 {
            let n = f.iter().filter(|&&g| g == k).count();
            assert!(n == 20 || n == 21, "fold {k}: {n}");
        }
        assert_eq!(f, folds_of(103, 5, 7));
        assert_ne!(f, folds_of(103, 5, 8));
    }
}
