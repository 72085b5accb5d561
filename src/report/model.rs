//! The data a report page shows, built from a run and serialised as one JSON object. Indices
//! into `actors`, `docs` and `evidence` keep the page small: a name or a sentence is written once.

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::cluster::leaf_order;
use super::collect::{Collector, DocRef, Item};
use crate::actors::{ActorId, ActorSet};
use crate::attribution::Source;
use crate::engine::Stats;
use crate::matrix::period::{self, Granularity};
use crate::matrix::{source_id, Accumulator};
use crate::scorers::Scorer;

/// Cells with fewer scores than this are drawn faded, as in the SVG heatmap (`--heatmap`).
pub const FADED_BELOW: u64 = 5;

/// Default cap on the actors a report shows (`--report-actors`).
pub const DEFAULT_ACTORS: usize = 60;

/// How a report is cut to size and labelled.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// The page title.
    pub title: String,
    /// Show at most this many actors: the most active (by n over all scorers).
    pub max_actors: usize,
    /// The time slices of the run, for the dyad time line.
    pub by: Option<Granularity>,
    /// The settings of the run as (name, value): inputs, lexicons, versions.
    pub settings: Vec<(String, String)>,
}

impl Default for ReportOptions {
    fn default() -> ReportOptions {
        ReportOptions {
            title: "stance report".into(),
            max_actors: DEFAULT_ACTORS,
            by: None,
            settings: Vec::new(),
        }
    }
}

/// An actor as the page shows it.
#[derive(Debug, Serialize)]
pub struct ActorView {
    /// Id (`@author` for the text's own voice).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Aliases from the lexicon (the name included).
    pub aliases: Vec<String>,
    /// Indices into `docs` of the documents it appears in (the first few).
    pub docs: Vec<usize>,
    /// Number of documents it appears in.
    pub doc_count: u64,
    /// Scores it takes part in, over all scorers: what the cap ranks by.
    pub activity: u64,
}

/// A cell: source, target (indices into `actors`), n, mean, interval, evidence as
/// (index into `evidence`, score).
#[derive(Debug, Serialize)]
pub struct CellView(
    pub usize,
    pub usize,
    pub u64,
    pub f64,
    pub Option<f64>,
    pub Option<f64>,
    pub Vec<(usize, f64)>,
);

/// A sentence: document index, sentence index, text before the scope, the scope, text after,
/// rule, voice, CAMEO code.
#[derive(Debug, Serialize)]
pub struct EvidenceView(
    pub usize,
    pub usize,
    pub String,
    pub String,
    pub String,
    pub &'static str,
    pub &'static str,
    pub Option<String>,
);

/// Row and column orders of one scorer's heatmap (indices into `actors`).
#[derive(Debug, Serialize)]
pub struct Orders {
    /// Sources, clustered by their rows.
    pub rows_clustered: Vec<usize>,
    /// Sources by id.
    pub rows_alphabetical: Vec<usize>,
    /// Targets, clustered by their columns.
    pub cols_clustered: Vec<usize>,
    /// Targets by id.
    pub cols_alphabetical: Vec<usize>,
}

/// What the cap left out.
#[derive(Debug, Serialize)]
pub struct LeftOut {
    /// Actors not shown.
    pub actors: usize,
    /// The most active of them (ids).
    pub examples: Vec<String>,
    /// Cells (all scorers) with an actor not shown.
    pub cells: usize,
    /// Scores in those cells.
    pub scores: u64,
}

/// The run's counts and settings.
#[derive(Debug, Serialize)]
pub struct Summary {
    /// The counts.
    pub stats: Stats,
    /// Skip reasons: (reason, count, first place).
    pub skipped: Vec<(String, u64, String)>,
    /// Skips beyond the listed reasons.
    pub skipped_other: u64,
    /// (name, value) pairs.
    pub settings: Vec<(String, String)>,
}

/// One period of a dyad: period index, n, mean.
pub type PeriodPoint = (usize, u64, f64);

