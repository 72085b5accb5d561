//! Dyads against a hand annotation of one document (`../shared/seed/gold.tsv` format).

use std::collections::BTreeMap;

use serde::Serialize;

use super::datasets::GoldDyad;
use super::thresholds::Band;
use crate::attribution::Source;
use crate::corpus::Document;
use crate::engine::{Engine, Scratch};
use crate::scorers::Scorer;
use crate::text::Span;

/// How one gold dyad came out.
#[derive(Debug, Clone, Serialize)]
pub struct GoldOutcome {
    /// The annotation's line.
    pub line: usize,
    /// Its snippet.
    pub snippet: String,
    /// Source id.
    pub source: String,
    /// Target id.
    pub target: String,
    /// Expected sign (+1 / -1).
    pub sign: i8,
    /// The sentence the snippet is in.
    pub sentence: Option<usize>,
    /// `yes` rows must come out; `weak` rows must not come out with the wrong sign.
    pub required: bool,
    /// The engine's mean score for the dyad in the snippet's sentence, if attributed there.
    pub score: Option<f64>,
    /// -1, 0 or +1: the score through the neutral band (0 when not attributed).
    pub predicted_sign: i8,
    /// Why it could not be checked (snippet not found, unknown actor), if so.
    pub problem: Option<String>,
}

/// A dyad the engine found beyond the neutral band that the annotation does not list.
#[derive(Debug, Clone, Serialize)]
pub struct ExtraDyad {
    /// Sentence index.
    pub sentence: usize,
    /// Source id.
    pub source: String,
    /// Target id.
    pub target: String,
    /// Mean score.
    pub score: f64,
    /// The sentence.
    pub text: String,
}

/// The evaluation of a document against its annotation.
#[derive(Debug, Clone, Serialize)]
pub struct GoldReport {
    /// Always `gold`.
    pub format: String,
    /// The scorer evaluated.
    pub scorer: String,
    /// Gold dyads.
    pub n: u64,
    /// F1 of dyad precision and recall (a dyad counts when it comes out with the right sign):
    /// one F1, not a mean over classes.
    pub f1: f64,
    /// Share of the gold dyads the engine attributed that have the right sign.
    pub accuracy: f64,
    /// Found-with-the-right-sign dyads beyond the band that the annotation lists, over all
    /// dyads beyond the band.
    pub precision: f64,
    /// Gold dyads with the right sign, over all gold dyads.
    pub recall: f64,
    /// `yes` dyads with the right sign / `yes` dyads.
    pub required_right: (u64, u64),
    /// `weak` dyads that came out with the wrong sign.
    pub weak_wrong: u64,
    /// The band used.
    pub thresholds: Band,
    /// Every gold row.
    pub outcomes: Vec<GoldOutcome>,
    /// Other dyads beyond the band.
    pub extra: Vec<ExtraDyad>,
}

/// Runs the engine on `text` and checks each gold dyad in the sentence its snippet is in.
pub fn gold_report(
    engine: &Engine,
    text: &str,
    gold: &[GoldDyad],
    band: &Band,
    scorer: Scorer,
) -> GoldReport {
    let doc = Document {
        text: text.to_string(),
        ..Document::default()
    };
    let result = engine.analyze(&doc, &mut Scratch::default());
    let actors = engine.actors();
    let mut means: BTreeMap<(usize, String, String), (f64, u32)> = BTreeMap::new();
    for s in &result.scored {
        let (Source::Actor(src), Some(score)) = (s.attribution.source, s.scores[scorer.index()])
        else {
            continue;
        };
        let key = (
            s.attribution.sentence,
            actors.get(src).id.clone(),
            actors.get(s.attribution.target).id.clone(),
        );
        let e = means.entry(key).or_default();
        e.0 += score;
        e.1 += 1;
    }
    let mean = |k: &(usize, String, String)| means.get(k).map(|(s, n)| s / f64::from(*n));
    let sentence_of = |span: Span| {
        result
            .sentences
            .iter()
            .position(|s| s.contains(Span::new(span.start, span.start)) && span.start < s.end)
    };

    let sign_of = |score: Option<f64>| score.map_or(0, |s| band.classify(s).sign());
    let mut outcomes = Vec::new();
    let mut listed = std::collections::BTreeSet::new();
    for g in gold {
        let mut problem = None;
        let mut score = None;
        let mut sentence = None;
        for id in [&g.source, &g.target] {
            if actors.by_id(id).is_none() {
                problem = Some(format!("actor {id} is not in the actor lexicon"));
            }
        }
        match super::find_snippet(text, &g.snippet).and_then(sentence_of) {
            Some(s) => {
                sentence = Some(s);
                let key = (s, g.source.clone(), g.target.clone());
                score = mean(&key);
                listed.insert(key);
            }
            None => problem = Some("snippet not found in the document".into()),
        }
        outcomes.push(GoldOutcome {
            line: g.line,
            snippet: g.snippet.clone(),
            source: g.source.clone(),
            target: g.target.clone(),
            sign: g.sign,
            sentence,
            required: g.required,
            score,
            predicted_sign: sign_of(score),
            problem,
        });
    }
    let mut extra = Vec::new();
    let mut beyond = 0u64;
    let mut beyond_listed_right = 0u64;
    for key in means.keys() {
        let predicted = sign_of(mean(key));
        if predicted == 0 {
            continue;
        }
        beyond += 1;
        if listed.contains(key) {
            let right = outcomes.iter().any(|o| {
                o.sentence == Some(key.0)
                    && o.source == key.1
                    && o.target == key.2
                    && o.predicted_sign == o.sign
            });
            beyond_listed_right += u64::from(right);
        } else {
            extra.push(ExtraDyad {
                sentence: key.0,
                source: key.1.clone(),
                target: key.2.clone(),
                score: mean(key).unwrap_or(0.0),
                text: result.sentences[key.0].slice(text).trim().to_string(),
            });
        }
    }
    let right = outcomes
        .iter()
        .filter(|o| o.predicted_sign == o.sign)
        .count() as u64;
    let attributed = outcomes.iter().filter(|o| o.predicted_sign != 0).count() as u64;
    let required_total = outcomes.iter().filter(|o| o.required).count() as u64;
    let required_ok = outcomes
        .iter()
        .filter(|o| o.required && o.predicted_sign == o.sign)
        .count() as u64;
    let weak_wrong = outcomes
        .iter()
        .filter(|o| !o.required && o.predicted_sign == -o.sign)
        .count() as u64;
    let ratio = |a: u64, b: u64| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let precision = ratio(beyond_listed_right, beyond);
    let recall = ratio(right, outcomes.len() as u64);
    GoldReport {
        format: "gold".into(),
        scorer: scorer.name().into(),
        n: outcomes.len() as u64,
        f1: if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        },
        accuracy: ratio(right, attributed),
        precision,
        recall,
        required_right: (required_ok, required_total),
        weak_wrong,
        thresholds: band.clone(),
        outcomes,
        extra,
    }
}
