//! Rule `quote`: a quotation with a speaker (found by the `speakers` stage, or made from
//! reported speech by `reported_speech`) is the speaker's stance toward every actor named
//! inside it, each scored on its own words of the quote, in the speaker's own voice.

use crate::actors::ActorId;
use crate::attribution::emit::push_unique;
use crate::attribution::narrative::{ClauseBuffers, SentenceContext};
use crate::attribution::scope::refs_within;
use crate::attribution::{Attribution, Rule, Source, Voice};
use crate::text::Span;

/// The speaker's attributions toward the actors in `part`, the piece of a quotation that lies
/// in the sentence at hand.
pub(in crate::attribution) fn attribute(
    cx: &SentenceContext<'_, '_>,
    speaker: ActorId,
    part: Span,
    buffers: &mut ClauseBuffers,
    out: &mut Vec<Attribution>,
) {
    let inside = refs_within(cx.refs, part);
    let (scopes, seen) = (&mut buffers.scopes, &mut buffers.seen);
    scopes.compute(cx.view.text, inside, part);
    for (i, r) in inside.iter().enumerate() {
        push_unique(
            cx.view.actors,
            out,
            seen,
            Attribution {
                sentence: cx.index,
                source: Source::Actor(speaker),
                target: r.actor,
                rule: Rule::Quote,
                scope: scopes.get(i),
                voice: Voice::Own,
            },
        );
    }
}
