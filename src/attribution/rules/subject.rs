//! Rule `subject`: the first actor of a clause, with the actors coordinated with it ("Turkey
//! and Qatar"), holds a stance toward each other actor of the clause, each scored on its own
//! words. "GNA leader Serraj" is Serraj: an apposition upgrades the subject to the member
//! named after its group.

use crate::attribution::emit::Sink;
use crate::attribution::narrative::Clause;
use crate::attribution::reference::Ref;
use crate::attribution::scope::{coordinated, LocalScopes};
use crate::attribution::words::gap_words;
use crate::attribution::{Rule, Source};

/// The subject's attributions toward the other actors of `body` (the clause's actors after any
/// introductory phrase, at least two); returns the subject, which a following clause that
/// leaves its own out goes on with.
pub(in crate::attribution) fn attribute(
    clause: &Clause<'_>,
    body: &[Ref],
    scopes: &mut LocalScopes,
    sink: &mut Sink<'_>,
) -> Ref {
    let text = clause.text;
    scopes.compute(text, body, clause.scope);
    // Subject: the first actor, upgraded through an apposition ("GNA leader Serraj" is Serraj),
    // plus the actors coordinated with it.
    let mut head = 0;
    while head + 1 < body.len()
        && sink
            .actors
            .belongs_to(body[head + 1].actor, body[head].actor)
        && gap_words(text, body[head].span, body[head + 1].span) <= 3
        && !text[body[head].span.end..body[head + 1].span.start].contains(',')
    {
        head += 1;
    }
    let subjects = head + subject_group(text, &body[head..]);
    for s in &body[head..subjects] {
        for (i, t) in body.iter().enumerate().skip(subjects) {
            if !clause.related(s.span, t.span) {
                continue;
            }
            sink.push(clause.attribution(
                Source::Actor(s.actor),
                t.actor,
                Rule::Subject,
                scopes.get(i),
            ));
        }
    }
    body[head]
}

/// How many of `refs` form the group that opens them: the first and those coordinated with it
/// ("Turkey and Qatar").
pub(in crate::attribution) fn subject_group(text: &str, refs: &[Ref]) -> usize {
    1 + refs
        .windows(2)
        .take_while(|pair| coordinated(text, pair[0].span, pair[1].span))
        .count()
}
