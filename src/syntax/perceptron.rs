//! The averaged perceptron: sparse rows of per-class weights keyed by feature hashes.
//!
//! A feature row holds only the classes an update ever touched, which for a parser with a
//! hundred labelled moves is a handful: memory follows the updates, not features x classes.
//! Averaging is lazy (Daumé's trick, as in Honnibal's tagger): each cell remembers the step of
//! its last change and adds `weight x steps since` to its total only when it changes again.

use rustc_hash::FxHashMap;

/// One cell of a training row.
#[derive(Debug, Clone, Copy)]
struct Cell {
    class: u16,
    weight: f32,
    /// Sum of the weight over the steps up to `stamp`.
    total: f64,
    stamp: u32,
}

/// A perceptron being trained.
#[derive(Debug)]
pub(crate) struct Trainer {
    n_classes: usize,
    rows: FxHashMap<u64, Vec<Cell>>,
    /// Examples seen: the clock of the lazy average.
    step: u32,
}

impl Trainer {
    pub(crate) fn new(n_classes: usize) -> Trainer {
        Trainer {
            n_classes,
            rows: FxHashMap::default(),
            step: 0,
        }
    }

    /// Adds the current weights of `features` into `scores` (one slot per class, zeroed here).
    pub(crate) fn score(&self, features: &[u64], scores: &mut [f32]) {
        scores.fill(0.0);
        for f in features {
            if let Some(row) = self.rows.get(f) {
                for c in row {
                    scores[usize::from(c.class)] += c.weight;
                }
            }
        }
    }

    /// One more example seen.
    pub(crate) fn tick(&mut self) {
        self.step += 1;
    }

    /// Rewards `truth` and penalises `guess` on every feature.
    pub(crate) fn update(&mut self, features: &[u64], truth: usize, guess: usize) {
        if truth == guess {
            return;
        }
        let now = self.step;
        for &f in features {
            let row = self.rows.entry(f).or_default();
            bump(row, truth as u16, 1.0, now);
            bump(row, guess as u16, -1.0, now);
        }
    }

    /// The averaged weights, leaving out cells whose average is below `min_abs` in size.
    pub(crate) fn averaged(&self, min_abs: f32) -> Weights {
        let steps = f64::from(self.step.max(1));
        let mut keys: Vec<u64> = self.rows.keys().copied().collect();
        keys.sort_unstable();
        let mut rows = Vec::with_capacity(keys.len());
        for k in keys {
            let mut cells: Vec<(u16, f32)> = self.rows[&k]
                .iter()
                .map(|c| {
                    let total = c.total + f64::from(self.step - c.stamp) * f64::from(c.weight);
                    (c.class, (total / steps) as f32)
                })
                .filter(|&(_, w)| w.abs() >= min_abs && w != 0.0)
                .collect();
            if cells.is_empty() {
                continue;
            }
            cells.sort_unstable_by_key(|&(c, _)| c);
            rows.push((k, cells));
        }
        Weights::from_rows(self.n_classes, rows)
    }
}

fn bump(row: &mut Vec<Cell>, class: u16, delta: f32, now: u32) {
    let cell = match row.iter().position(|c| c.class == class) {
        Some(k) => &mut row[k],
        None => {
            row.push(Cell {
                class,
                weight: 0.0,
                total: 0.0,
                stamp: now,
            });
            row.last_mut().expect("just pushed")
        }
    };
    cell.total += f64::from(now - cell.stamp) * f64::from(cell.weight);
    cell.stamp = now;
    cell.weight += delta;
}

/// A weight of one class in a frozen row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Weight {
    pub class: u32,
    pub value: f32,
}

/// Frozen weights, for prediction: each feature's row is a slice of one flat array.
#[derive(Debug, Clone, Default)]
pub(crate) struct Weights {
    n_classes: usize,
    /// Feature -> (start, length) in `cells`.
    index: FxHashMap<u64, (u32, u32)>,
    cells: Vec<Weight>,
}

impl Weights {
    /// Weights from rows sorted by key, each with its cells sorted by class.
    pub(crate) fn from_rows(n_classes: usize, rows: Vec<(u64, Vec<(u16, f32)>)>) -> Weights {
        let mut index = FxHashMap::default();
        index.reserve(rows.len());
        let mut cells = Vec::with_capacity(rows.iter().map(|r| r.1.len()).sum());
        for (k, row) in rows {
            let start = cells.len() as u32;
            cells.extend(row.iter().map(|&(class, value)| Weight {
                class: u32::from(class),
                value,
            }));
            index.insert(k, (start, row.len() as u32));
        }
        Weights {
            n_classes,
            index,
            cells,
        }
    }

    /// How many classes the rows score.
    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// The number of feature rows and of weights.
    pub(crate) fn size(&self) -> (usize, usize) {
        (self.index.len(), self.cells.len())
    }

    /// Adds the weights of `features` into `scores` (zeroed here).
    #[inline]
    pub(crate) fn score(&self, features: &[u64], scores: &mut [f32]) {
        scores.fill(0.0);
        for f in features {
            if let Some(&(start, len)) = self.index.get(f) {
                for w in &self.cells[start as usize..(start + len) as usize] {
                    scores[w.class as usize] += w.value;
                }
            }
        }
    }

    /// The rows sorted by key, for writing.
    pub(crate) fn sorted_rows(&self) -> Vec<(u64, &[Weight])> {
        let mut rows: Vec<(u64, &[Weight])> = self
            .index
            .iter()
            .map(|(&k, &(s, l))| (k, &self.cells[s as usize..(s + l) as usize]))
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        rows
    }
}

/// The highest-scoring class among those `allowed`, the first on ties (so that equal scores
/// give the same answer everywhere).
#[inline]
pub(crate) fn best(scores: &[f32], allowed: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (k, &s) in scores.iter().enumerate() {
        if allowed(k) && best.is_none_or(|(_, b)| s > b) {
            best = Some((k, s));
        }
    }
    best.map(|b| b.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_rule_and_averages() {
        let mut t = Trainer::new(2);
        let data = [(1u64, 0usize), (2, 1), (1, 0), (2, 1)];
        let mut scores = [0.0; 2];
        for _ in 0..3 {
            for &(f, y) in &data {
                t.score(&[f, 99], &mut scores);
                let g = best(&scores, |_| true).unwrap();
                t.update(&[f, 99], y, g);
                t.tick();
            }
        }
        let w = t.averaged(0.0);
        for &(f, y) in &data {
            w.score(&[f, 99], &mut scores);
            assert_eq!(best(&scores, |_| true), Some(y));
        }
        assert!(w.size().0 >= 2);
    }
}
