//! Partial results: a run's exact accumulator on disk, so that runs over parts of a corpus (on
//! other machines, say) merge into exactly the matrix of one run over the whole.
//!
//! The format is JSON, versioned:
//!
//! ```text
//! {"format": "stance-partial", "version": 1,
//!  "scale": 4294967296,                     fixed-point scale of the sums
//!  "scorers": ["stance", "valence"],
//!  "by": null | "day" | "week" | "month" | "year",
//!  "level": "actor" | "group",
//!  "actors": [{"id", "name", "kind"}],      every actor a cell names
//!  "stats": {...},                          the run's counts
//!  "inputs": [{"name", "documents", "sha256"}],  what was read (see [`super::digest`])
//!  "cells": [{"period", "scorer", "source", "target", "n", "sum", "sum_sq"}],
//!  "evidence": [{"period", "scorer", "source", "target", "items": [...]}]}
//! ```
//!
//! `period` is the packed period (0 when not slicing by time); `sum` and `sum_sq` are decimal
//! strings of the 128-bit integer sums. Cells and evidence are sorted, so the same run always
//! writes the same bytes. Reading checks the format name, the version, the scale, the scorers,
//! that every id is listed and every number parses. Merging refuses partials that read the same
//! records (one partial given twice, or two runs over one input), unless told they may.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::digest::InputDigest;
use super::evidence::{Evidence, TopK};
use super::{Accumulator, Cell, CellKey, Dyad, SCALE};
use crate::actors::{ActorKind, ActorSet};
use crate::attribution::Source;
use crate::engine::Stats;

