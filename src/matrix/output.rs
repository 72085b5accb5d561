//! Writing the matrix: long CSV, wide CSV and JSON.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::io::{self, Write};

use super::evidence::Evidence;
use super::period::{Granularity, Period};
use super::{Accumulator, Cell, CellKey};
use crate::actors::{ActorId, ActorSet};
use crate::attribution::Source;
use crate::engine::Stats;

/// How the matrix is laid out.
#[derive(Debug, Clone, Copy, Default)]
pub struct OutputOptions {
    /// Time slices: adds a `period` column (CSV) or field (JSON).
    pub by: Option<Granularity>,
    /// What each cell of the wide CSV holds.
    pub wide_value: WideValue,
}

/// What each cell of the wide CSV holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WideValue {
    /// The mean score.
    #[default]
    Mean,
    /// The number of scores.
    N,
}

impl OutputOptions {
    fn period_label(&self, p: Period) -> Option<String> {
        self.by.map(|g| g.label(p))
    }
}

/// The id written for a source.
pub fn source_id(actors: &ActorSet, source: Source) -> &str {
    match source {
        Source::Author => crate::attribution::AUTHOR_ID,
        Source::Actor(a) => &actors.get(a).id,
    }
}

/// The sources and the targets that occur in `keys`, each sorted by id and without repeats: the
/// rows and columns of a dense view.
pub fn axes<'a, 'k>(
    keys: impl Iterator<Item = &'k CellKey> + Clone,
    actors: &'a ActorSet,
) -> (Vec<&'a str>, Vec<&'a str>) {
    let mut sources: Vec<&str> = keys.clone().map(|k| source_id(actors, k.source)).collect();
    sources.sort_unstable();
    sources.dedup();
    let mut targets: Vec<&str> = keys.map(|k| actors.get(k.target).id.as_str()).collect();
    targets.sort_unstable();
    targets.dedup();
    (sources, targets)
}

/// A statistic as written in every output (CSV and JSON alike): the shortest decimal, with at
/// least one digit after the point, within half a quantum (2^-33) of the value. The sums behind
/// it are exact at the quantum 2^-32, so further digits would only show the binary fraction of
/// the quantisation (0.18999999994412065 for 0.19), and fewer would lose what the sums know.
fn num(x: f64) -> String {
    const HALF_QUANTUM: f64 = 0.5 / super::SCALE;
    if !x.is_finite() {
        return x.to_string();
    }
    // Ten decimals are always within half a quantum (5e-11 < 1.2e-10).
    for digits in 1..=10 {
        let s = format!("{x:.digits$}");
        let back: f64 = s.parse().expect("a formatted float parses");
        if (back - x).abs() <= HALF_QUANTUM || digits == 10 {
            return match s.strip_prefix('-') {
                // No negative zero.
                Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
                _ => s,
            };
        }
    }
    unreachable!("returns by ten digits")
}

/// [`num`] as a JSON number.
fn json_num(x: f64) -> Box<RawValue> {
    RawValue::from_string(num(x)).expect("a decimal is a JSON number")
}

/// Serialises a statistic derived from the fixed-point sums (a mean, a difference of means, an
/// sd) as the matrix outputs write it: for `#[serde(serialize_with)]` in other JSON outputs.
pub fn serialize_statistic<S: serde::Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    json_num(*x).serialize(s)
}

/// [`serialize_statistic`] for an optional statistic (`null` when absent).
pub fn serialize_opt_statistic<S: serde::Serializer>(
    x: &Option<f64>,
    s: S,
) -> Result<S::Ok, S::Error> {
    x.map(json_num).serialize(s)
}

fn opt(x: Option<f64>) -> String {
    x.map(num).unwrap_or_default()
}

/// Long CSV: `[period,]scorer,source,target,n,mean,sd,ci_low,ci_high`, sorted.
pub fn write_long_csv<W: Write + ?Sized>(
    out: &mut W,
    acc: &Accumulator,
    actors: &ActorSet,
    options: &OutputOptions,
) -> io::Result<()> {
    if options.by.is_some() {
        write!(out, "period,")?;
    }
    writeln!(out, "scorer,source,target,n,mean,sd,ci_low,ci_high")?;
    let id_of = |s: Source| source_id(actors, s);
    for (key, cell) in acc.sorted(&id_of) {
        if let Some(label) = options.period_label(key.period) {
            write!(out, "{label},")?;
        }
        let ci = cell.ci95();
        writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            acc.scorer_name(&key),
            id_of(key.source),
            actors.get(key.target).id,
            cell.n,
            num(cell.mean()),
            opt(cell.sd()),
            opt(ci.map(|c| c.0)),
            opt(ci.map(|c| c.1)),
        )?;
    }
    Ok(())
}

