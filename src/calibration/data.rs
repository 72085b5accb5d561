//! Training data for the calibration: labelled items run through the engine once, each
//! attribution between the item's entities kept with its features and its class.
//!
//! - DSE: an attribution from the first entity to the second is + or - when the label says
//!   that direction and sign, and none otherwise (the neutral label, or the other direction).
//! - NewsMTSC: an attribution toward the target (any source) takes the item's polarity, with
//!   neutral as none.
//! - Real-news pairs (the annotation format of `stance eval pairs`, training files only): each
//!   labelled ordered pair of actors in a sentence is an item; the attributions from that
//!   source to that target in that sentence (whole documents run through the engine) take the
//!   pair's sign, with 0 as none. This is the data that teaches "no stance here" between
//!   actors of real news, and the position in the document.
//!
//! Items are then scored as `stance eval` scores them ([`crate::eval::Predictor`]): DSE by the
//! mean score in each direction, NewsMTSC by the mean score toward the target (0 without one),
//! pairs by the sum of the pair's scores in its sentence, as `stance eval pairs` does.

use std::collections::HashMap;

use rayon::prelude::*;

use super::fit::Sample;
use super::{Features, Model};
use crate::actors::{ActorId, Mention};
use crate::attribution::Source;
use crate::corpus::Document;
use crate::engine::{Engine, Scratch};
use crate::eval::datasets::{DseItem, Polarity, TargetItem};
use crate::eval::metrics::Confusion;
use crate::eval::pairs::{read_labelled_documents, read_pair_labels, PairLabel};
use crate::eval::thresholds::Band;
use crate::eval::{dse_mentions, DirectedScores, Predictor, DSE_LABELS, POLARITY_LABELS};
use crate::scorers::Scorer;
use crate::vader::VaderScratch;

/// How an attribution stands to its item's entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// DSE: first entity toward the second.
    Forward,
    /// DSE: second toward first.
    Backward,
    /// NewsMTSC: toward the target.
    Toward,
    /// Real-news pairs: from the pair's source to its target (scores add up, as in `eval pairs`).
    Pair,
}

/// One attribution of a labelled item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Attr {
    /// Its features.
    pub x: Features,
    /// How it stands to the entities.
    pub role: Role,
    /// The hand-weighted stance score, for the baseline.
    pub stance: Option<f64>,
    /// Plain VADER, for the baseline.
    pub valence: Option<f64>,
}

/// The human label of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gold {
    /// A DSE label 0-4.
    Dse(u8),
    /// A three-way polarity.
    Polar(Polarity),
}

/// A labelled item and its attributions.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The label.
    pub gold: Gold,
    /// Attributions between its entities.
    pub attrs: Vec<Attr>,
    /// Items of one group (one document) go to the same cross-validation fold.
    pub group: usize,
}

impl Item {
    /// The training samples of this item.
    pub fn samples(&self) -> impl Iterator<Item = Sample> + '_ {
        self.attrs.iter().map(move |a| Sample {
            x: a.x,
            weight: 1.0,
            class: match (self.gold, a.role) {
                (Gold::Dse(1), Role::Forward) | (Gold::Dse(2), Role::Backward) => 0,
                (Gold::Dse(3), Role::Forward) | (Gold::Dse(4), Role::Backward) => 1,
                (Gold::Polar(Polarity::Positive), _) => 0,
                (Gold::Polar(Polarity::Negative), _) => 1,
                _ => 2,
            },
        })
    }

    /// The item's prediction from a per-attribution score.
    pub fn predict(&self, score: impl Fn(usize, &Attr) -> Option<f64>) -> Predicted {
        let mut sums = [(0.0, 0u32); 4];
        for (i, a) in self.attrs.iter().enumerate() {
            if let Some(s) = score(i, a) {
                let slot = &mut sums[a.role as usize];
                slot.0 += s;
                slot.1 += 1;
            }
        }
        let mean = |(s, n): (f64, u32)| (n > 0).then(|| s / f64::from(n));
        match self.gold {
            Gold::Dse(_) => Predicted::Directed(DirectedScores {
                forward: mean(sums[0]),
                backward: mean(sums[1]),
            }),
            Gold::Polar(_) if sums[3].1 > 0 => Predicted::Polar(sums[3].0),
            Gold::Polar(_) => Predicted::Polar(mean(sums[2]).unwrap_or(0.0)),
        }
    }
}

/// What the engine says of an item, before its band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Predicted {
    /// DSE.
    Directed(DirectedScores),
    /// NewsMTSC.
    Polar(f64),
}

