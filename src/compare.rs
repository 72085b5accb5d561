//! Comparing actors: both directions of each pair, profiles side by side, who sides with whom,
//! and the evidence behind each cell.
//!
//! Works on a [`CellTable`]: one scorer's cells over all periods, built from a run's
//! [`Accumulator`] or read back from a matrix saved with `stance score --format json`.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::actors::ActorSet;
use crate::matrix::evidence::Evidence;
use crate::matrix::{source_id, Accumulator, JsonMatrix};

/// One cell summarised: count, mean, spread and evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CellSummary {
    /// Number of scores.
    pub n: u64,
    /// Mean score.
    #[serde(serialize_with = "crate::matrix::serialize_statistic")]
    pub mean: f64,
    /// Sample standard deviation (n >= 2).
    #[serde(serialize_with = "crate::matrix::serialize_opt_statistic")]
    pub sd: Option<f64>,
    /// The strongest evidence sentences.
    #[serde(default)]
    pub evidence: Vec<Evidence>,
}

impl CellSummary {
    /// The 95% confidence interval of the mean, as [`crate::matrix::Cell::ci95`]; `None`
    /// below two scores.
    pub fn ci95(&self) -> Option<(f64, f64)> {
        Some(crate::matrix::ci95(self.n, self.mean, self.sd?))
    }
}

/// One scorer's cells, keyed by (source id, target id).
#[derive(Debug, Clone, Default)]
pub struct CellTable {
    cells: FxHashMap<(String, String), CellSummary>,
}

/// Cells of several periods being pooled into one: count, mean and sum of squared deviations
/// (M2), combined pairwise as Chan, Golub and LeVeque (1979) do. Recovering sums of squares as
/// `sd^2 (n - 1) + n mean^2` and subtracting `n mean^2` again cancels catastrophically when the
/// spread is small against the mean.
#[derive(Default)]
struct Pooled {
    n: u64,
    mean: f64,
    m2: f64,
    evidence: Vec<Evidence>,
}

impl Pooled {
    /// Pools in a saved cell of `n` scores with this mean and sample standard deviation.
    fn add(&mut self, n: u64, mean: f64, sd: Option<f64>) {
        if n == 0 {
            return;
        }
        let m2 = sd.map_or(0.0, |sd| sd * sd * (n - 1) as f64);
        if self.n == 0 {
            (self.n, self.mean, self.m2) = (n, mean, m2);
            return;
        }
        let total = self.n + n;
        let delta = mean - self.mean;
        let (na, nb, nt) = (self.n as f64, n as f64, total as f64);
        self.mean += delta * nb / nt;
        self.m2 += m2 + delta * delta * na * nb / nt;
        self.n = total;
    }

    fn summary(mut self) -> CellSummary {
        let mean = self.mean;
        let sd = (self.n >= 2).then(|| (self.m2 / (self.n - 1) as f64).max(0.0).sqrt());
        self.evidence.sort_by(|a, b| {
            b.score
                .abs()
                .total_cmp(&a.score.abs())
                .then_with(|| a.doc.cmp(&b.doc))
        });
        self.evidence.truncate(crate::matrix::evidence::TOP_K);
        CellSummary {
            n: self.n,
            mean,
            sd,
            evidence: self.evidence,
        }
    }
}

/// Why a saved matrix cannot be compared: the file is not a matrix saved by `stance score
/// --format json` (what JSON could not be read, and where), or it has no such scorer.
#[derive(Debug, thiserror::Error)]
pub enum SavedMatrixError {
    /// The JSON is not a saved matrix.
    #[error("not a matrix saved by `stance score --format json` ({0})")]
    NotAMatrix(serde_json::Error),
    /// The matrix lists its scorers and the one asked for is not among them.
    #[error("--scorer {asked}: not a scorer of the saved matrix; its scorers are: {known}")]
    NoSuchScorer {
        /// The scorer asked for.
        asked: String,
        /// The matrix's scorers, comma-separated.
        known: String,
    },
}

impl CellTable {
    /// The cells of `scorer` in a run, all periods merged exactly.
    pub fn from_accumulator(acc: &Accumulator, actors: &ActorSet, scorer: &str) -> CellTable {
        let index = acc.scorer_index(scorer);
        let acc = acc.collapsed();
        let mut cells = FxHashMap::default();
        for (k, c) in acc.cells().filter(|(k, _)| Some(k.scorer) == index) {
            cells.insert(
                (
                    source_id(actors, k.source).to_string(),
                    actors.get(k.target).id.clone(),
                ),
                CellSummary {
                    n: c.n,
                    mean: c.mean(),
                    sd: c.sd(),
                    evidence: acc
                        .evidence(k)
                        .map(|t| t.items().to_vec())
                        .unwrap_or_default(),
                },
            );
        }
        CellTable { cells }
    }

