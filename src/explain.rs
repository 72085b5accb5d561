//! Why the matrix says what it says: per sentence, the mentions, the rules that fired, the
//! scope each scorer read, its cue words and every score.

use serde::Serialize;

use crate::actors::Mention;
use crate::attribution::Source;
use crate::corpus::Document;
use crate::engine::{DocResult, Engine, Scratch};
use crate::explain_tree::{dropped, ArcView, DocTrees, DroppedView};
use crate::text::Span;

/// A mention and the alias that matched it.
#[derive(Debug, Clone, Serialize)]
pub struct MentionView {
    /// Actor id.
    pub actor: String,
    /// The words in the text.
    pub text: String,
    /// The lexicon alias that matched (empty for mentions given by offset).
    pub alias: String,
}

/// A cue word in a scope.
#[derive(Debug, Clone, Serialize)]
pub struct CueView {
    /// The words.
    pub text: String,
    /// Weight after negation.
    pub weight: f64,
    /// Negated by a preceding word.
    pub negated: bool,
}

/// One attribution with its evidence.
#[derive(Debug, Clone, Serialize)]
pub struct AttributionView {
    /// Source id (`@author` for the text's voice).
    pub source: String,
    /// Target id.
    pub target: String,
    /// The rule that decided it.
    pub rule: &'static str,
    /// Whose words the scope is: `own` (the source's, in a quote) or `reported`.
    pub voice: &'static str,
    /// The words the scorers read.
    pub scope: String,
    /// The cue words in the scope.
    pub cues: Vec<CueView>,
    /// Each scorer's score (`None`: no evidence for it), in scorer order.
    pub scores: Vec<(String, Option<f64>)>,
    /// The CAMEO code of the verb pattern that weighed most in the scope (with `--verbs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
    /// How the sentence's tree links the source to the target (with `--syntax`, subject rule).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
    /// With `--calibrated`: the model's reading of this attribution.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calibration: Option<CalibrationView>,
}

/// How the learned calibration reached a `stance` score.
#[derive(Debug, Clone, Serialize)]
pub struct CalibrationView {
    /// P(positive), P(negative), P(none).
    pub p: [f64; 3],
    /// Above this P(none) the attribution gets no score.
    pub none_threshold: f64,
    /// Each feature's contribution to the logit margin of positive over negative, the bias
    /// first: the score rises with their sum.
    pub contributions: Vec<(&'static str, f64)>,
}

impl CalibrationView {
    fn of(engine: &Engine, scope: &str, a: &crate::attribution::Attribution) -> Option<Self> {
        let model = engine.scorers().calibration()?;
        let reading = engine
            .scorers()
            .read(scope, &mut crate::vader::VaderScratch::default());
        let x = crate::calibration::Features::of(&reading, a);
        Some(CalibrationView {
            p: model.predict(&x).p,
            none_threshold: model.protocol.none_threshold,
            contributions: model.contributions(&x),
        })
    }
}

/// One sentence.
#[derive(Debug, Clone, Serialize)]
pub struct SentenceView {
    /// Index in the document.
    pub index: usize,
    /// The sentence.
    pub text: String,
    /// Its mentions.
    pub mentions: Vec<MentionView>,
    /// Its attributions.
    pub attributions: Vec<AttributionView>,
    /// Its dependency arcs, punctuation left out (with `--syntax`, where it was parsed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tree: Option<Vec<ArcView>>,
    /// The subject rule's dyads that the tree did not support (with `--syntax`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dropped: Vec<DroppedView>,
}

/// Explains a document: every sentence that names an actor.
pub fn explain(engine: &Engine, doc: &Document) -> Vec<SentenceView> {
    let actors = engine.actors();
    let mut scratch = Scratch::default();
    let result = engine.analyze(doc, &mut scratch);
    let mut views = explain_result(engine, &doc.text, &result, |m| {
        actors.matcher().alias(m.pattern).to_string()
    });
    if let Some(syntax) = engine.syntax() {
        // The same document with the tree ignored says which dyads the tree took away.
        let without = engine
            .with_syntax(false)
            .analyze(doc, &mut Scratch::default());
        let without: Vec<_> = without.scored.iter().map(|s| s.attribution).collect();
        let with: Vec<_> = result.scored.iter().map(|s| s.attribution).collect();
        let mut trees = DocTrees::new(syntax, &scratch.parses, &doc.text);
        for view in &mut views {
            view.tree = trees.arcs(view.index);
            view.dropped = dropped(actors, &without, &with, view.index);
            let here = with.iter().filter(|a| a.sentence == view.index);
            for (a, shown) in here.zip(view.attributions.iter_mut()) {
                shown.link = trees.link(a, &result.mentions, result.sentences[view.index]);
            }
        }
    }
    views
}

/// Explains `text` with mentions given by offset.
pub fn explain_with_mentions(
    engine: &Engine,
    text: &str,
    mentions: &[Mention],
) -> Vec<SentenceView> {
    let result = engine.analyze_with_mentions(text, mentions, &mut Scratch::default());
    explain_result(engine, text, &result, |_| String::new())
}

/// The views of the sentences of `result` (the analysis of `text`) that name an actor or carry
/// an attribution.
fn explain_result(
    engine: &Engine,
    text: &str,
    result: &DocResult,
    alias: impl Fn(&Mention) -> String,
) -> Vec<SentenceView> {
    let actors = engine.actors();
    let id = |a| actors.get(a).id.clone();
    let mut out = Vec::new();
    for (index, sentence) in result.sentences.iter().enumerate() {
        let here: Vec<MentionView> = result
            .mentions
            .iter()
            .filter(|m| sentence.contains(m.span))
            .map(|m| MentionView {
                actor: id(m.actor),
                text: m.span.slice(text).to_string(),
                alias: alias(m),
            })
            .collect();
        let attributions: Vec<AttributionView> = result
            .scored
            .iter()
            .filter(|s| s.attribution.sentence == index)
            .map(|s| {
                let a = &s.attribution;
                let scope = a.scope.slice(text);
                AttributionView {
                    source: match a.source {
                        Source::Author => crate::attribution::AUTHOR_ID.into(),
                        Source::Actor(x) => id(x),
                    },
                    target: id(a.target),
                    rule: a.rule.as_str(),
                    voice: a.voice.as_str(),
                    scope: scope.to_string(),
                    cues: engine
                        .scorers()
                        .cues()
                        .matches(scope)
                        .into_iter()
                        .map(|c| CueView {
                            text: Span::new(c.start, c.end).slice(scope).to_string(),
                            weight: c.weight,
                            negated: c.negated,
                        })
                        .collect(),
                    scores: engine
                        .scorer_names()
                        .iter()
                        .cloned()
                        .zip(s.scores.iter().copied())
                        .collect(),
                    cameo: s.cameo.map(|c| c.as_str().to_owned()),
                    link: None,
                    calibration: CalibrationView::of(engine, scope, a),
                }
            })
            .collect();
        if here.is_empty() && attributions.is_empty() {
            continue;
        }
        out.push(SentenceView {
            index,
            text: sentence.slice(text).trim().to_string(),
            mentions: here,
            attributions,
            tree: None,
            dropped: Vec::new(),
        });
    }
    out
}
