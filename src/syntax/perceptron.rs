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

    /// The averaged weights, leaving out cells whose average is below `min_abs` in size, and
    /// rounded to integers of [`QUANT_MAX`] steps either side (one scale for all: only the
    /// order of scores matters).
    ///
    /// Frozen rows are keyed by the low 32 bits of the feature key: the model file is a third
    /// the size, and the few features that then share a row add their weights.
    pub(crate) fn averaged(&self, min_abs: f32) -> Weights {
        let steps = f64::from(self.step.max(1));
        let mut cells: Vec<(u32, u16, f32)> = Vec::new();
        for (&k, row) in &self.rows {
            for c in row {
                let total = c.total + f64::from(self.step - c.stamp) * f64::from(c.weight);
                cells.push((row_key(k), c.class, (total / steps) as f32));
            }
        }
        // Sorted by key and class (and weight, so that sums are added in one fixed order).
        cells.sort_unstable_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)).then(a.2.total_cmp(&b.2)));
        let mut rows: Vec<(u32, Vec<(u16, f32)>)> = Vec::new();
        for (k, class, w) in cells {
            match rows.last_mut() {
                Some((last, row)) if *last == k => match row.last_mut() {
                    Some((c, sum)) if *c == class => *sum += w,
                    _ => row.push((class, w)),
                },
                _ => rows.push((k, vec![(class, w)])),
            }
        }
        let max = rows
            .iter()
            .flat_map(|(_, r)| r.iter())
            .fold(0f32, |m, &(_, w)| m.max(w.abs()));
        let scale = if max > 0.0 { max / QUANT_MAX } else { 1.0 };
        let rows: Vec<(u32, Vec<(u16, i16)>)> = rows
            .into_iter()
            .map(|(k, row)| {
                let cells = row
                    .into_iter()
                    .filter(|&(_, w)| w.abs() >= min_abs)
                    .map(|(c, w)| (c, (w / scale).round() as i16))
                    .filter(|&(_, q)| q != 0)
                    .collect::<Vec<_>>();
                (k, cells)
            })
            .filter(|(_, c)| !c.is_empty())
            .collect();
        Weights::from_rows(self.n_classes, scale, rows)
            .expect("a trained model fits the frozen layout")
    }
}

/// The largest quantised weight. 12 bits: a typical weight (0.5 to 1, of a largest near 70)
/// keeps two significant digits and most take one byte in the model file.
const QUANT_MAX: f32 = 4095.0;

/// The key of a frozen row: the low 32 bits of the feature key, never 0 (the empty slot).
#[inline]
fn row_key(feature: u64) -> u32 {
    (feature as u32).max(1)
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

/// A weight of one class in a frozen row: 4 bytes, so a row of several classes is one
/// cache line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Weight {
    pub class: u16,
    pub value: i16,
}

/// The most cells a frozen model holds (a row's start has 24 bits).
const MAX_CELLS: usize = 1 << 24;

/// Frozen, quantised weights, for prediction.
///
/// An open-addressing table of 8-byte slots (row key, start << 8 | length) over one flat
/// array of 4-byte cells: a feature costs one probe, usually one cache line, and its row one
/// more. Prediction is bound by these memory reads, so the layout is the speed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Weights {
    n_classes: usize,
    /// The value of one unit of a quantised weight.
    scale: f32,
    /// (key, start << 8 | len); key 0 is an empty slot. The length is a power of two.
    slots: Vec<(u32, u32)>,
    rows: usize,
    cells: Vec<Weight>,
}

impl Weights {
    /// Weights from rows (keys distinct and not 0, at most 255 cells each).
    pub(crate) fn from_rows(
        n_classes: usize,
        scale: f32,
        rows: Vec<(u32, Vec<(u16, i16)>)>,
    ) -> Result<Weights, String> {
        let mut cells = Vec::with_capacity(rows.iter().map(|r| r.1.len()).sum());
        let mut index = Vec::with_capacity(rows.len());
        for (k, row) in &rows {
            index.push((*k, cells.len() as u32, row.len()));
            cells.extend(row.iter().map(|&(class, value)| Weight { class, value }));
        }
        Weights::from_flat(n_classes, scale, &index, cells)
    }