/// One dyad's mean and n per period: source, target, its periods.
#[derive(Debug, Serialize)]
pub struct SeriesView(pub usize, pub usize, pub Vec<PeriodPoint>);

/// Everything the page shows.
#[derive(Debug, Serialize)]
pub struct Model {
    /// Page title.
    pub title: String,
    /// The program that wrote it.
    pub generator: String,
    /// Scorer names.
    pub scorers: Vec<String>,
    /// The scorer shown first.
    pub default_scorer: usize,
    /// Cells with n below this are faded.
    pub faded_below: u64,
    /// Evidence kept per cell.
    pub top_k: usize,
    /// `--by` granularity.
    pub by: Option<&'static str>,
    /// Period labels, in time order.
    pub periods: Vec<String>,
    /// The actors shown.
    pub actors: Vec<ActorView>,
    /// What the cap left out.
    pub left_out: LeftOut,
    /// Documents named by evidence or actors: (id, date, title).
    pub docs: Vec<(String, Option<String>, Option<String>)>,
    /// Evidence sentences.
    pub evidence: Vec<EvidenceView>,
    /// Per scorer, its cells over all periods.
    pub cells: Vec<Vec<CellView>>,
    /// Per scorer, the heatmap orders.
    pub orders: Vec<Orders>,
    /// Per scorer, each dyad's time line (with `--by`).
    pub series: Vec<Vec<SeriesView>>,
    /// Counts and settings.
    pub summary: Summary,
}

/// Four decimals: what a reader can see, and a third of the bytes of a full float.
fn round(x: f64) -> f64 {
    (x * 1e4).round() / 1e4 + 0.0
}

/// What makes two evidence entries one: document, sentence, the text before the scope, the
/// scope, rule and voice (one sentence can hold the author's and an actor's attribution over the
/// same words, by different rules).
type EvidenceKey = (usize, usize, String, String, &'static str, &'static str);

/// Interns documents and evidence sentences.
#[derive(Default)]
struct Tables {
    docs: Vec<(String, Option<String>, Option<String>)>,
    doc_index: FxHashMap<String, usize>,
    evidence: Vec<EvidenceView>,
    evidence_index: FxHashMap<EvidenceKey, usize>,
}

impl Tables {
    fn doc(&mut self, d: &DocRef) -> usize {
        if let Some(&i) = self.doc_index.get(&d.id) {
            return i;
        }
        self.docs
            .push((d.id.clone(), d.date.clone(), d.title.clone()));
        self.doc_index.insert(d.id.clone(), self.docs.len() - 1);
        self.docs.len() - 1
    }

    /// The same attribution is often the strongest evidence of a cell for several scorers:
    /// one entry serves them all.
    fn evidence(&mut self, e: &Item) -> usize {
        let doc = self.doc(&e.doc);
        let key = (
            doc,
            e.sentence,
            e.before.clone(),
            e.scope.clone(),
            e.rule,
            e.voice,
        );
        if let Some(&i) = self.evidence_index.get(&key) {
            return i;
        }
        self.evidence.push(EvidenceView(
            doc,
            e.sentence,
            e.before.clone(),
            e.scope.clone(),
            e.after.clone(),
            e.rule,
            e.voice,
            e.cameo.clone(),
        ));
        self.evidence_index.insert(key, self.evidence.len() - 1);
        self.evidence.len() - 1
    }
}

