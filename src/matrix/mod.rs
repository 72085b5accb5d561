//! Exact, mergeable accumulation of scores into source x target cells, and the matrix outputs.
//!
//! Each score is quantised to a fixed-point integer (2^-32 resolution) and summed, with its square,
//! in 128-bit integers. Integer addition is associative and commutative, so cells merged from any
//! number of threads, in any order, are bit-identical: `--threads 1` and `--threads N` agree byte
//! for byte, and so will partial results merged across machines.

pub mod digest;
pub mod evidence;
mod output;
pub mod partial;
pub mod period;
mod stats;

use rustc_hash::FxHashMap;
use std::ops::AddAssign;

use crate::actors::ActorId;
use crate::attribution::Source;
use crate::corpus::Document;
use crate::engine::Scored;
use crate::scorers::SCORERS;
use evidence::{Evidence, TopK};
use period::Period;
use std::sync::Arc;

pub use output::{
    actors_used, axes, serialize_opt_statistic, serialize_statistic, source_id, write_json,
    write_long_csv, write_wide_csv, JsonActor, JsonCell, JsonMatrix, OutputOptions, WideValue,
};
pub use stats::t_quantile_975;

/// Fixed-point scale of quantised scores.
pub const SCALE: f64 = 4_294_967_296.0; // 2^32

/// One cell: the count, and the exact sums of quantised scores and of their squares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cell {
    /// Number of scores.
    pub n: u64,
    /// Sum of `round(score * 2^32)`.
    pub sum: i128,
    /// Sum of the squares of the quantised scores.
    pub sum_sq: i128,
}

impl Cell {
    /// Adds one score in [-1, 1].
    pub fn add(&mut self, score: f64) {
        let q = (score.clamp(-1.0, 1.0) * SCALE).round() as i64 as i128;
        self.n += 1;
        self.sum += q;
        self.sum_sq += q * q;
    }

    /// Mean score.
    pub fn mean(&self) -> f64 {
        self.sum as f64 / self.n as f64 / SCALE
    }

    /// Sample standard deviation, `None` below two scores.
    pub fn sd(&self) -> Option<f64> {
        if self.n < 2 {
            return None;
        }
        let n = self.n as i128;
        // Exact in integers; only the final division is floating point.
        let numerator = n * self.sum_sq - self.sum * self.sum;
        let var = numerator as f64 / (n * (n - 1)) as f64 / (SCALE * SCALE);
        Some(var.max(0.0).sqrt())
    }

    /// The 95% confidence interval of the mean (Student's t), `None` below two scores. It is
    /// clipped to [-1, 1], the range every score lies in: with few scores the t interval is
    /// wider than anything a mean could be.
    pub fn ci95(&self) -> Option<(f64, f64)> {
        Some(ci95(self.n, self.mean(), self.sd()?))
    }
}

/// The 95% confidence interval (Student's t) of a mean of `n` >= 2 scores with sample standard
/// deviation `sd`, clipped to [-1, 1] as [`Cell::ci95`] explains.
pub fn ci95(n: u64, mean: f64, sd: f64) -> (f64, f64) {
    let half = t_quantile_975(n - 1) * sd / (n as f64).sqrt();
    ((mean - half).max(-1.0), (mean + half).min(1.0))
}

impl AddAssign<&Cell> for Cell {
    fn add_assign(&mut self, o: &Cell) {
        self.n += o.n;
        self.sum += o.sum;
        self.sum_sq += o.sum_sq;
    }
}

/// The key of a cell: period, scorer index, source, target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellKey {
    /// The time slice ([`period::UNDATED`] when not slicing by time).
    pub period: Period,
    /// Index into the accumulator's [`Accumulator::scorer_names`].
    pub scorer: u16,
    /// Who holds the stance.
    pub source: Source,
    /// Toward whom.
    pub target: ActorId,
}

/// Who toward whom, in which period: the cells of every scorer of one dyad share a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Dyad {
    /// The time slice ([`period::UNDATED`] when not slicing by time).
    pub period: Period,
    /// Who holds the stance.
    pub source: Source,
    /// Toward whom.
    pub target: ActorId,
}

impl Dyad {
    fn of(key: &CellKey) -> Dyad {
        Dyad {
            period: key.period,
            source: key.source,
            target: key.target,
        }
    }