    /// Weights from rows given as (key, start, length) over one array of cells.
    pub(crate) fn from_flat(
        n_classes: usize,
        scale: f32,
        index: &[(u32, u32, usize)],
        cells: Vec<Weight>,
    ) -> Result<Weights, String> {
        if cells.len() >= MAX_CELLS {
            return Err(format!(
                "{} weights: more than the {MAX_CELLS} a model may hold",
                cells.len()
            ));
        }
        if let Some(c) = cells.iter().find(|c| usize::from(c.class) >= n_classes) {
            return Err(format!("a weight of class {} beyond {n_classes}", c.class));
        }
        // At most half full: probes stay short.
        let size = (index.len() * 2).next_power_of_two().max(16);
        let mask = size - 1;
        let mut slots = vec![(0u32, 0u32); size];
        for &(k, start, len) in index {
            let in_range = (start as usize)
                .checked_add(len)
                .is_some_and(|e| e <= cells.len());
            if k == 0 || len == 0 || len > 255 || !in_range {
                return Err(format!("malformed row {k:#x}"));
            }
            let packed = start << 8 | len as u32;
            let mut i = slot_of(k, mask);
            loop {
                match slots[i].0 {
                    0 => {
                        slots[i] = (k, packed);
                        break;
                    }
                    same if same == k => return Err(format!("row {k:#x} twice")),
                    _ => i = (i + 1) & mask,
                }
            }
        }
        Ok(Weights {
            n_classes,
            scale,
            slots,
            rows: index.len(),
            cells,
        })
    }

    /// How many classes the rows score.
    pub(crate) fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// The value of one unit of a quantised weight.
    pub(crate) fn scale(&self) -> f32 {
        self.scale
    }

    /// The number of feature rows and of weights.
    pub(crate) fn size(&self) -> (usize, usize) {
        (self.rows, self.cells.len())
    }

    /// The row of a feature, as (start, length) in `cells`; (0, 0) when it has none.
    #[inline]
    fn row(&self, feature: u64, mask: usize) -> (u32, u32) {
        let k = row_key(feature);
        let mut i = slot_of(k, mask);
        loop {
            let (key, packed) = self.slots[i];
            if key == k {
                return (packed >> 8, packed & 0xff);
            }
            if key == 0 {
                return (0, 0);
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds the weights of `features` into `scores` (zeroed here).
    ///
    /// Nearly every feature's slot and row is a cache miss. Looking a feature up and adding
    /// its row before the next would wait on two misses in turn per feature; instead the
    /// slots of a batch of features are read first (independent loads the processor keeps in
    /// flight together), then their rows' first cells, and only then are rows added.
    pub(crate) fn score(&self, features: &[u64], scores: &mut [i32]) {
        scores.fill(0);
        if self.slots.is_empty() {
            return;
        }
        let mask = self.slots.len() - 1;
        const BATCH: usize = 48;
        let mut rows = [(0u32, 0u32); BATCH];
        let mut touch = 0u32;
        for batch in features.chunks(BATCH) {
            for &f in batch {
                touch ^= self.slots[slot_of(row_key(f), mask)].0;
            }
            for (r, &f) in rows.iter_mut().zip(batch) {
                *r = self.row(f, mask);
                if r.1 > 0 {
                    touch ^= self.cells[r.0 as usize].value as u32;
                }
            }
            for &(start, len) in &rows[..batch.len()] {
                for w in &self.cells[start as usize..(start + len) as usize] {
                    scores[usize::from(w.class)] += i32::from(w.value);
                }
            }
        }
        std::hint::black_box(touch);
    }

    /// The rows sorted by key, for writing.
    pub(crate) fn sorted_rows(&self) -> Vec<(u32, &[Weight])> {
        let mut rows: Vec<(u32, &[Weight])> = self
            .slots
            .iter()
            .filter(|s| s.0 != 0)
            .map(|&(k, packed)| {
                let start = (packed >> 8) as usize;
                (k, &self.cells[start..start + (packed & 0xff) as usize])
            })
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        rows
    }
}

/// The home slot of a row key (keys are hash bits already; the high ones spread best).
#[inline]
fn slot_of(k: u32, mask: usize) -> usize {
    (k.wrapping_mul(0x9e37_79b9) as usize ^ (k as usize >> 16)) & mask
}

/// The highest-scoring class among those `allowed`, the first on ties (so that equal scores
/// give the same answer everywhere).
#[inline]
pub(crate) fn best<T: PartialOrd + Copy>(
    scores: &[T],
    allowed: impl Fn(usize) -> bool,
) -> Option<usize> {
    let mut best: Option<(usize, T)> = None;
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
        let mut int_scores = [0; 2];
        for &(f, y) in &data {
            w.score(&[f, 99], &mut int_scores);
            assert_eq!(best(&int_scores, |_| true), Some(y));
            t.score(&[f, 99], &mut scores);
            assert_eq!(best(&scores, |_| true), Some(y));
        }
        assert!(w.size().0 >= 2);
    }
}