/// Builds the page's data from a run: its matrix, the collector fed during it, its counts.
pub fn build(
    acc: &Accumulator,
    actors: &ActorSet,
    stats: &Stats,
    collector: &Collector,
    options: &ReportOptions,
) -> Model {
    let all = acc.collapsed();
    // Activity of every source (actors and @author) over all scorers.
    let mut activity: FxHashMap<Source, u64> = FxHashMap::default();
    for (k, c) in all.cells() {
        *activity.entry(k.source).or_default() += c.n;
        *activity.entry(Source::Actor(k.target)).or_default() += c.n;
    }
    let mut ranked: Vec<(Source, u64)> = activity.into_iter().collect();
    ranked.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| source_id(actors, a.0).cmp(source_id(actors, b.0)))
    });
    let shown = ranked.len().min(options.max_actors);
    let (kept, dropped) = ranked.split_at(shown);
    let mut kept: Vec<(Source, u64)> = kept.to_vec();
    kept.sort_by(|a, b| source_id(actors, a.0).cmp(source_id(actors, b.0)));
    let index: FxHashMap<Source, usize> =
        kept.iter().enumerate().map(|(i, (s, _))| (*s, i)).collect();

    let mut tables = Tables::default();
    let aliases = aliases(actors);
    let actor_views: Vec<ActorView> = kept
        .iter()
        .map(|&(s, activity)| match s {
            Source::Author => ActorView {
                id: crate::attribution::AUTHOR_ID.into(),
                name: "the text itself".into(),
                kind: "author".into(),
                aliases: Vec::new(),
                docs: Vec::new(),
                doc_count: 0,
                activity,
            },
            Source::Actor(a) => {
                let actor = actors.get(a);
                let ap = collector.appearances(a);
                ActorView {
                    id: actor.id.clone(),
                    name: actor.name.clone(),
                    kind: actor.kind.as_str().into(),
                    aliases: aliases.get(&a).cloned().unwrap_or_default(),
                    docs: ap
                        .map(|ap| ap.docs.iter().map(|d| tables.doc(d)).collect())
                        .unwrap_or_default(),
                    doc_count: ap.map_or(0, |ap| ap.count),
                    activity,
                }
            }
        })
        .collect();

    let mut left_out = LeftOut {
        actors: dropped.len(),
        examples: dropped
            .iter()
            .take(20)
            .map(|(s, _)| source_id(actors, *s).to_string())
            .collect(),
        cells: 0,
        scores: 0,
    };
    let names = acc.scorer_names();
    let mut cells: Vec<Vec<CellView>> = names.iter().map(|_| Vec::new()).collect();
    let id_of = |s: Source| source_id(actors, s);
    for (k, c) in all.sorted(&id_of) {
        let (Some(&src), Some(&tgt)) = (index.get(&k.source), index.get(&Source::Actor(k.target)))
        else {
            left_out.cells += 1;
            left_out.scores += c.n;
            continue;
        };
        let evidence = collector
            .evidence(k.scorer as usize, k.source, k.target)
            .iter()
            .map(|e| (tables.evidence(e), round(e.score)))
            .collect();
        let ci = c.ci95();
        cells[k.scorer as usize].push(CellView(
            src,
            tgt,
            c.n,
            round(c.mean()),
            ci.map(|c| round(c.0)),
            ci.map(|c| round(c.1)),
            evidence,
        ));
    }

    let orders = cells
        .iter()
        .map(|cells| orders(cells, &actor_views))
        .collect();

    let periods_list = acc.periods();
    let (periods, series) = match options.by {
        None => (Vec::new(), names.iter().map(|_| Vec::new()).collect()),
        Some(g) => {
            let labels = periods_list.iter().map(|&p| g.label(p)).collect();
            let at: FxHashMap<period::Period, usize> = periods_list
                .iter()
                .enumerate()
                .map(|(i, p)| (*p, i))
                .collect();
            let mut series: Vec<FxHashMap<(usize, usize), Vec<PeriodPoint>>> =
                names.iter().map(|_| FxHashMap::default()).collect();
            for (k, c) in acc.sorted(&id_of) {
                if let (Some(&src), Some(&tgt)) =
                    (index.get(&k.source), index.get(&Source::Actor(k.target)))
                {
                    series[k.scorer as usize]
                        .entry((src, tgt))
                        .or_default()
                        .push((at[&k.period], c.n, round(c.mean())));
                }
            }
            let series = series
                .into_iter()
                .map(|m| {
                    let mut v: Vec<SeriesView> = m
                        .into_iter()
                        .map(|((s, t), p)| SeriesView(s, t, p))
                        .collect();
                    v.sort_by_key(|s| (s.0, s.1));
                    v
                })
                .collect();
            (labels, series)
        }
    };

    let (reasons, skipped_other) = collector.skip_reasons();
    Model {
        title: options.title.clone(),
        generator: format!("stance {}", env!("CARGO_PKG_VERSION")),
        scorers: names.to_vec(),
        // `stance` when it runs, else the first.
        default_scorer: names
            .iter()
            .position(|n| n == Scorer::Stance.name())
            .unwrap_or(0),
        faded_below: FADED_BELOW,
        top_k: collector.top_k(),
        by: options.by.map(|g| g.name()),
        periods,
        actors: actor_views,
        left_out,
        docs: tables.docs,
        evidence: tables.evidence,
        cells,
        orders,
        series,
        summary: Summary {
            stats: *stats,
            skipped: reasons
                .iter()
                .map(|r| (r.reason.clone(), r.count, r.first.clone()))
                .collect(),
            skipped_other,
            settings: options.settings.clone(),
        },
    }
}

