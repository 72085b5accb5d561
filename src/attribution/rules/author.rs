//! Rule `author`: the text's own voice (`@author`) toward each actor it names outside quotes,
//! scored on that actor's words of the clause; when the actor is reported speaking ("X said
//! (that) ..."), only up to the speech verb, since what follows is X's words, not the text's
//! tone toward X.

use crate::attribution::emit::Sink;
use crate::attribution::narrative::Clause;
use crate::attribution::quotes::is_speech_verb;
use crate::attribution::reference::Ref;
use crate::attribution::scope::LocalScopes;
use crate::attribution::{Rule, Source};
use crate::text::{Span, Token, TokenKind};

/// `@author` toward each of `refs` from index `from` on (an earlier speaker kept as the
/// clause's subject is left out, as every speaker is).
pub(in crate::attribution) fn attribute(
    clause: &Clause<'_>,
    refs: &[Ref],
    from: usize,
    scopes: &mut LocalScopes,
    sink: &mut Sink<'_>,
) {
    scopes.compute(clause.text, refs, clause.scope);
    for (i, r) in refs.iter().enumerate().skip(from) {
        let mut scope = scopes.get(i);
        if let Some(verb_end) = reported_speech_of(clause.text, clause.tokens, r.span) {
            // "X said (that) ...": what follows is X's words, not the text's tone toward X.
            scope.end = scope.end.min(verb_end).max(scope.start);
        }
        sink.push(clause.attribution(Source::Author, r.actor, Rule::Author, scope));
    }
}

/// Where the speech verb ends when the actor at `mention` is reported speaking: "X said",
/// "X has told reporters", "X on Sunday said" (up to three words between).
fn reported_speech_of(text: &str, tokens: &[Token], mention: Span) -> Option<usize> {
    let next = tokens.partition_point(|t| t.span().start < mention.end);
    tokens[next..]
        .iter()
        .take(4)
        .take_while(|t| t.kind() == TokenKind::Word)
        .find(|t| is_speech_verb(t.text(text)) && !t.is(text, "according"))
        .map(|t| t.span().end)
}
