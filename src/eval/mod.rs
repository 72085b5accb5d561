//! Scoring labelled data: how close the engine's reading comes to a human one.
//!
//! Each format is predicted through the whole engine (attribution, then the scorer), with the
//! data set's own entity spans as the mentions, so the figures measure what `stance score` does.

pub mod datasets;
pub mod gold;
pub mod metrics;
pub mod mojibake;
pub mod pairs;
pub mod predictions;
pub mod thresholds;

use serde::Serialize;

use crate::actors::{ActorId, ActorKind, ActorRecord, ActorSet, Mention, Origin};
use crate::attribution::Source;
use crate::engine::{Engine, Scratch};
use crate::scorers::Scorer;
use crate::text::Span;
use datasets::{DocumentItem, DseItem, Polarity, TargetItem};
use metrics::Confusion;
use thresholds::{Band, Bands};

/// The mean of a scorer over the attributions toward one actor (optionally from one source).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Mean {
    sum: f64,
    n: u32,
}

impl Mean {
    fn add(&mut self, x: f64) {
        self.sum += x;
        self.n += 1;
    }

    fn get(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / f64::from(self.n))
    }
}

/// What the engine says between the two entities of a DSE sentence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DirectedScores {
    /// First toward second, when attributed.
    pub forward: Option<f64>,
    /// Second toward first, when attributed.
    pub backward: Option<f64>,
}

impl DirectedScores {
    /// The DSE label: the direction with the stronger score, its sign through `band`.
    pub fn label(&self, band: &Band) -> u8 {
        let (backward, score) = match (self.forward, self.backward) {
            (Some(f), Some(b)) if b.abs() > f.abs() => (true, b),
            (Some(f), _) => (false, f),
            (None, Some(b)) => (true, b),
            (None, None) => return 0,
        };
        match (band.classify(score), backward) {
            (Polarity::Neutral, _) => 0,
            (Polarity::Positive, false) => 1,
            (Polarity::Positive, true) => 2,
            (Polarity::Negative, false) => 3,
            (Polarity::Negative, true) => 4,
        }
    }
}

/// The two entities of a DSE sentence as mentions in text order, and how many of them to use:
/// only the first when they overlap (the engine's mentions may not).
pub fn dse_mentions(item: &DseItem) -> ([Mention; 2], usize) {
    let mut mentions = [
        Mention {
            actor: FIRST,
            span: item.first,
            pattern: 0,
        },
        Mention {
            actor: SECOND,
            span: item.second,
            pattern: 0,
        },
    ];
    mentions.sort_by_key(|m| m.span);
    let overlap = mentions[0].span.end > mentions[1].span.start;
    (mentions, if overlap { 1 } else { 2 })
}

/// Builds small engines for labelled items, sharing one set of scorer lexicons.
pub struct Predictor {
    engine: Engine,
    scorer: Scorer,
    scratch: Scratch,
}

const FIRST: ActorId = ActorId(0);
const SECOND: ActorId = ActorId(1);

impl Predictor {
    /// A predictor reading `scorer`.
    pub fn new(engine: &Engine, scorer: Scorer) -> Predictor {
        Predictor {
            engine: engine.clone(),
            scorer,
            scratch: Scratch::default(),
        }
    }

    /// `n` person actors `E1`, `E2`, ... for entities marked in labelled data.
    pub fn entities(n: usize) -> ActorSet {
        let actors = (0..n)
            .map(|i| {
                (
                    format!("E{}", i + 1),
                    format!("entity {}", i + 1),
                    ActorKind::Person,
                )
            })
            .collect();
        ActorSet::from_actors(actors).expect("fixed ids are valid")
    }

    /// The engine's scores between the two entities of a DSE sentence.
    pub fn dse(&mut self, item: &DseItem) -> DirectedScores {
        let (mentions, used) = dse_mentions(item);
        let engine = self.engine.with_actors(Self::entities(2));
        let result = engine.analyze_with_mentions(&item.text, &mentions[..used], &mut self.scratch);
        let (mut forward, mut backward) = (Mean::default(), Mean::default());
        for s in &result.scored {
            let Some(score) = s.scores[self.scorer.index()] else {
                continue;
            };
            match (s.attribution.source, s.attribution.target) {
                (Source::Actor(FIRST), SECOND) => forward.add(score),
                (Source::Actor(SECOND), FIRST) => backward.add(score),
                _ => {}
            }
        }
        DirectedScores {
            forward: forward.get(),
            backward: backward.get(),
        }
    }

    /// The engine's score toward the target mention of a sentence (every source, the author's
    /// voice included), 0 when nothing is attributed to it.
    pub fn target(&mut self, item: &TargetItem) -> f64 {
        let mention = Mention {
            actor: FIRST,
            span: item.target,
            pattern: 0,
        };
        let engine = self.engine.with_actors(Self::entities(1));
        let result = engine.analyze_with_mentions(&item.text, &[mention], &mut self.scratch);
        self.toward(&result.scored, FIRST)
    }

