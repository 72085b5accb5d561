//! Writing the matrix: long CSV, wide CSV and JSON.

use serde::Serialize;
use std::io::{self, Write};

use super::{Accumulator, Cell};
use crate::actors::ActorSet;
use crate::attribution::Source;
use crate::engine::Stats;
use crate::scorers::SCORERS;

/// The id written for a source.
pub fn source_id(actors: &ActorSet, source: Source) -> &str {
    match source {
        Source::Author => "@author",
        Source::Actor(a) => &actors.get(a).id,
    }
}

/// Six decimals, without a negative zero.
fn num(x: f64) -> String {
    let s = format!("{x:.6}");
    if s == "-0.000000" {
        "0.000000".into()
    } else {
        s
    }
}

fn opt(x: Option<f64>) -> String {
    x.map(num).unwrap_or_default()
}

/// Long CSV: `scorer,source,target,n,mean,sd,ci_low,ci_high`, sorted by scorer, source, target.
pub fn write_long_csv<W: Write + ?Sized>(
    out: &mut W,
    acc: &Accumulator,
    actors: &ActorSet,
) -> io::Result<()> {
    writeln!(out, "scorer,source,target,n,mean,sd,ci_low,ci_high")?;
    let id_of = |s: Source| source_id(actors, s);
    for ((scorer, source, target), cell) in acc.sorted(&id_of) {
        let ci = cell.ci95();
        writeln!(
            out,
            "{},{},{},{},{},{},{},{}",
            SCORERS[scorer as usize].name(),
            id_of(source),
            actors.get(target).id,
            cell.n,
            num(cell.mean()),
            opt(cell.sd()),
            opt(ci.map(|c| c.0)),
            opt(ci.map(|c| c.1)),
        )?;
    }
    Ok(())
}

/// Wide CSV: `scorer,source,<target ids...>`; each cell is the mean, empty where n = 0.
///
/// Sources and targets are the actors that occur in some cell, so the table stays as small as
/// the evidence even with a dictionary of tens of thousands of actors.
pub fn write_wide_csv<W: Write + ?Sized>(
    out: &mut W,
    acc: &Accumulator,
    actors: &ActorSet,
) -> io::Result<()> {
    let id_of = |s: Source| source_id(actors, s);
    let rows = acc.sorted(&id_of);
    let mut targets: Vec<&str> = rows
        .iter()
        .map(|((_, _, t), _)| actors.get(*t).id.as_str())
        .collect();
    targets.sort_unstable();
    targets.dedup();
    let mut sources: Vec<(&str, Source)> =
        rows.iter().map(|((_, s, _), _)| (id_of(*s), *s)).collect();
    sources.sort_unstable_by(|a, b| a.0.cmp(b.0));
    sources.dedup_by(|a, b| a.0 == b.0);
    write!(out, "scorer,source")?;
    for t in &targets {
        write!(out, ",{t}")?;
    }
    writeln!(out)?;
    for (si, scorer) in SCORERS.iter().enumerate() {
        // A dense source x target view of this scorer's means (NaN where empty).
        let mut dense = ndarray::Array2::<f64>::from_elem((sources.len(), targets.len()), f64::NAN);
        for ((_, s, t), cell) in rows.iter().filter(|((k, _, _), _)| *k as usize == si) {
            let r = sources
                .binary_search_by(|x| x.0.cmp(id_of(*s)))
                .expect("source listed");
            let c = targets
                .binary_search(&actors.get(*t).id.as_str())
                .expect("target listed");
            dense[[r, c]] = cell.mean();
        }
        for (r, (sid, _)) in sources.iter().enumerate() {
            if dense.row(r).iter().all(|x| x.is_nan()) {
                continue;
            }
            write!(out, "{},{sid}", scorer.name())?;
            for x in dense.row(r) {
                if x.is_nan() {
                    write!(out, ",")?;
                } else {
                    write!(out, ",{}", num(*x))?;
                }
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonActor<'a> {
    id: &'a str,
    name: &'a str,
    kind: &'a str,
}

#[derive(Serialize)]
struct JsonCell<'a> {
    scorer: &'a str,
    source: &'a str,
    target: &'a str,
    n: u64,
    mean: f64,
    sd: Option<f64>,
    ci_low: Option<f64>,
    ci_high: Option<f64>,
}

#[derive(Serialize)]
struct JsonMatrix<'a> {
    actors: Vec<JsonActor<'a>>,
    scorers: Vec<&'a str>,
    cells: Vec<JsonCell<'a>>,
    stats: &'a Stats,
}

fn json_cell<'a>(scorer: &'a str, source: &'a str, target: &'a str, cell: &Cell) -> JsonCell<'a> {
    let ci = cell.ci95();
    JsonCell {
        scorer,
        source,
        target,
        n: cell.n,
        mean: cell.mean(),
        sd: cell.sd(),
        ci_low: ci.map(|c| c.0),
        ci_high: ci.map(|c| c.1),
    }
}

/// JSON: the actors that occur (id, name, kind), the scorers, the cells and the run statistics.
pub fn write_json<W: Write + ?Sized>(
    out: &mut W,
    acc: &Accumulator,
    actors: &ActorSet,
    stats: &Stats,
) -> io::Result<()> {
    let id_of = |s: Source| source_id(actors, s);
    let rows = acc.sorted(&id_of);
    let mut used: Vec<crate::actors::ActorId> = rows
        .iter()
        .flat_map(|((_, s, t), _)| {
            let s = match s {
                Source::Actor(a) => Some(*a),
                Source::Author => None,
            };
            s.into_iter().chain(std::iter::once(*t))
        })
        .collect();
    used.sort_unstable_by(|a, b| actors.get(*a).id.cmp(&actors.get(*b).id));
    used.dedup();
    let doc = JsonMatrix {
        actors: used
            .iter()
            .map(|&a| {
                let actor = actors.get(a);
                JsonActor {
                    id: &actor.id,
                    name: &actor.name,
                    kind: actor.kind.as_str(),
                }
            })
            .collect(),
        scorers: SCORERS.iter().map(|s| s.name()).collect(),
        cells: rows
            .iter()
            .map(|((k, s, t), c)| {
                json_cell(
                    SCORERS[*k as usize].name(),
                    id_of(*s),
                    &actors.get(*t).id,
                    c,
                )
            })
            .collect(),
        stats,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}
