//! Why the matrix says what it says: per sentence, the mentions, the rules that fired, the
//! scope each scorer read, its cue words and every score.

use serde::Serialize;

use crate::actors::{MatchScratch, Mention};
use crate::attribution::Source;
use crate::corpus::Document;
use crate::engine::{Engine, Scratch};
use crate::scorers::SCORERS;
use crate::text::{split_sentences, Span};
use crate::time::Date;

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
    pub scores: Vec<(&'static str, Option<f64>)>,
    /// The CAMEO code of the verb pattern that weighed most in the scope (with `--verbs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cameo: Option<String>,
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
}

/// Explains a document: every sentence that names an actor.
pub fn explain(engine: &Engine, doc: &Document) -> Vec<SentenceView> {
    let actors = engine.actors();
    let date = doc.date.as_deref().and_then(Date::parse);
    let mut mentions = Vec::new();
    actors.find_mentions(&doc.text, date, &mut MatchScratch::default(), &mut mentions);
    let result = engine.analyze(doc, &mut Scratch::default());
    explain_result(engine, &doc.text, &mentions, &result.scored, |m| {
        actors.matcher().alias(m.pattern).to_string()
    })
}

/// Explains `text` with mentions given by offset.
pub fn explain_with_mentions(
    engine: &Engine,
    text: &str,
    mentions: &[Mention],
) -> Vec<SentenceView> {
    let result = engine.analyze_with_mentions(text, mentions, &mut Scratch::default());
    explain_result(engine, text, mentions, &result.scored, |_| String::new())
}

fn explain_result(
    engine: &Engine,
    text: &str,
    mentions: &[Mention],
    scored: &[crate::Scored],
    alias: impl Fn(&Mention) -> String,
) -> Vec<SentenceView> {
    let actors = engine.actors();
    let id = |a| actors.get(a).id.clone();
    let mut sentences = Vec::new();
    split_sentences(text, &mut sentences);
    let mut out = Vec::new();
    for (index, sentence) in sentences.iter().enumerate() {
        let here: Vec<MentionView> = mentions
            .iter()
            .filter(|m| sentence.contains(m.span))
            .map(|m| MentionView {
                actor: id(m.actor),
                text: m.span.slice(text).to_string(),
                alias: alias(m),
            })
            .collect();
        let attributions: Vec<AttributionView> = scored
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
                    scores: SCORERS
                        .iter()
                        .map(|sc| (sc.name(), s.scores[sc.index()]))
                        .collect(),
                    cameo: s.cameo.map(|c| c.as_str().to_owned()),
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
        });
    }
    out
}
