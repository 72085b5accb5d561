//! What a report needs from a run beyond the matrix: the strongest evidence of each cell with the
//! scope, rule and document title, the documents each actor appears in, and why records were
//! skipped. A [`Collector`] is an [`Observer`] of the run: it is fed attribution by attribution,
//! in input order, and rolls each up to the run's level as the matrix does.

use rustc_hash::FxHashMap;
use std::io;

use crate::actors::ActorId;
use crate::attribution::Source;
use crate::corpus::{Document, Location};
use crate::engine::Scored;
use crate::run::{roll_up, Level, Observer};
use crate::Engine;

/// Evidence sentences kept per cell by default: as many as the matrix keeps.
pub const DEFAULT_TOP_K: usize = crate::matrix::evidence::TOP_K;

/// Documents listed per actor; the rest are counted.
pub const ACTOR_DOCS: usize = 25;

/// Distinct skip reasons listed; the rest are counted together.
const SKIP_REASONS: usize = 50;

/// Longest text kept on either side of the scope, in bytes: the scope itself is always whole.
const CONTEXT: usize = 240;

/// A document as the report names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocRef {
    /// Document id.
    pub id: String,
    /// Date as written.
    pub date: Option<String>,
    /// Title.
    pub title: Option<String>,
}

impl DocRef {
    fn of(doc: &Document) -> DocRef {
        DocRef {
            id: doc.id.clone(),
            date: doc.date.clone(),
            title: doc.title.clone(),
        }
    }
}

/// One evidence sentence of a cell, split around the scope the scorers read.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Where it comes from.
    pub doc: DocRef,
    /// Sentence index in the document.
    pub sentence: usize,
    /// The cell's score for this sentence.
    pub score: f64,
    /// The sentence before the scope (cut to [`CONTEXT`] bytes).
    pub before: String,
    /// The scope.
    pub scope: String,
    /// The sentence after the scope (cut to [`CONTEXT`] bytes).
    pub after: String,
    /// The attribution rule.
    pub rule: &'static str,
    /// Whose words the scope holds.
    pub voice: &'static str,
    /// The CAMEO code of the verb pattern behind it (with `--verbs`).
    pub cameo: Option<String>,
}

impl Item {
    /// Strongest first: larger |score|, then document, sentence and scope, so the choice never
    /// depends on arrival order (as the matrix's own top-k).
    fn stronger(&self, other: &Item) -> std::cmp::Ordering {
        other
            .score
            .abs()
            .total_cmp(&self.score.abs())
            .then_with(|| self.doc.id.cmp(&other.doc.id))
            .then(self.sentence.cmp(&other.sentence))
            .then_with(|| self.scope.cmp(&other.scope))
    }
}

/// The documents an actor appears in (as source or target of an attribution).
#[derive(Debug, Clone, Default)]
pub struct Appearances {
    /// Number of documents.
    pub count: u64,
    /// The first [`ACTOR_DOCS`] of them, in input order.
    pub docs: Vec<DocRef>,
}

/// Why records were skipped: a reason, how often, and where first.
#[derive(Debug, Clone)]
pub struct SkipReason {
    /// The reason as reported on stderr.
    pub reason: String,
    /// How many records or files it hit.
    pub count: u64,
    /// The first place it hit.
    pub first: String,
}

/// Key of a cell over all periods: scorer index, source, target.
pub type CellId = (u16, Source, ActorId);

/// Gathers the report's material during a run: pass it to [`crate::Run`] as the observer (or
/// call it from one), then give it to [`super::build`].
#[derive(Debug, Clone)]
pub struct Collector {
    top_k: usize,
    level: Level,
    evidence: FxHashMap<CellId, Vec<Item>>,
    appearances: Vec<Appearances>,
    /// Per actor, the serial of the last document counted in its appearances.
    last_doc: Vec<u64>,
    /// Serial of the current document (1-based; 0 before the first).
    doc_serial: u64,
    skipped: Vec<SkipReason>,
    /// Skips beyond [`SKIP_REASONS`] distinct reasons.
    skipped_other: u64,
}

impl Default for Collector {
    fn default() -> Collector {
        Collector::new(DEFAULT_TOP_K, Level::Actor)
    }
}

impl Observer for Collector {
    fn document(&mut self, _: &Location, _: &Document, _: u64) {
        self.doc_serial += 1;
    }

    fn problem(&mut self, at: &Location, reason: &str) {
        self.skipped(at, reason);
    }

    fn attribution(&mut self, engine: &Engine, doc: &Document, scored: &Scored) -> io::Result<()> {
        if let Some(rolled) = roll_up(engine.actors(), self.level, scored) {
            self.add(doc, &rolled);
        }
        Ok(())
    }
}

