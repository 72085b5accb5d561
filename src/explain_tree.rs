//! What `explain --syntax` shows of the syntax layer: each parsed sentence's arcs, the link the
//! structure rule found between an attribution's source and target, and the dyads it dropped
//! because the tree links no mention of the one to the other (#15: "explain shows the arcs its
//! rules used").

use serde::Serialize;

use crate::actors::{ActorSet, Mention};
use crate::attribution::structure::{Link, Tree};
use crate::attribution::{Attribution, Rule, Source};
use crate::syntax::select::DocParses;
use crate::syntax::Syntax;
use crate::text::Span;

/// One arc of a parsed sentence, as `relation(head, dependent)` reads.
#[derive(Debug, Clone, Serialize)]
pub struct ArcView {
    /// The UD relation.
    pub relation: String,
    /// The head word (`ROOT` for the sentence's root).
    pub head: String,
    /// The head's 1-based position in the sentence (0 for the root).
    pub head_index: usize,
    /// The dependent word.
    pub dependent: String,
    /// The dependent's 1-based position in the sentence.
    pub dependent_index: usize,
}

/// A clause rule's dyad that the tree did not support, so no cell counts it.
#[derive(Debug, Clone, Serialize)]
pub struct DroppedView {
    /// Source id.
    pub source: String,
    /// Target id.
    pub target: String,
    /// The rule that proposed it.
    pub rule: &'static str,
}

/// The trees of one document's parsed sentences, read for explaining.
pub(crate) struct DocTrees<'a> {
    syntax: &'static Syntax,
    parses: &'a DocParses,
    text: &'a str,
    tree: Tree,
    path: Vec<usize>,
}

impl<'a> DocTrees<'a> {
    /// The trees the engine left in its scratch after analysing `text`.
    pub(crate) fn new(syntax: &'static Syntax, parses: &'a DocParses, text: &'a str) -> Self {
        DocTrees {
            syntax,
            parses,
            text,
            tree: Tree::default(),
            path: Vec::new(),
        }
    }

    /// The arcs of sentence `index`, punctuation left out; `None` when it was not parsed.
    pub(crate) fn arcs(&self, index: usize) -> Option<Vec<ArcView>> {
        let k = self
            .parses
            .sentences
            .binary_search_by_key(&(index as u32), |(i, _)| *i)
            .ok()?;
        let range = self.parses.sentences[k].1.clone();
        let (from, to) = (range.start as usize, range.end as usize);
        let word = |w: usize| self.parses.words[w].span.slice(self.text).to_string();
        let labels = self.syntax.labels();
        let arcs = (from..to)
            .filter(|&w| labels[usize::from(self.parses.parse.deprel[w])] != "punct")
            .map(|w| {
                let head = self.parses.parse.head[w] as usize;
                ArcView {
                    relation: labels[usize::from(self.parses.parse.deprel[w])].clone(),
                    head: if head == 0 {
                        "ROOT".into()
                    } else {
                        word(from + head - 1)
                    },
                    head_index: head,
                    dependent: word(w),
                    dependent_index: w - from + 1,
                }
            })
            .collect();
        Some(arcs)
    }

    /// How the tree of the attribution's sentence links a mention of its source to one of its
    /// target, in words ("subject of “accused”, the target on its object side"); `None` for
    /// rules the tree does not decide, and where no mention pair is linked (a pronoun source).
    pub(crate) fn link(
        &mut self,
        a: &Attribution,
        mentions: &[Mention],
        sentence: Span,
    ) -> Option<String> {
        let (Rule::Subject, Source::Actor(source)) = (a.rule, a.source) else {
            return None;
        };
        if !self
            .tree
            .load(self.syntax, self.parses, self.text, a.sentence)
        {
            return None;
        }
        let here = |actor| {
            mentions
                .iter()
                .filter(move |m| m.actor == actor && sentence.contains(m.span))
        };
        for s in here(source) {
            for t in here(a.target) {
                let (sw, tw) = (self.tree.words_of(s.span), self.tree.words_of(t.span));
                if let Some(link) = self.tree.link(sw, tw, &mut self.path) {
                    return Some(self.describe(link));
                }
            }
        }
        None
    }

    fn describe(&self, link: Link) -> String {
        let word = |w: usize| self.tree.word(w).slice(self.text).to_string();
        match link {
            Link::Argument(p) => format!(
                "source is the subject of \u{201c}{}\u{201d}, target on its object side",
                word(p)
            ),
            Link::Agent(p) => format!(
                "source is the agent (by ...) of the passive \u{201c}{}\u{201d}",
                word(p)
            ),
            Link::Possessor(n) => format!(
                "source is the possessor of \u{201c}{}\u{201d}, target modifies it",
                word(n)
            ),
        }
    }
}

/// The subject-rule dyads of `without` (attributions made with the tree ignored) that `with`
/// (the tree heeded) lacks, per sentence.
pub(crate) fn dropped(
    actors: &ActorSet,
    without: &[Attribution],
    with: &[Attribution],
    sentence: usize,
) -> Vec<DroppedView> {
    let mut out: Vec<DroppedView> = Vec::new();
    for a in without.iter().filter(|a| a.sentence == sentence) {
        let (Rule::Subject, Source::Actor(source)) = (a.rule, a.source) else {
            continue;
        };
        let kept = with.iter().any(|b| {
            b.sentence == sentence
                && b.rule == a.rule
                && b.source == a.source
                && b.target == a.target
        });
        let view = DroppedView {
            source: actors.get(source).id.clone(),
            target: actors.get(a.target).id.clone(),
            rule: a.rule.as_str(),
        };
        let seen = out
            .iter()
            .any(|d| d.source == view.source && d.target == view.target);
        if !kept && !seen {
            out.push(view);
        }
    }
    out
}