    /// The cells of `scorer` in a saved JSON matrix; cells of several periods are pooled (counts
    /// added, means weighted by n, variances combined), and their evidence merged.
    pub fn from_json(json: &str, scorer: &str) -> Result<CellTable, SavedMatrixError> {
        let saved: JsonMatrix = serde_json::from_str(json).map_err(SavedMatrixError::NotAMatrix)?;
        // Files of earlier versions may lack the list; then an unknown scorer finds no cell.
        if !saved.scorers.is_empty() && !saved.scorers.iter().any(|s| s == scorer) {
            return Err(SavedMatrixError::NoSuchScorer {
                asked: scorer.to_string(),
                known: saved.scorers.join(", "),
            });
        }
        let mut pooled: FxHashMap<(String, String), Pooled> = FxHashMap::default();
        for c in saved.cells.into_iter().filter(|c| c.scorer == scorer) {
            let p = pooled
                .entry((c.source.into_owned(), c.target.into_owned()))
                .or_default();
            p.add(c.n, c.mean, c.sd);
            for ev in c.evidence.into_owned() {
                if !p.evidence.contains(&ev) {
                    p.evidence.push(ev);
                }
            }
        }
        let cells = pooled
            .into_iter()
            .map(|(key, p)| (key, p.summary()))
            .collect();
        Ok(CellTable { cells })
    }

    /// The cell from `source` to `target`.
    pub fn get(&self, source: &str, target: &str) -> Option<&CellSummary> {
        self.cells.get(&(source.to_string(), target.to_string()))
    }

    /// Whether an id occurs as a source or target.
    pub fn mentions(&self, id: &str) -> bool {
        self.cells.keys().any(|(s, t)| s == id || t == id)
    }

    /// Every id that occurs as a source or target, sorted, without repeats.
    pub fn ids(&self) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .cells
            .keys()
            .flat_map(|(s, t)| [s.as_str(), t.as_str()])
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// Row of `source`: its mean toward each target.
    fn row(&self, source: &str) -> FxHashMap<&str, f64> {
        self.cells
            .iter()
            .filter(|((s, _), _)| s == source)
            .map(|((_, t), c)| (t.as_str(), c.mean))
            .collect()
    }

    /// Column of `target`: each source's mean toward it.
    fn column(&self, target: &str) -> FxHashMap<&str, f64> {
        self.cells
            .iter()
            .filter(|((_, t), _)| t == target)
            .map(|((s, _), c)| (s.as_str(), c.mean))
            .collect()
    }
}

/// How an actor id given by a user matched the known ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdMatch<'a> {
    /// The id, exactly or ignoring case.
    Found(&'a str),
    /// Several ids differ from it only in case.
    Ambiguous(Vec<&'a str>),
    /// No id matches; the nearest ones, best first (possibly none).
    Unknown(Vec<&'a str>),
}

/// Finds `query` among `ids`: exactly, else ignoring case (so `serraj` is `SERRAJ`), else the
/// nearest ids as suggestions: those within a small edit distance (about one edit per three
/// letters, ignoring case) or that start with it, at most three, nearest first.
pub fn match_id<'a>(query: &str, ids: &[&'a str]) -> IdMatch<'a> {
    if let Some(id) = ids.iter().find(|id| **id == query) {
        return IdMatch::Found(id);
    }
    let query_lower = query.to_lowercase();
    let mut same: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| id.to_lowercase() == query_lower)
        .collect();
    same.sort_unstable();
    same.dedup();
    match same.len() {
        1 => return IdMatch::Found(same[0]),
        n if n > 1 => return IdMatch::Ambiguous(same),
        _ => {}
    }
    let q: Vec<char> = query_lower.chars().collect();
    let limit = (q.len() / 3).max(1);
    let mut near: Vec<(usize, &str)> = ids
        .iter()
        .copied()
        .filter_map(|id| {
            let lower: Vec<char> = id.to_lowercase().chars().collect();
            let d = edit_distance(&q, &lower);
            let prefix = q.len() >= 3 && lower.starts_with(&q);
            (d <= limit || prefix).then_some((d, id))
        })
        .collect();
    near.sort_unstable();
    near.dedup();
    IdMatch::Unknown(near.into_iter().take(3).map(|(_, id)| id).collect())
}

/// `" (did you mean A or B?)"`, or nothing without suggestions.
pub fn did_you_mean(suggestions: &[&str]) -> String {
    match suggestions {
        [] => String::new(),
        [one] => format!(" (did you mean {one}?)"),
        [init @ .., last] => format!(" (did you mean {} or {last}?)", init.join(", ")),
    }
}