impl Collector {
    /// A collector keeping `top_k` evidence sentences per cell, for a run at `level` (the
    /// run's own [`crate::RunOptions::level`]).
    pub fn new(top_k: usize, level: Level) -> Collector {
        Collector {
            top_k,
            level,
            evidence: FxHashMap::default(),
            appearances: Vec::new(),
            last_doc: Vec::new(),
            doc_serial: 0,
            skipped: Vec::new(),
            skipped_other: 0,
        }
    }

    /// Counts `doc` once among the documents of `actor`.
    fn appears(&mut self, actor: ActorId, doc: &Document) {
        let i = actor.0 as usize;
        if self.appearances.len() <= i {
            self.appearances.resize_with(i + 1, Appearances::default);
            self.last_doc.resize(i + 1, u64::MAX);
        }
        if self.last_doc[i] == self.doc_serial {
            return;
        }
        self.last_doc[i] = self.doc_serial;
        let ap = &mut self.appearances[i];
        ap.count += 1;
        if ap.docs.len() < ACTOR_DOCS {
            ap.docs.push(DocRef::of(doc));
        }
    }

    /// Adds one attribution, already at the run's level.
    fn add(&mut self, doc: &Document, scored: &Scored) {
        let a = &scored.attribution;
        if let Source::Actor(s) = a.source {
            self.appears(s, doc);
        }
        self.appears(a.target, doc);
        // Built at most once per attribution, then given each admitting scorer's score.
        let mut piece: Option<Item> = None;
        for (i, score) in scored.scores.iter().enumerate() {
            let Some(score) = *score else { continue };
            let top = self
                .evidence
                .entry((i as u16, a.source, a.target))
                .or_default();
            let admits =
                top.len() < self.top_k || top.last().is_some_and(|w| score.abs() >= w.score.abs());
            if !admits {
                continue;
            }
            let mut item = piece
                .get_or_insert_with(|| item(doc, scored, score))
                .clone();
            item.score = score;
            let at = top.partition_point(|x| x.stronger(&item).is_lt());
            if at < self.top_k {
                top.insert(at, item);
                top.truncate(self.top_k);
            }
        }
    }

    /// Notes a skipped record or an unreadable file.
    pub fn skipped(&mut self, at: &Location, reason: &str) {
        if let Some(s) = self.skipped.iter_mut().find(|s| s.reason == reason) {
            s.count += 1;
        } else if self.skipped.len() < SKIP_REASONS {
            self.skipped.push(SkipReason {
                reason: reason.to_string(),
                count: 1,
                first: at.to_string(),
            });
        } else {
            self.skipped_other += 1;
        }
    }

    /// Evidence sentences kept per cell.
    pub fn top_k(&self) -> usize {
        self.top_k
    }

    /// The evidence of a cell over all periods, strongest first.
    pub fn evidence(&self, scorer: usize, source: Source, target: ActorId) -> &[Item] {
        self.evidence
            .get(&(scorer as u16, source, target))
            .map_or(&[], Vec::as_slice)
    }

    /// The documents an actor appears in.
    pub fn appearances(&self, actor: ActorId) -> Option<&Appearances> {
        self.appearances.get(actor.0 as usize)
    }

    /// The reasons records were skipped, and the count of skips beyond the listed reasons.
    pub fn skip_reasons(&self) -> (&[SkipReason], u64) {
        (&self.skipped, self.skipped_other)
    }
}

/// The evidence item of an attribution: the sentence split around the scope.
fn item(doc: &Document, scored: &Scored, score: f64) -> Item {
    let a = &scored.attribution;
    let sentence = scored.sentence_span;
    // The scope lies within its sentence; clamp in case a rule ever reaches past it.
    let start = a.scope.start.clamp(sentence.start, sentence.end);
    let end = a.scope.end.clamp(start, sentence.end);
    let text = &doc.text;
    Item {
        doc: DocRef::of(doc),
        sentence: a.sentence,
        score,
        before: tail(&text[sentence.start..start], CONTEXT),
        scope: text[start..end].to_string(),
        after: head(&text[end..sentence.end], CONTEXT),
        rule: a.rule.as_str(),
        voice: a.voice.as_str(),
        cameo: scored.cameo.as_ref().map(|c| c.as_str().to_string()),
    }
}

/// At most the last `max` bytes of `s`, cut on a char boundary, with "…" where cut.
fn tail(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut cut = s.len() - max;
    while !s.is_char_boundary(cut) {
        cut += 1;
    }
    format!("…{}", &s[cut..])
}

/// At most the first `max` bytes of `s`, cut on a char boundary, with "…" where cut.
fn head(s: &str, max: usize) -> String {
    if s.len() <= max {
        return s.to_string();
    }
    let mut cut = max;
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}…", &s[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_keep_char_boundaries_and_mark_the_cut() {
        assert_eq!(head("abc", 5), "abc");
        assert_eq!(head("aéé", 2), "a…");
        assert_eq!(tail("ééa", 2), "…a");
        assert_eq!(tail("abc", 3), "abc");
    }
}