    fn key(self, scorer: usize) -> CellKey {
        CellKey {
            period: self.period,
            scorer: scorer as u16,
            source: self.source,
            target: self.target,
        }
    }
}

/// All cells of a run, each with its strongest evidence.
///
/// Stored by dyad: one row of cells (one per scorer, in [`Accumulator::scorer_names`] order)
/// per (period, source, target), found with one hash lookup per attribution whatever the
/// number of scorers. A cell no score reached has `n == 0` and does not exist to readers.
#[derive(Debug, Clone)]
pub struct Accumulator {
    /// The scorers' names, indexed by [`CellKey::scorer`].
    names: Arc<[String]>,
    /// Per dyad, the index of its row: cells `row * names.len()..(row + 1) * names.len()`.
    rows: FxHashMap<Dyad, usize>,
    /// Beside each cell, its key (written once, when its row is made).
    keys: Vec<CellKey>,
    cells: Vec<Cell>,
    /// Beside each cell, its strongest evidence: a sentence strong for one scorer may be weak or
    /// absent for another, and a cell must show the sentences behind its own scores.
    evidence: Vec<TopK>,
    /// Cells with `n > 0`.
    filled: usize,
}

impl PartialEq for Accumulator {
    /// The same scorers and the same cells and evidence, whatever order the rows came in.
    fn eq(&self, o: &Accumulator) -> bool {
        self.names == o.names
            && self.filled == o.filled
            && self.cells().all(|(k, c)| {
                o.get(k) == Some(c)
                    && self.evidence(k).map(TopK::items) == o.evidence(k).map(TopK::items)
            })
    }
}

impl Default for Accumulator {
    /// An empty accumulator of the built-in scorers.
    fn default() -> Accumulator {
        Accumulator::with_scorers(SCORERS.iter().map(|s| s.name().to_string()).collect())
    }
}

impl Accumulator {
    /// An empty accumulator of the scorers named `names`, in the order of [`Scored::scores`]
    /// ([`crate::Engine::scorer_names`]).
    pub fn with_scorers(names: Arc<[String]>) -> Accumulator {
        Accumulator {
            names,
            rows: FxHashMap::default(),
            keys: Vec::new(),
            cells: Vec::new(),
            evidence: Vec::new(),
            filled: 0,
        }
    }

    /// The scorers' names, indexed by [`CellKey::scorer`].
    pub fn scorer_names(&self) -> &Arc<[String]> {
        &self.names
    }

    /// The name of a cell's scorer.
    pub fn scorer_name(&self, key: &CellKey) -> &str {
        &self.names[key.scorer as usize]
    }

    /// The index of the scorer named `name`, if it is one of this accumulator's.
    pub fn scorer_index(&self, name: &str) -> Option<u16> {
        self.names.iter().position(|n| n == name).map(|k| k as u16)
    }

    /// The first cell of a dyad's row, the row made (empty) if new.
    fn row_start(&mut self, dyad: Dyad) -> usize {
        let width = self.names.len();
        let next = self.rows.len();
        let row = *self.rows.entry(dyad).or_insert(next);
        if row == next {
            self.keys.extend((0..width).map(|k| dyad.key(k)));
            self.cells.resize(self.cells.len() + width, Cell::default());
            self.evidence
                .resize_with(self.evidence.len() + width, TopK::default);
        }
        row * width
    }

    /// The position of a cell that has a score.
    fn position(&self, key: &CellKey) -> Option<usize> {
        let width = self.names.len();
        if key.scorer as usize >= width {
            return None;
        }
        let row = *self.rows.get(&Dyad::of(key))?;
        let at = row * width + key.scorer as usize;
        (self.cells[at].n > 0).then_some(at)
    }