/// Wide CSV: `[period,]scorer,source,<target ids...>`; each cell is the mean (or, with
/// [`WideValue::N`], the number of scores), empty where n = 0.
///
/// Sources and targets are the actors that occur in some cell, so the table stays as small as
/// the evidence even with a dictionary of tens of thousands of actors.
pub fn write_wide_csv<W: Write + ?Sized>(
    out: &mut W,
    acc: &Accumulator,
    actors: &ActorSet,
    options: &OutputOptions,
) -> io::Result<()> {
    let id_of = |s: Source| source_id(actors, s);
    let rows = acc.sorted(&id_of);
    let (sources, targets) = axes(rows.iter().map(|(k, _)| k), actors);
    if options.by.is_some() {
        write!(out, "period,")?;
    }
    write!(out, "scorer,source")?;
    for t in &targets {
        write!(out, ",{t}")?;
    }
    writeln!(out)?;
    // Scorers by name, as the long CSV sorts them.
    let mut by_name: Vec<(usize, &str)> = acc
        .scorer_names()
        .iter()
        .enumerate()
        .map(|(k, n)| (k, n.as_str()))
        .collect();
    by_name.sort_by_key(|(_, n)| *n);
    for period in acc.periods() {
        for &(si, scorer) in &by_name {
            // A dense source x target view of this scorer's cells.
            let mut dense =
                ndarray::Array2::<Option<&Cell>>::from_elem((sources.len(), targets.len()), None);
            for (k, cell) in rows
                .iter()
                .filter(|(k, _)| k.scorer as usize == si && k.period == period)
            {
                let r = sources
                    .binary_search(&id_of(k.source))
                    .expect("source listed");
                let c = targets
                    .binary_search(&actors.get(k.target).id.as_str())
                    .expect("target listed");
                dense[[r, c]] = Some(*cell);
            }
            for (r, sid) in sources.iter().enumerate() {
                if dense.row(r).iter().all(Option::is_none) {
                    continue;
                }
                if let Some(label) = options.period_label(period) {
                    write!(out, "{label},")?;
                }
                write!(out, "{scorer},{sid}")?;
                for cell in dense.row(r) {
                    match (cell, options.wide_value) {
                        (None, _) => write!(out, ",")?,
                        (Some(c), WideValue::Mean) => write!(out, ",{}", num(c.mean()))?,
                        (Some(c), WideValue::N) => write!(out, ",{}", c.n)?,
                    }
                }
                writeln!(out)?;
            }
        }
    }
    Ok(())
}

/// An actor in the JSON output.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonActor<'a> {
    /// Id.
    pub id: Cow<'a, str>,
    /// Display name.
    pub name: Cow<'a, str>,
    /// Kind.
    pub kind: Cow<'a, str>,
}

/// A cell of the JSON matrix. The statistics are written as every output writes them
/// ([`serialize_statistic`]) and read back as plain numbers.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonCell<'a> {
    /// The period label, with `--by`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The scorer's name.
    pub scorer: Cow<'a, str>,
    /// The source id (`@author` for the author).
    pub source: Cow<'a, str>,
    /// The target id.
    pub target: Cow<'a, str>,
    /// Number of scores.
    pub n: u64,
    /// Mean score.
    #[serde(serialize_with = "serialize_statistic")]
    pub mean: f64,
    /// Sample standard deviation (n >= 2).
    #[serde(serialize_with = "serialize_opt_statistic")]
    pub sd: Option<f64>,
    /// Lower end of the 95% interval of the mean (n >= 2).
    #[serde(serialize_with = "serialize_opt_statistic")]
    pub ci_low: Option<f64>,
    /// Upper end of the 95% interval of the mean (n >= 2).
    #[serde(serialize_with = "serialize_opt_statistic")]
    pub ci_high: Option<f64>,
    /// The strongest evidence sentences (absent in files that kept none).
    #[serde(default)]
    pub evidence: Cow<'a, [Evidence]>,
}

/// The JSON matrix (`stance score --format json`), as written and as read back (by
/// `stance compare --from`). One type for both, so that the reader cannot drift from the writer.
#[derive(Debug, Serialize, Deserialize)]
pub struct JsonMatrix<'a> {
    /// The `--by` granularity, when sliced by time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Cow<'a, str>>,
    /// The actors that occur in some cell, sorted by id.
    #[serde(default)]
    pub actors: Vec<JsonActor<'a>>,
    /// The scorers' names.
    #[serde(default)]
    pub scorers: Vec<Cow<'a, str>>,
    /// The cells, sorted.
    pub cells: Vec<JsonCell<'a>>,
    /// The run's counts. Not read back: files saved by earlier versions count other things, and
    /// no reader needs them (read as zeros).
    #[serde(skip_deserializing)]
    pub stats: Cow<'a, Stats>,
}