/// The format name written in every partial.
pub const FORMAT: &str = "stance-partial";
/// The version this build writes and reads. Version 1 kept one evidence list per dyad, ranked by
/// whichever scorer had a score first; version 2 keeps one per cell, ranked by its own scorer.
pub const VERSION: u32 = 2;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartialActor {
    id: String,
    name: String,
    kind: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartialCell {
    period: u32,
    scorer: String,
    source: String,
    target: String,
    n: u64,
    sum: String,
    sum_sq: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartialEvidence {
    period: u32,
    scorer: String,
    source: String,
    target: String,
    items: Vec<Evidence>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PartialFile {
    format: String,
    version: u32,
    scale: f64,
    scorers: Vec<String>,
    by: Option<String>,
    level: String,
    actors: Vec<PartialActor>,
    stats: Stats,
    inputs: Vec<InputDigest>,
    cells: Vec<PartialCell>,
    evidence: Vec<PartialEvidence>,
}

/// A partial read back: its accumulator over its own actors, with its settings and counts.
#[derive(Debug)]
pub struct Partial {
    /// The actors the cells name (no aliases: a partial is for output, not for matching).
    pub actors: ActorSet,
    /// The cells and evidence.
    pub acc: Accumulator,
    /// The run's counts.
    pub stats: Stats,
    /// The time slices (`day`, `week`, `month`, `year`), if any.
    pub by: Option<String>,
    /// `actor` or `group`.
    pub level: String,
    /// The records read, per input.
    pub inputs: Vec<InputDigest>,
}

/// Why a partial cannot be read or merged: the message names the field, file or input at fault
/// and what was expected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PartialError(pub String);

/// Writes a run's accumulator as a partial, with the digests of the inputs it read.
pub fn write_partial<W: std::io::Write + ?Sized>(
    out: &mut W,
    acc: &Accumulator,
    actors: &ActorSet,
    stats: &Stats,
    by: Option<&str>,
    level: &str,
    inputs: &[InputDigest],
) -> std::io::Result<()> {
    let id_of = |s: Source| super::source_id(actors, s);
    let cells: Vec<PartialCell> = acc
        .sorted(&id_of)
        .into_iter()
        .map(|(k, c)| PartialCell {
            period: k.period,
            scorer: acc.scorer_name(&k).into(),
            source: id_of(k.source).into(),
            target: actors.get(k.target).id.clone(),
            n: c.n,
            sum: c.sum.to_string(),
            sum_sq: c.sum_sq.to_string(),
        })
        .collect();
    let mut evidence: Vec<(&CellKey, &TopK)> = acc.evidence_items().collect();
    evidence.sort_by(|a, b| {
        let name = |k: &CellKey| acc.scorer_name(k);
        (
            a.0.period,
            name(a.0),
            id_of(a.0.source),
            &actors.get(a.0.target).id,
        )
            .cmp(&(
                b.0.period,
                name(b.0),
                id_of(b.0.source),
                &actors.get(b.0.target).id,
            ))
    });
    let file = PartialFile {
        format: FORMAT.into(),
        version: VERSION,
        scale: SCALE,
        scorers: acc.scorer_names().to_vec(),
        by: by.map(String::from),
        level: level.into(),
        actors: super::actors_used(acc, actors)
            .into_iter()
            .map(|a| {
                let actor = actors.get(a);
                PartialActor {
                    id: actor.id.clone(),
                    name: actor.name.clone(),
                    kind: actor.kind.as_str().into(),
                }
            })
            .collect(),
        stats: *stats,
        inputs: inputs.to_vec(),
        cells,
        evidence: evidence
            .into_iter()
            .map(|(k, top)| PartialEvidence {
                period: k.period,
                scorer: acc.scorer_name(k).into(),
                source: id_of(k.source).into(),
                target: actors.get(k.target).id.clone(),
                items: top.items().to_vec(),
            })
            .collect(),
    };
    serde_json::to_writer(&mut *out, &file)?;
    writeln!(out)
}

/// Reads a partial, checking everything a merge relies on.
pub fn read_partial(text: &str) -> Result<Partial, PartialError> {
    let err = |m: String| PartialError(m);
    // The header first, so that another version says so rather than failing on its fields.
    #[derive(Deserialize)]
    struct Header {
        format: Option<String>,
        version: Option<u32>,
    }
    let header: Header = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() {
            err(format!("truncated partial: the file ends early ({e})"))
        } else {
            err(format!("not a stance partial: {e}"))
        }
    })?;
    match header.format.as_deref() {
        Some(FORMAT) => {}
        Some(other) => {
            return Err(err(format!(
                "not a stance partial: its format is \"{other}\", not \"{FORMAT}\""
            )))
        }
        None => {
            return Err(err(format!(
                "not a stance partial: it has no \"format\": \"{FORMAT}\" field"
            )))
        }
    }
    match header.version {
        Some(VERSION) => {}
        Some(1) => {
            return Err(err(format!(
                "written by an older stance in partial format version 1, which this build cannot \
                 merge: its evidence is not kept per scorer and it does not record what it read. \
                 Score its inputs again with this build (`stance score ... --partial FILE`) to \
                 write version {VERSION}"
            )))
        }
        Some(v) if v > VERSION => {
            return Err(err(format!(
                "written in partial format version {v} by a newer stance; this build reads \
                 version {VERSION} only"
            )))
        }
        Some(v) => {
            return Err(err(format!(
                "partial format version {v} is unknown; this build reads version {VERSION} only"
            )))
        }
        None => {
            return Err(err(
                "not a stance partial: it has no format \"version\" field".to_string(),
            ))
        }
    }
    let file: PartialFile =
        serde_json::from_str(text).map_err(|e| err(format!("malformed partial: {e}")))?;
    if file.scale != SCALE {
        return Err(err(format!(
            "its fixed-point scale is {}, but this build's is {SCALE}",
            file.scale
        )));
    }
    // Any scorers (built-in and dictionary ones), each named once; every cell names one.
    let ours = &file.scorers;
    if ours.is_empty() {
        return Err(err("its \"scorers\" list is empty".to_string()));
    }
    if ours.len() > usize::from(u16::MAX) {
        return Err(err(format!(
            "it lists {} scorers, more than {}",
            ours.len(),
            u16::MAX
        )));
    }
    for (k, name) in ours.iter().enumerate() {
        if ours[..k].contains(name) {
            return Err(err(format!("its \"scorers\" list names \"{name}\" twice")));
        }
    }
    let mut entries = Vec::new();
    for a in &file.actors {
        let kind = ActorKind::parse(&a.kind)
            .ok_or_else(|| err(format!("actor {} has an unknown kind \"{}\"", a.id, a.kind)))?;
        entries.push((a.id.clone(), a.name.clone(), kind));
    }
    let actors = ActorSet::from_actors(entries).map_err(|m| err(format!("actors: {m}")))?;
    let source = |id: &str| -> Result<Source, PartialError> {
        if id == crate::attribution::AUTHOR_ID {
            return Ok(Source::Author);
        }
        actors.by_id(id).map(Source::Actor).ok_or_else(|| {
            err(format!(
                "a cell names the actor \"{id}\", which its actors list lacks"
            ))
        })
    };
    let target = |id: &str| {
        actors.by_id(id).ok_or_else(|| {
            err(format!(
                "a cell names the actor \"{id}\", which its actors list lacks"
            ))
        })
    };
    let mut acc = Accumulator::with_scorers(ours.clone().into());
    for c in &file.cells {
        let scorer = ours.iter().position(|s| *s == c.scorer).ok_or_else(|| {
            err(format!(
                "a cell names the scorer \"{}\", which its scorers list lacks",
                c.scorer
            ))
        })?;
        let parse = |s: &str, what: &str| {
            s.parse::<i128>()
                .map_err(|_| err(format!("{what} \"{s}\" is not an integer")))
        };
        if c.n == 0 {
            return Err(err(format!("cell {} -> {} has n = 0", c.source, c.target)));
        }
        let key = CellKey {
            period: c.period,
            scorer: scorer as u16,
            source: source(&c.source)?,
            target: target(&c.target)?,
        };
        let cell = Cell {
            n: c.n,
            sum: parse(&c.sum, "sum")?,
            sum_sq: parse(&c.sum_sq, "sum_sq")?,
        };
        if !acc.insert(key, cell) {
            return Err(err(format!(
                "cell {} -> {} is listed twice",
                c.source, c.target
            )));
        }
    }
    for e in file.evidence {
        let scorer = ours.iter().position(|s| *s == e.scorer).ok_or_else(|| {
            err(format!(
                "evidence names the scorer \"{}\", which its scorers list lacks",
                e.scorer
            ))
        })?;
        let key = CellKey {
            period: e.period,
            scorer: scorer as u16,
            source: source(&e.source)?,
            target: target(&e.target)?,
        };
        // Evidence is kept only for cells that have a score; anything else is not a partial this
        // program wrote (and could not be written back: found by fuzzing).
        let Some(top) = acc.evidence_mut(&key) else {
            return Err(err(format!(
                "evidence for {} -> {} has no cell",
                e.source, e.target
            )));
        };
        for item in e.items {
            top.offer(item);
        }
    }
    Ok(Partial {
        actors,
        acc,
        stats: file.stats,
        by: file.by,
        level: file.level,
        inputs: file.inputs,
    })
}

/// Refuses partials that hold the records of one input twice: the same partial given twice, or
/// two runs that read the same input (under any name). `parts` are (file name, partial).
pub fn check_overlap(parts: &[(String, Partial)]) -> Result<(), PartialError> {
    // sha256 -> (index of the partial, the input).
    let mut seen: FxHashMap<&str, (usize, &InputDigest)> = FxHashMap::default();
    for (i, (file, p)) in parts.iter().enumerate() {
        // An input without documents adds nothing, so it cannot be counted twice.
        for input in p.inputs.iter().filter(|d| d.documents > 0) {
            match seen.get(input.sha256.as_str()) {
                Some(&(j, earlier)) if j != i => {
                    let other = &parts[j].0;
                    let which = if earlier.name == input.name {
                        format!("read from {}", input.name)
                    } else {
                        format!(
                            "read from {} in {other} and from {} in {file}",
                            earlier.name, input.name
                        )
                    };
                    let files = if *other == *file {
                        format!("{file} is given twice: it holds")
                    } else {
                        format!("{other} and {file} both hold")
                    };
                    return Err(PartialError(format!(
                        "{files} the same {} document(s) {which}; merging would count them \
                         twice (pass --allow-overlap if that is what you mean)",
                        input.documents
                    )));
                }
                Some(_) => {}
                None => {
                    seen.insert(&input.sha256, (i, input));
                }
            }
        }
    }
    Ok(())
}

/// Merges partials into one: the cells and evidence of each, over the union of their actors, and
/// the input digests of all. Their time slices and actor level must agree; unless
/// `allow_overlap`, they must not hold the same records ([`check_overlap`]). `parts` are (file
/// name, partial).
pub fn merge_partials(
    parts: Vec<(String, Partial)>,
    allow_overlap: bool,
) -> Result<Partial, PartialError> {
    let Some((_, first)) = parts.first() else {
        return Err(PartialError("no partial to merge".into()));
    };
    let (first_file, by, level) = (&parts[0].0, &first.by, &first.level);
    let slices = |by: &Option<String>| match by {
        Some(g) => format!("sliced by {g} (--by {g})"),
        None => "not sliced by time (no --by)".to_string(),
    };
    for (file, p) in &parts {
        if p.by != *by {
            return Err(PartialError(format!(
                "{first_file} is {} but {file} is {}: partials merge only with the same --by",
                slices(by),
                slices(&p.by)
            )));
        }
        if p.level != *level {
            return Err(PartialError(format!(
                "{first_file} is at --level {level} but {file} at --level {}: partials merge only \
                 at the same level",
                p.level
            )));
        }
    }
    let names = first.acc.scorer_names();
    for (file, p) in &parts {
        if p.acc.scorer_names() != names {
            return Err(PartialError(format!(
                "{first_file} holds the scorers {} but {file} holds {}: partials merge only with \
                 the same scorers (the same --lexicon and --scorers)",
                names.join(", "),
                p.acc.scorer_names().join(", ")
            )));
        }
    }
    let names = std::sync::Arc::clone(names);
    let (by, level) = (by.clone(), level.clone());
    if !allow_overlap {
        check_overlap(&parts)?;
    }
    // The union of actors, sorted by id so that the result does not depend on the order of parts;
    // each with the file it was first seen in, to name it when another file disagrees.
    let mut all: Vec<(String, String, ActorKind)> = Vec::new();
    let mut first_seen: Vec<&str> = Vec::new();
    for (file, p) in &parts {
        for (_, a) in p.actors.iter() {
            match all.iter().find(|(id, _, _)| *id == a.id) {
                Some((_, name, kind)) if *name != a.name || *kind != a.kind => {
                    let at = all
                        .iter()
                        .position(|(id, _, _)| *id == a.id)
                        .expect("found");
                    return Err(PartialError(format!(
                        "actor {} is \"{name}\" ({}) in {} but \"{}\" ({}) in {file}: the \
                         partials were scored with different actor lexicons",
                        a.id,
                        kind.as_str(),
                        first_seen[at],
                        a.name,
                        a.kind.as_str()
                    )));
                }
                Some(_) => {}
                None => {
                    all.push((a.id.clone(), a.name.clone(), a.kind));
                    first_seen.push(file);
                }
            }
        }
    }
    let parts: Vec<Partial> = parts.into_iter().map(|(_, p)| p).collect();
    all.sort_by(|a, b| a.0.cmp(&b.0));
    let actors = ActorSet::from_actors(all).map_err(|e| PartialError(e.to_string()))?;
    let mut acc = Accumulator::with_scorers(names);
    let mut stats = Stats::default();
    let mut inputs = Vec::new();
    for p in &parts {
        inputs.extend(p.inputs.iter().cloned());
        let remap = |s: Source| match s {
            Source::Author => Source::Author,
            Source::Actor(a) => {
                Source::Actor(actors.by_id(&p.actors.get(a).id).expect("in the union"))
            }
        };
        let remap_target = |a| actors.by_id(&p.actors.get(a).id).expect("in the union");
        acc.add_mapped(&p.acc, |d| Dyad {
            source: remap(d.source),
            target: remap_target(d.target),
            ..d
        });
        stats += &p.stats;
    }
    // Sorted, so the merged partial does not depend on the order of the parts.
    inputs.sort();
    Ok(Partial {
        actors,
        acc,
        stats,
        by,
        level,
        inputs,
    })
}