/// The confusion of `items` read through `band` (all of one format).
pub fn confusion<'a>(
    items: impl Iterator<Item = (&'a Item, &'a Predicted)>,
    band: &Band,
    into: &mut Confusion,
) {
    for (item, p) in items {
        match (item.gold, p) {
            (Gold::Dse(label), Predicted::Directed(d)) => {
                into.add(usize::from(label), usize::from(d.label(band)))
            }
            (Gold::Polar(g), Predicted::Polar(s)) => into.add(g.index(), band.classify(*s).index()),
            _ => {}
        }
    }
}

/// An empty confusion for items of this kind.
pub fn new_confusion(dse: bool) -> Confusion {
    Confusion::new(if dse { &DSE_LABELS } else { &POLARITY_LABELS })
}

/// Reads the features of an attribution again from its scope (training only: the scoring
/// path computes them once, in the engine).
fn attrs_of(
    engine: &Engine,
    text: &str,
    result: &crate::DocResult,
    role: impl Fn(Source, ActorId) -> Option<Role>,
    vader: &mut VaderScratch,
) -> Vec<Attr> {
    let mut out = Vec::new();
    for s in &result.scored {
        let a = &s.attribution;
        let Some(role) = role(a.source, a.target) else {
            continue;
        };
        let reading = engine.scorers().read(a.scope.slice(text), vader);
        out.push(Attr {
            x: Features::of(&reading, a),
            role,
            stance: s.scores[Scorer::Stance.index()],
            valence: s.scores[Scorer::Valence.index()],
        });
    }
    out
}

const FIRST: ActorId = ActorId(0);
const SECOND: ActorId = ActorId(1);

/// DSE items through `engine` (uncalibrated), as `stance eval dse` marks their entities.
pub fn collect_dse(engine: &Engine, items: &[DseItem]) -> Vec<Item> {
    let engine = engine.with_actors(Predictor::entities(2));
    items
        .par_iter()
        .enumerate()
        .map_init(
            || (Scratch::default(), VaderScratch::default()),
            |(scratch, vader), (group, item)| {
                let (mentions, used) = dse_mentions(item);
                let result = engine.analyze_with_mentions(&item.text, &mentions[..used], scratch);
                let attrs = attrs_of(
                    &engine,
                    &item.text,
                    &result,
                    |source, target| match (source, target) {
                        (Source::Actor(FIRST), SECOND) => Some(Role::Forward),
                        (Source::Actor(SECOND), FIRST) => Some(Role::Backward),
                        _ => None,
                    },
                    vader,
                );
                Item {
                    gold: Gold::Dse(item.label),
                    attrs,
                    group,
                }
            },
        )
        .collect()
}

/// NewsMTSC items through `engine` (uncalibrated), as `stance eval newsmtsc` marks the target.
pub fn collect_targets(engine: &Engine, items: &[TargetItem]) -> Vec<Item> {
    let engine = engine.with_actors(Predictor::entities(1));
    items
        .par_iter()
        .enumerate()
        .map_init(
            || (Scratch::default(), VaderScratch::default()),
            |(scratch, vader), (group, item)| {
                let mention = Mention {
                    actor: FIRST,
                    span: item.target,
                    pattern: 0,
                };
                let result = engine.analyze_with_mentions(&item.text, &[mention], scratch);
                let attrs = attrs_of(
                    &engine,
                    &item.text,
                    &result,
                    |_, target| (target == FIRST).then_some(Role::Toward),
                    vader,
                );
                Item {
                    gold: Gold::Polar(item.polarity),
                    attrs,
                    group,
                }
            },
        )
        .collect()
}