/// The actors that occur in some cell, sorted by id.
pub fn actors_used(acc: &Accumulator, actors: &ActorSet) -> Vec<ActorId> {
    let mut used: Vec<ActorId> = acc
        .cells()
        .flat_map(|(k, _)| {
            let s = match k.source {
                Source::Actor(a) => Some(a),
                Source::Author => None,
            };
            s.into_iter().chain(std::iter::once(k.target))
        })
        .collect();
    used.sort_unstable_by(|a, b| actors.get(*a).id.cmp(&actors.get(*b).id));
    used.dedup();
    used
}

/// JSON: the actors that occur (id, name, kind), the scorers, the cells with their strongest
/// evidence, and the run statistics.
pub fn write_json<W: Write + ?Sized>(
    out: &mut W,
    acc: &Accumulator,
    actors: &ActorSet,
    stats: &Stats,
    options: &OutputOptions,
) -> io::Result<()> {
    let id_of = |s: Source| source_id(actors, s);
    let cells = acc
        .sorted(&id_of)
        .into_iter()
        .map(|(k, c): (CellKey, &Cell)| {
            let ci = c.ci95();
            JsonCell {
                period: options.period_label(k.period),
                scorer: acc.scorer_name(&k).into(),
                source: id_of(k.source).into(),
                target: actors.get(k.target).id.as_str().into(),
                n: c.n,
                mean: c.mean(),
                sd: c.sd(),
                ci_low: ci.map(|c| c.0),
                ci_high: ci.map(|c| c.1),
                evidence: acc.evidence(&k).map_or(&[][..], |t| t.items()).into(),
            }
        })
        .collect();
    let doc = JsonMatrix {
        by: options.by.map(|g| g.name().into()),
        actors: actors_used(acc, actors)
            .iter()
            .map(|&a| {
                let actor = actors.get(a);
                JsonActor {
                    id: actor.id.as_str().into(),
                    name: actor.name.as_str().into(),
                    kind: actor.kind.as_str().into(),
                }
            })
            .collect(),
        scorers: acc
            .scorer_names()
            .iter()
            .map(|s| s.as_str().into())
            .collect(),
        cells,
        stats: Cow::Borrowed(stats),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the writer's type writes, the same type reads back: the statistics in the outputs'
    /// decimal form, absent intervals as `null`, the evidence, and no stats (read as zeros).
    #[test]
    fn the_json_matrix_reads_back_what_it_writes() {
        let q = (0.19 * crate::matrix::SCALE).round() / crate::matrix::SCALE;
        let stats = Stats {
            documents_read: 3,
            ..Stats::default()
        };
        let evidence = [Evidence::new("d1", Some("2020-01-02"), 4, q, "A met B.")];
        let written = JsonMatrix {
            by: Some("month".into()),
            actors: vec![JsonActor {
                id: "A".into(),
                name: "Alpha".into(),
                kind: "person".into(),
            }],
            scorers: vec!["stance".into()],
            cells: vec![JsonCell {
                period: Some("2020-01".into()),
                scorer: "stance".into(),
                source: "A".into(),
                target: "B".into(),
                n: 1,
                mean: q,
                sd: None,
                ci_low: None,
                ci_high: None,
                evidence: evidence[..].into(),
            }],
            stats: Cow::Borrowed(&stats),
        };
        let json = serde_json::to_string(&written).unwrap();
        assert!(
            json.contains(r#""mean":0.19,"sd":null,"ci_low":null"#),
            "{json}"
        );
        assert!(json.contains(r#""documents_read":3"#), "{json}");
        let read: JsonMatrix = serde_json::from_str(&json).unwrap();
        assert_eq!(read.by.as_deref(), Some("month"));
        assert_eq!(read.actors[0].name, "Alpha");
        assert_eq!(read.scorers, ["stance"]);
        let cell = &read.cells[0];
        assert_eq!(
            (cell.period.as_deref(), &*cell.source, &*cell.target, cell.n),
            (Some("2020-01"), "A", "B", 1)
        );
        assert_eq!((cell.mean, cell.sd, cell.ci_low), (0.19, None, None));
        assert_eq!(&*cell.evidence, &evidence[..]);
        assert_eq!(*read.stats, Stats::default());
    }

    #[test]
    fn numbers_are_the_shortest_decimal_at_the_quantum() {
        // A score of 0.19 quantised and read back.
        let q = (0.19 * crate::matrix::SCALE).round() / crate::matrix::SCALE;
        assert_eq!(q.to_string(), "0.18999999994412065");
        assert_eq!(num(q), "0.19");
        assert_eq!(num(1.0), "1.0");
        assert_eq!(num(-1.0), "-1.0");
        assert_eq!(num(-0.0), "0.0");
        assert_eq!(num(-1e-12), "0.0");
        assert_eq!(num(1.0 / 3.0), "0.3333333333");
        assert_eq!(num(-0.7236067977499789), "-0.7236067977");
        assert_eq!(num(0.25), "0.25");
    }
}