    /// Adds the scores of one attribution to its cells; with `doc`, also offers its sentence as
    /// evidence to each of those cells, with that cell's score.
    pub fn add(&mut self, period: Period, scored: &Scored, doc: Option<&Document>) {
        let a = &scored.attribution;
        debug_assert_eq!(
            scored.scores.len(),
            self.names.len(),
            "scores of other scorers"
        );
        let start = self.row_start(Dyad {
            period,
            source: a.source,
            target: a.target,
        });
        let width = self.names.len();
        let cells = &mut self.cells[start..start + width];
        let tops = &mut self.evidence[start..start + width];
        // Built at most once per attribution, then given each admitting scorer's score.
        let mut piece: Option<Evidence> = None;
        for ((score, cell), top) in scored.scores.iter().zip(cells).zip(tops) {
            let Some(s) = *score else { continue };
            self.filled += usize::from(cell.n == 0);
            cell.add(s);
            let Some(doc) = doc else { continue };
            if top.admits(s) {
                let mut e = piece
                    .get_or_insert_with(|| {
                        Evidence::new(
                            &doc.id,
                            doc.date.as_deref(),
                            a.sentence,
                            s,
                            scored.sentence_span.slice(&doc.text),
                        )
                        .with_cameo(scored.cameo.as_ref().map(|c| c.as_str()))
                    })
                    .clone();
                e.score = s;
                top.offer(e);
            }
        }
    }

    /// The cell at a key, if any score reached it.
    pub fn get(&self, key: &CellKey) -> Option<&Cell> {
        self.position(key).map(|at| &self.cells[at])
    }

    /// The strongest evidence of a cell, ranked by the cell's own scores.
    pub fn evidence(&self, key: &CellKey) -> Option<&TopK> {
        self.position(key).map(|at| &self.evidence[at])
    }

    /// Every cell's evidence that holds a sentence, in no particular order.
    pub fn evidence_items(&self) -> impl Iterator<Item = (&CellKey, &TopK)> {
        self.keys
            .iter()
            .zip(&self.evidence)
            .filter(|(_, top)| !top.items().is_empty())
    }

    /// Sets a cell that has no score yet, with its evidence; `false` if it already had one.
    pub(crate) fn insert(&mut self, key: CellKey, cell: Cell) -> bool {
        let at = self.row_start(Dyad::of(&key)) + key.scorer as usize;
        if self.cells[at].n > 0 {
            return false;
        }
        self.filled += usize::from(cell.n > 0);
        self.cells[at] = cell;
        true
    }

    /// The evidence of a cell that has a score, to add to.
    pub(crate) fn evidence_mut(&mut self, key: &CellKey) -> Option<&mut TopK> {
        let at = self.position(key)?;
        Some(&mut self.evidence[at])
    }

    /// The cells in output order: period (in time order, `undated` last), scorer name, source
    /// id, target id.
    pub fn sorted<'a>(&'a self, id_of: &dyn Fn(Source) -> &'a str) -> Vec<(CellKey, &'a Cell)> {
        let mut rows: Vec<(CellKey, &Cell)> = self.cells().map(|(k, c)| (*k, c)).collect();
        rows.sort_by(|(a, _), (b, _)| {
            period::time_order(a.period)
                .cmp(&period::time_order(b.period))
                .then_with(|| self.names[a.scorer as usize].cmp(&self.names[b.scorer as usize]))
                .then_with(|| id_of(a.source).cmp(id_of(b.source)))
                .then_with(|| id_of(Source::Actor(a.target)).cmp(id_of(Source::Actor(b.target))))
        });
        rows
    }

    /// The periods that hold cells, in time order (`undated` last).
    pub fn periods(&self) -> Vec<Period> {
        let mut p: Vec<Period> = self.cells().map(|(k, _)| k.period).collect();
        p.sort_unstable_by_key(|p| period::time_order(*p));
        p.dedup();
        p
    }

    /// Adds every cell and its evidence of `o` (of the same scorers) to the dyad `map` gives.
    pub(crate) fn add_mapped(&mut self, o: &Accumulator, map: impl Fn(Dyad) -> Dyad) {
        debug_assert_eq!(self.names, o.names, "accumulators of different scorers");
        let width = self.names.len();
        for theirs in (0..o.cells.len()).step_by(width.max(1)) {
            let theirs = theirs..theirs + width;
            if o.cells[theirs.clone()].iter().all(|c| c.n == 0) {
                continue;
            }
            let start = self.row_start(map(Dyad::of(&o.keys[theirs.start])));
            for (k, at) in theirs.enumerate() {
                let c = &o.cells[at];
                if c.n == 0 {
                    continue;
                }
                let ours = &mut self.cells[start + k];
                self.filled += usize::from(ours.n == 0);
                *ours += c;
                self.evidence[start + k].merge(&o.evidence[at]);
            }
        }
    }

    /// The same cells with every period merged into one (exactly), for pictures of a whole run.
    pub fn collapsed(&self) -> Accumulator {
        let mut out = Accumulator::with_scorers(Arc::clone(&self.names));
        out.add_mapped(self, |d| Dyad {
            period: period::UNDATED,
            ..d
        });
        out
    }

    /// Every cell, in no particular order.
    pub fn cells(&self) -> impl Iterator<Item = (&CellKey, &Cell)> {
        self.keys.iter().zip(&self.cells).filter(|(_, c)| c.n > 0)
    }

    /// Number of non-empty cells.
    pub fn len(&self) -> usize {
        self.filled
    }

    /// Whether no cell has a score.
    pub fn is_empty(&self) -> bool {
        self.filled == 0
    }
}