/// Real-news pair annotations through `engine` (uncalibrated; its actors are the ones the
/// annotation was drawn with): one item per labelled pair, its attributions those from the
/// pair's source to its target in the pair's sentence. Items of one document share a group.
pub fn collect_pairs(
    engine: &Engine,
    labels: &[PairLabel],
    docs: &HashMap<(String, String), Document>,
) -> Vec<Item> {
    // Documents in a fixed order, so groups and results do not depend on hashing.
    let mut keys: Vec<&(String, String)> = docs.keys().collect();
    keys.sort();
    let actors = engine.actors();
    // Per document: (sentence start, source id, target id) -> its attributions.
    type PairAttrs = HashMap<(usize, String, String), Vec<Attr>>;
    let per_doc: Vec<PairAttrs> = keys
        .par_iter()
        .map_init(
            || (Scratch::default(), VaderScratch::default()),
            |(scratch, vader), key| {
                let doc = &docs[*key];
                let mut starts: Vec<(usize, usize)> = labels
                    .iter()
                    .filter(|l| l.corpus == key.0 && l.doc == key.1)
                    .map(|l| (l.start, l.end))
                    .collect();
                starts.sort_unstable();
                starts.dedup();
                let result = engine.analyze(doc, scratch);
                let mut out = PairAttrs::new();
                for s in &result.scored {
                    let at = s.sentence_span.start;
                    let Some(&(start, _)) = starts.iter().find(|(a, b)| (*a..*b).contains(&at))
                    else {
                        continue;
                    };
                    let a = &s.attribution;
                    let Source::Actor(source) = a.source else {
                        continue;
                    };
                    let reading = engine.scorers().read(a.scope.slice(&doc.text), vader);
                    out.entry((
                        start,
                        actors.get(source).id.clone(),
                        actors.get(a.target).id.clone(),
                    ))
                    .or_default()
                    .push(Attr {
                        x: Features::of(&reading, a),
                        role: Role::Pair,
                        stance: s.scores[Scorer::Stance.index()],
                        valence: s.scores[Scorer::Valence.index()],
                    });
                }
                out
            },
        )
        .collect();
    let group_of: HashMap<&(String, String), usize> =
        keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    labels
        .iter()
        .map(|l| {
            let key = (l.corpus.clone(), l.doc.clone());
            let group = group_of[&key];
            let attrs = per_doc[group]
                .get(&(l.start, l.source.clone(), l.target.clone()))
                .cloned()
                .unwrap_or_default();
            Item {
                gold: Gold::Polar(match l.sign {
                    1 => Polarity::Positive,
                    -1 => Polarity::Negative,
                    _ => Polarity::Neutral,
                }),
                attrs,
                group,
            }
        })
        .collect()
}

/// A real-news pair annotation used for training, with what reading it needs.
#[derive(Debug, Clone)]
pub struct PairsFile {
    /// The annotation (tests/data/realnews_train_pairs.tsv's format).
    pub labels: std::path::PathBuf,
    /// The folder its corpus paths are relative to.
    pub corpora: std::path::PathBuf,
    /// The actor dictionaries it was drawn with.
    pub actors: Vec<std::path::PathBuf>,
}

/// The calibrated score of every attribution of `items` under `model`: P(+) - P(-) and P(none).
pub fn model_scores(model: &Model, items: &[Item]) -> Vec<Vec<(f64, f64)>> {
    items
        .iter()
        .map(|it| {
            it.attrs
                .iter()
                .map(|a| {
                    let p = model.predict_with(&a.x, 1.0).p;
                    (p[0] - p[1], p[2])
                })
                .collect()
        })
        .collect()
}

/// The training files through the bundled scorers (no verbs, no syntax: the defaults of
/// `stance score`), DSE first. Each file is named as [`thresholds::fitted_on_name`] names it.
///
/// [`thresholds::fitted_on_name`]: crate::eval::thresholds::fitted_on_name
pub fn training_sets(
    dse: Option<&std::path::Path>,
    newsmtsc: Option<&std::path::Path>,
    pairs: Option<&PairsFile>,
) -> Result<Vec<super::cv::DataSet>, crate::eval::datasets::DataError> {
    use crate::eval::{datasets, thresholds::fitted_on_name};
    let engine = Engine::with_scorers(
        crate::actors::ActorSet::from_actors(Vec::new()).expect("no actors is a valid set"),
        crate::scorers::ScorerSet::bundled(),
    );
    let mut sets = Vec::new();
    if let Some(path) = dse {
        sets.push(super::cv::DataSet {
            format: "dse".into(),
            fitted_on: fitted_on_name(path),
            items: collect_dse(&engine, &datasets::read_dse(path)?),
        });
    }
    if let Some(path) = newsmtsc {
        sets.push(super::cv::DataSet {
            format: "newsmtsc".into(),
            fitted_on: fitted_on_name(path),
            items: collect_targets(&engine, &datasets::read_newsmtsc(path)?),
        });
    }
    if let Some(p) = pairs {
        let labels = read_pair_labels(&p.labels)?;
        let docs = read_labelled_documents(&p.corpora, &labels)?;
        let actors = match crate::actors::ActorSet::from_files(
            &p.actors,
            crate::actors::LexiconFormat::Auto,
        ) {
            Ok((set, _warnings)) => set,
            Err(errors) => {
                let e = &errors[0];
                return Err(datasets::DataError {
                    path: e.path.clone(),
                    line: e.line,
                    reason: e.reason.clone(),
                });
            }
        };
        let engine = Engine::with_scorers(actors, crate::scorers::ScorerSet::bundled());
        sets.push(super::cv::DataSet {
            format: "pairs".into(),
            fitted_on: fitted_on_name(&p.labels),
            items: collect_pairs(&engine, &labels, &docs),
        });
    }
    Ok(sets)
}
