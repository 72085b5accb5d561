//! Where every rule's attributions go: one place that drops the reflexive, the within-group
//! and the repeated, so no rule has to.

use crate::actors::{ActorId, ActorSet};

use super::{Attribution, Rule, Source};

/// The (source, target, rule) triples already given in the current sentence.
pub(super) type Seen = rustc_hash::FxHashSet<(Source, ActorId, Rule)>;

/// Adds an attribution unless it is reflexive, within one group, or already in this sentence.
pub(super) fn push_unique(
    actors: &ActorSet,
    out: &mut Vec<Attribution>,
    seen: &mut Seen,
    a: Attribution,
) {
    if let Source::Actor(s) = a.source {
        if s == a.target || actors.belongs_to(s, a.target) || actors.belongs_to(a.target, s) {
            return;
        }
    }
    if seen.insert((a.source, a.target, a.rule)) {
        out.push(a);
    }
}

/// Where the clause rules put their attributions: the document's list, through the checks of
/// [`push_unique`].
pub(super) struct Sink<'o> {
    pub(super) actors: &'o ActorSet,
    pub(super) out: &'o mut Vec<Attribution>,
    pub(super) seen: &'o mut Seen,
}

impl Sink<'_> {
    /// Adds `a` unless it is reflexive, within one group, or already in this sentence.
    pub(super) fn push(&mut self, a: Attribution) {
        push_unique(self.actors, self.out, self.seen, a);
    }
}