/// Adds the cells of an accumulator of the same scorers (merging partials checks that first).
impl AddAssign<&Accumulator> for Accumulator {
    fn add_assign(&mut self, o: &Accumulator) {
        self.add_mapped(o, |d| d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::{Attribution, Rule, Voice};
    use crate::text::Span;

    fn scored(source: Source, target: u32, scores: &[Option<f64>]) -> Scored {
        Scored {
            attribution: Attribution {
                sentence: 0,
                source,
                target: ActorId(target),
                rule: Rule::Subject,
                scope: Span::new(0, 1),
                voice: Voice::Reported,
            },
            sentence_span: Span::new(0, 1),
            scores: scores.iter().copied().collect(),
            cameo: None,
        }
    }

    #[test]
    fn a_dyad_row_holds_only_the_cells_a_score_reached() {
        let names: Arc<[String]> = ["a", "b", "c"].map(String::from).into();
        let mut acc = Accumulator::with_scorers(Arc::clone(&names));
        let x = Source::Actor(ActorId(0));
        acc.add(3, &scored(x, 1, &[Some(0.5), None, Some(-0.25)]), None);
        acc.add(3, &scored(x, 1, &[Some(0.5), None, None]), None);
        acc.add(
            4,
            &scored(Source::Author, 1, &[None, Some(1.0), None]),
            None,
        );
        let key = |period, scorer, source| CellKey {
            period,
            scorer,
            source,
            target: ActorId(1),
        };
        assert_eq!(acc.len(), 3);
        assert_eq!(
            acc.get(&key(3, 0, x)).map(|c| (c.n, c.mean())),
            Some((2, 0.5))
        );
        assert_eq!(acc.get(&key(3, 2, x)).map(|c| c.n), Some(1));
        assert_eq!(
            acc.get(&key(3, 1, x)),
            None,
            "a cell of the row no score reached"
        );
        assert_eq!(acc.get(&key(4, 0, Source::Author)), None);
        assert_eq!(acc.get(&key(3, 7, x)), None, "a scorer beyond the names");
        assert_eq!(acc.cells().count(), 3);
        assert_eq!(acc.periods(), [3, 4]);
        // Periods merged: the two rows of different sources stay apart.
        let all = acc.collapsed();
        assert_eq!(all.len(), 3);
        assert_eq!(
            all.get(&key(period::UNDATED, 1, Source::Author))
                .map(|c| c.n),
            Some(1)
        );
        // Adding is exact and keeps the empty cells empty.
        let mut twice = acc.clone();
        twice += &acc;
        assert_eq!(twice.len(), 3);
        assert_eq!(twice.get(&key(3, 0, x)).map(|c| c.n), Some(4));
        assert_eq!(twice.get(&key(3, 1, x)), None);
    }

    #[test]
    fn merging_in_any_order_is_exact() {
        let scores = [0.1, -0.37, 0.999, -1.0, 0.5, 0.25, -0.125];
        let mut whole = Cell::default();
        scores.iter().for_each(|&s| whole.add(s));
        let (mut a, mut b) = (Cell::default(), Cell::default());
        scores[..3].iter().for_each(|&s| a.add(s));
        scores[3..].iter().for_each(|&s| b.add(s));
        let mut ba = b;
        ba += &a;
        assert_eq!(ba, whole);
        let mean: f64 = scores.iter().sum::<f64>() / scores.len() as f64;
        assert!((whole.mean() - mean).abs() < 1e-9);
        let var =
            scores.iter().map(|s| (s - mean).powi(2)).sum::<f64>() / (scores.len() - 1) as f64;
        assert!((whole.sd().unwrap() - var.sqrt()).abs() < 1e-9);
    }
}