/// Edit distance counting an insertion, a deletion, a substitution or a swap of two adjacent
/// letters as one edit (optimal string alignment): "ALPAH" is one edit from "ALPHA".
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * w + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let mut best = (d[(i - 1) * w + j - 1] + usize::from(a[i - 1] != b[j - 1]))
                    .min(d[(i - 1) * w + j] + 1)
                    .min(d[i * w + j - 1] + 1);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[(i - 2) * w + j - 2] + 1);
                }
                best
            };
        }
    }
    d[a.len() * w + b.len()]
}

/// Both directions of a pair.
#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    /// First actor.
    pub a: String,
    /// Second actor.
    pub b: String,
    /// a toward b.
    pub a_to_b: Option<CellSummary>,
    /// b toward a.
    pub b_to_a: Option<CellSummary>,
    /// mean(a -> b) - mean(b -> a), when both exist.
    #[serde(serialize_with = "crate::matrix::serialize_opt_statistic")]
    pub asymmetry: Option<f64>,
}

/// How alike two actors are: cosine similarity of their rows (how they see the others) and of
/// their columns (how the others see them), over the actors both have a cell with.
#[derive(Debug, Clone, Serialize)]
pub struct Similarity {
    /// First actor.
    pub a: String,
    /// Second actor.
    pub b: String,
    /// Cosine of the rows, when they share at least two targets.
    pub rows: Option<f64>,
    /// Targets both rows have.
    pub shared_targets: usize,
    /// Cosine of the columns, when they share at least two sources.
    pub columns: Option<f64>,
    /// Sources both columns have.
    pub shared_sources: usize,
}

/// One target of the profiles table: each compared actor's mean and n toward it.
#[derive(Debug, Clone, Serialize)]
pub struct ProfileRow {
    /// The target.
    pub target: String,
    /// Per compared actor (in order): mean and n, or `None`.
    #[serde(serialize_with = "serialize_profile_cells")]
    pub cells: Vec<Option<(f64, u64)>>,
}

/// Profile cells as `[mean, n]` or `null`, the mean written as the matrix outputs write it.
fn serialize_profile_cells<S: serde::Serializer>(
    cells: &[Option<(f64, u64)>],
    s: S,
) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Cell(
        #[serde(serialize_with = "crate::matrix::serialize_statistic")] f64,
        u64,
    );
    s.collect_seq(cells.iter().map(|c| c.map(|(m, n)| Cell(m, n))))
}

/// The whole comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    /// The compared actors.
    pub actors: Vec<String>,
    /// The scorer compared.
    pub scorer: String,
    /// Every pair, both directions.
    pub pairs: Vec<Pair>,
    /// Each actor's stance toward every target, side by side.
    pub profiles: Vec<ProfileRow>,
    /// Who sides with whom.
    pub similarity: Vec<Similarity>,
}

fn cosine(
    a: &FxHashMap<&str, f64>,
    b: &FxHashMap<&str, f64>,
    skip: &[&str],
) -> (Option<f64>, usize) {
    let shared: Vec<(&f64, &f64)> = a
        .iter()
        .filter(|(k, _)| !skip.contains(k))
        .filter_map(|(k, x)| b.get(k).map(|y| (x, y)))
        .collect();
    let dot: f64 = shared.iter().map(|(x, y)| *x * *y).sum();
    let na: f64 = shared.iter().map(|(x, _)| *x * *x).sum::<f64>().sqrt();
    let nb: f64 = shared.iter().map(|(_, y)| *y * *y).sum::<f64>().sqrt();
    let value = (shared.len() >= 2 && na > 0.0 && nb > 0.0).then(|| dot / (na * nb));
    (value, shared.len())
}