/// Each actor's aliases as the lexicon writes them, the name first.
fn aliases(actors: &ActorSet) -> FxHashMap<ActorId, Vec<String>> {
    let matcher = actors.matcher();
    let mut out: FxHashMap<ActorId, Vec<String>> = FxHashMap::default();
    for p in 0..matcher.pattern_count() as u32 {
        if let Some(a) = actors.resolve(matcher.entry(p), None) {
            let list = out.entry(a).or_default();
            let alias = matcher.alias(p);
            if !list.iter().any(|x| x == alias) {
                list.push(alias.to_string());
            }
        }
    }
    out
}

/// The clustered and alphabetical orders of a scorer's rows and columns. Actors are already
/// sorted by id, so index order is alphabetical.
fn orders(cells: &[CellView], actors: &[ActorView]) -> Orders {
    let mut rows: Vec<usize> = cells.iter().map(|c| c.0).collect();
    rows.sort_unstable();
    rows.dedup();
    let mut cols: Vec<usize> = cells.iter().map(|c| c.1).collect();
    cols.sort_unstable();
    cols.dedup();
    let row_at: FxHashMap<usize, usize> = rows.iter().enumerate().map(|(i, &r)| (r, i)).collect();
    let col_at: FxHashMap<usize, usize> = cols.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    // A row's profile: its means across the columns (0 where empty); a column's likewise.
    let mut row_profiles = vec![vec![0.0; cols.len()]; rows.len()];
    let mut col_profiles = vec![vec![0.0; rows.len()]; cols.len()];
    for c in cells {
        let (r, k) = (row_at[&c.0], col_at[&c.1]);
        row_profiles[r][k] = c.3;
        col_profiles[k][r] = c.3;
    }
    debug_assert!(rows.iter().chain(&cols).all(|&i| i < actors.len()));
    Orders {
        rows_clustered: leaf_order(&row_profiles)
            .into_iter()
            .map(|i| rows[i])
            .collect(),
        cols_clustered: leaf_order(&col_profiles)
            .into_iter()
            .map(|i| cols[i])
            .collect(),
        rows_alphabetical: rows,
        cols_alphabetical: cols,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use crate::{Engine, Run, RunOptions};

    const TEXTS: [&str; 4] = [
        "Serraj condemned Haftar for the shelling of Tripoli. Haftar accused Serraj of treason.",
        "Turkey praised Serraj. Serraj thanked Turkey and warned Haftar.",
        "\u{201c}We will never sit down with Haftar,\u{201d} Serraj said. Egypt backed Haftar.",
        "Haftar threatened Serraj again, and Russia welcomed Haftar's pledge.",
    ];

    /// Scores the texts in the given order with the library's run, the collector observing.
    fn run(order: &[usize]) -> (Engine, Accumulator, Collector) {
        let run = Run::new(Engine::bundled(), RunOptions::default());
        let docs: Vec<Document> = order
            .iter()
            .map(|&i| Document {
                id: format!("d{i}"),
                title: Some(format!("title {i}")),
                text: TEXTS[i].into(),
                ..Document::default()
            })
            .collect();
        let mut collector = Collector::default();
        let output = run.score_documents(docs, &mut collector).unwrap();
        (run.engine().clone(), output.acc, collector)
    }

    #[test]
    fn cells_carry_their_own_strongest_evidence_whatever_the_order() {
        let (engine, acc, collector) = run(&[0, 1, 2, 3]);
        let (_, acc_rev, collector_rev) = run(&[3, 2, 1, 0]);
        assert_eq!(acc, acc_rev);
        let options = ReportOptions::default();
        let stats = Stats::default();
        let model = build(&acc, engine.actors(), &stats, &collector, &options);
        let reversed = build(&acc_rev, engine.actors(), &stats, &collector_rev, &options);
        // Documents are numbered as met, so compare what the indices stand for.
        let resolved = |m: &Model| -> Vec<Vec<String>> {
            m.cells
                .iter()
                .flatten()
                .map(|c| {
                    let mut v = vec![format!("{} {} {} {}", c.0, c.1, c.2, c.3)];
                    v.extend(c.6.iter().map(|(i, score)| {
                        let e = &m.evidence[*i];
                        format!("{} {} {:?} {score}", m.docs[e.0].0, e.1, e.3)
                    }));
                    v
                })
                .collect()
        };
        assert_eq!(
            resolved(&model),
            resolved(&reversed),
            "cells and evidence do not depend on input order"
        );
        let stance = &model.cells[Scorer::Stance.index()];
        assert!(stance.len() >= 4, "{stance:?}");
        for c in stance {
            let ev = &c.6;
            assert!(
                !ev.is_empty()
                    && ev.len() <= super::super::collect::DEFAULT_TOP_K.min(c.2 as usize)
            );
            assert!(
                ev.windows(2).all(|w| w[0].1.abs() >= w[1].1.abs()),
                "{ev:?}"
            );
            for (i, _) in ev {
                let e = &model.evidence[*i];
                let sentence = format!("{}{}{}", e.2, e.3, e.4);
                let doc = &model.docs[e.0];
                let text = TEXTS[doc.0[1..].parse::<usize>().unwrap()];
                assert!(text.contains(&sentence), "{sentence:?} is not in {text:?}");
                assert!(!e.3.is_empty(), "an empty scope");
                assert_eq!(doc.2.as_deref(), Some(&*format!("title {}", &doc.0[1..])));
            }
        }
        let serraj = model.actors.iter().find(|a| a.id == "SERRAJ").unwrap();
        assert_eq!(serraj.doc_count, 4);
        assert!(
            serraj.aliases.iter().any(|a| a == "Serraj"),
            "{:?}",
            serraj.aliases
        );
    }

    #[test]
    fn the_cap_keeps_the_most_active_and_counts_the_rest() {
        let (engine, acc, collector) = run(&[0, 1, 2, 3]);
        let options = ReportOptions {
            max_actors: 3,
            ..ReportOptions::default()
        };
        let model = build(
            &acc,
            engine.actors(),
            &Stats::default(),
            &collector,
            &options,
        );
        assert_eq!(model.actors.len(), 3);
        let full = build(
            &acc,
            engine.actors(),
            &Stats::default(),
            &collector,
            &ReportOptions::default(),
        );
        assert_eq!(model.left_out.actors, full.actors.len() - 3);
        let min_kept = model.actors.iter().map(|a| a.activity).min().unwrap();
        let max_dropped = full
            .actors
            .iter()
            .filter(|a| !model.actors.iter().any(|k| k.id == a.id))
            .map(|a| a.activity)
            .max()
            .unwrap();
        assert!(min_kept >= max_dropped);
        let cells = |m: &Model| m.cells.iter().map(Vec::len).sum::<usize>();
        assert_eq!(cells(&model) + model.left_out.cells, cells(&full));
    }
}