    /// The engine's score toward a document's main entity, matched by its full name and its
    /// last name (news style names a person in full once, then by surname).
    pub fn document(&mut self, item: &DocumentItem) -> f64 {
        let mut aliases = Vec::new();
        let words: Vec<&str> = item.entity.split_whitespace().collect();
        if words.len() > 1 {
            if let Some(last) = words.last().filter(|w| w.len() > 2) {
                aliases.push(last.to_string());
            }
        }
        let record = ActorRecord {
            id: "TARGET".into(),
            kind: ActorKind::Person,
            name: item.entity.clone(),
            aliases,
            groups: Vec::new(),
            roles: Vec::new(),
            origin: Origin {
                path: "persent".into(),
                line: 0,
            },
        };
        let Ok(actors) = ActorSet::build(vec![record]) else {
            return 0.0;
        };
        let engine = self.engine.with_actors(actors);
        let doc = crate::corpus::Document {
            text: item.text.clone(),
            ..Default::default()
        };
        let result = engine.analyze(&doc, &mut self.scratch);
        self.evidence_toward(&result.scored, FIRST)
    }

    /// A document's weight of evidence toward `target`: the sum of its scores over the square
    /// root of their number. A mean would let the one sentence of a short article that names
    /// the entity count as much as a tone held over a long one; a sum would grow without
    /// bound with length. On PerSenT dev (two folds, each band fitted on the other) it reads
    /// the author better than the mean for every scorer.
    fn evidence_toward(&self, scored: &[crate::Scored], target: ActorId) -> f64 {
        let mean = self.scores_toward(scored, target);
        mean.get().map_or(0.0, |m| m * f64::from(mean.n).sqrt())
    }

    fn toward(&self, scored: &[crate::Scored], target: ActorId) -> f64 {
        self.scores_toward(scored, target).get().unwrap_or(0.0)
    }

    /// The scorer's scores toward `target`, accumulated.
    fn scores_toward(&self, scored: &[crate::Scored], target: ActorId) -> Mean {
        let mut mean = Mean::default();
        for s in scored.iter().filter(|s| s.attribution.target == target) {
            if let Some(score) = s.scores[self.scorer.index()] {
                mean.add(score);
            }
        }
        mean
    }
}

/// The result of one evaluation, as `--json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The data format.
    pub format: String,
    /// The scorer evaluated.
    pub scorer: String,
    /// Items scored.
    pub n: u64,
    /// Macro-F1 over the format's classes.
    pub macro_f1: f64,
    /// Share of items right.
    pub accuracy: f64,
    /// DSE only: macro-F1 over negative/neutral/positive, direction ignored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub macro_f1_3class: Option<f64>,
    /// The stored thresholds.
    pub thresholds: Band,
    /// When the stored band was fitted on the file evaluated: the bands its even and its odd
    /// items were read with instead, each fitted on the other half.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cross_fitted: Option<[Band; 2]>,
    /// Gold in rows, predictions in columns.
    pub confusion: Confusion,
    /// With `--calibrated`: which files the calibration was fitted on, and its choices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<crate::calibration::Protocol>,
}

/// DSE class names.
pub const DSE_LABELS: [&str; 5] = [
    "neutral",
    "pos(1->2)",
    "pos(2->1)",
    "neg(1->2)",
    "neg(2->1)",
];
/// Three-way class names.
pub const POLARITY_LABELS: [&str; 3] = ["negative", "neutral", "positive"];

fn dse_polarity(label: u8) -> usize {
    match label {
        1 | 2 => 2,
        3 | 4 => 0,
        _ => 1,
    }
}

/// Scores DSE predictions against their labels.
pub fn dse_report(
    items: &[DseItem],
    predictions: &[DirectedScores],
    bands: &Bands,
    scorer: Scorer,
) -> Report {
    let mut five = Confusion::new(&DSE_LABELS);
    let mut three = Confusion::new(&POLARITY_LABELS);
    for (i, (item, p)) in items.iter().zip(predictions).enumerate() {
        let predicted = p.label(bands.for_item(i));
        five.add(usize::from(item.label), usize::from(predicted));
        three.add(dse_polarity(item.label), dse_polarity(predicted));
    }
    Report {
        format: "dse".into(),
        scorer: scorer.name().into(),
        n: five.total(),
        macro_f1: five.macro_f1(),
        accuracy: five.accuracy(),
        macro_f1_3class: Some(three.macro_f1()),
        thresholds: bands.stored().clone(),
        cross_fitted: bands.folds().cloned(),
        confusion: five,
        protocol: None,
    }
}

/// Scores three-way predictions (one score per item) against their labels.
pub fn polarity_report(
    format: &str,
    gold: &[Polarity],
    scores: &[f64],
    bands: &Bands,
    scorer: Scorer,
) -> Report {
    let mut c = Confusion::new(&POLARITY_LABELS);
    for (i, (g, &s)) in gold.iter().zip(scores).enumerate() {
        c.add(g.index(), bands.for_item(i).classify(s).index());
    }
    Report {
        format: format.into(),
        scorer: scorer.name().into(),
        n: c.total(),
        macro_f1: c.macro_f1(),
        accuracy: c.accuracy(),
        macro_f1_3class: None,
        thresholds: bands.stored().clone(),
        cross_fitted: bands.folds().cloned(),
        confusion: c,
        protocol: None,
    }
}

/// The span of text a gold snippet points at, if the document contains it.
pub fn find_snippet(text: &str, snippet: &str) -> Option<Span> {
    text.find(snippet)
        .map(|start| Span::new(start, start + snippet.len()))
}