impl Comparison {
    /// Compares `ids` in `table`.
    pub fn new(table: &CellTable, ids: &[String], scorer: &str) -> Comparison {
        let mut pairs = Vec::new();
        let mut similarity = Vec::new();
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                let a_to_b = table.get(a, b).cloned();
                let b_to_a = table.get(b, a).cloned();
                let asymmetry = match (&a_to_b, &b_to_a) {
                    (Some(x), Some(y)) => Some(x.mean - y.mean),
                    _ => None,
                };
                pairs.push(Pair {
                    a: a.clone(),
                    b: b.clone(),
                    a_to_b,
                    b_to_a,
                    asymmetry,
                });
                // Each other's cells say how they see each other, not how alike they are.
                let skip = [a.as_str(), b.as_str()];
                let (rows, shared_targets) = cosine(&table.row(a), &table.row(b), &skip);
                let (columns, shared_sources) = cosine(&table.column(a), &table.column(b), &skip);
                similarity.push(Similarity {
                    a: a.clone(),
                    b: b.clone(),
                    rows,
                    shared_targets,
                    columns,
                    shared_sources,
                });
            }
        }
        let mut targets: Vec<&str> = ids
            .iter()
            .flat_map(|a| {
                table
                    .cells
                    .keys()
                    .filter(move |(s, _)| s == a)
                    .map(|(_, t)| t.as_str())
            })
            .collect();
        targets.sort_unstable();
        targets.dedup();
        let profiles = targets
            .into_iter()
            .map(|t| ProfileRow {
                target: t.to_string(),
                cells: ids
                    .iter()
                    .map(|a| table.get(a, t).map(|c| (c.mean, c.n)))
                    .collect(),
            })
            .collect();
        Comparison {
            actors: ids.to_vec(),
            scorer: scorer.to_string(),
            pairs,
            profiles,
            similarity,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scorer the saved matrix does not list is an error naming the ones it has, not an
    /// empty table; a file without the list (older versions) still reads.
    #[test]
    fn an_unknown_scorer_of_a_saved_matrix_is_an_error() {
        let cell = r#"{"scorer":"stance","source":"A","target":"B","n":1,"mean":0.5}"#;
        let listed = format!(r#"{{"scorers":["conflict","stance"],"cells":[{cell}]}}"#);
        let err = CellTable::from_json(&listed, "afinn")
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("afinn") && err.contains("conflict, stance"),
            "{err}"
        );
        assert!(CellTable::from_json(&listed, "stance")
            .unwrap()
            .get("A", "B")
            .is_some());
        let unlisted = format!(r#"{{"cells":[{cell}]}}"#);
        assert!(CellTable::from_json(&unlisted, "afinn")
            .unwrap()
            .ids()
            .is_empty());
    }

    /// Two periods of a million scores each, means 0.7 and 0.7 + 2e-6, sds 1e-6: the pooled
    /// variance is the within-period variance plus the between-period share, computed here in
    /// closed form. Recovering sums of squares (about 1e6 each) and subtracting n mean^2 loses
    /// about four of the significant digits of a variance near 1e-12.
    #[test]
    fn periods_pool_without_cancellation() {
        let (n, sd, m1, m2) = (1_000_000u64, 1e-6, 0.7, 0.7 + 2e-6);
        let cell = |period: &str, mean: f64| {
            format!(
                r#"{{"period":"{period}","scorer":"stance","source":"A","target":"B","n":{n},"mean":{mean},"sd":{sd}}}"#
            )
        };
        let json = format!(
            r#"{{"cells":[{},{}]}}"#,
            cell("2020-01", m1),
            cell("2020-02", m2)
        );
        let table = CellTable::from_json(&json, "stance").unwrap();
        let pooled = table.get("A", "B").unwrap();
        let nf = n as f64;
        let within = 2.0 * sd * sd * (nf - 1.0);
        let between = (m2 - m1) * (m2 - m1) * nf / 2.0;
        let expected_sd = ((within + between) / (2.0 * nf - 1.0)).sqrt();
        assert_eq!(pooled.n, 2 * n);
        assert!((pooled.mean - (m1 + m2) / 2.0).abs() < 1e-15);
        let relative = (pooled.sd.unwrap() - expected_sd).abs() / expected_sd;
        assert!(
            relative < 1e-9,
            "sd {:?} vs {expected_sd}: {relative:e}",
            pooled.sd
        );
    }

    #[test]
    fn ids_match_ignoring_case_and_suggest_the_nearest() {
        let ids = ["SERRAJ", "HAFTAR", "TURKEY", "UN", "USA"];
        let m = |q: &str| match_id(q, &ids);
        assert_eq!(m("SERRAJ"), IdMatch::Found("SERRAJ"));
        assert_eq!(m("serraj"), IdMatch::Found("SERRAJ"));
        assert_eq!(m("Haftar"), IdMatch::Found("HAFTAR"));
        assert_eq!(m("seraj"), IdMatch::Unknown(vec!["SERRAJ"]));
        assert_eq!(m("hafter"), IdMatch::Unknown(vec!["HAFTAR"]));
        assert_eq!(m("turk"), IdMatch::Unknown(vec!["TURKEY"]));
        assert_eq!(m("HAFTRA"), IdMatch::Unknown(vec!["HAFTAR"]));
        assert_eq!(m("NOBODY"), IdMatch::Unknown(vec![]));
        assert_eq!(m("US"), IdMatch::Unknown(vec!["UN", "USA"]));
        let clash = ["Abc", "ABC"];
        assert_eq!(
            match_id("abc", &clash),
            IdMatch::Ambiguous(vec!["ABC", "Abc"])
        );
        assert_eq!(did_you_mean(&["A", "B", "C"]), " (did you mean A, B or C?)");
    }
}
