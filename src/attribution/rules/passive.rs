//! Rule `passive`: an agent named after "by" holds a stance toward the actors before it. "Y is
//! backed by X, Z and W" (a passive), "Y came under attack by X", "criticism from X" (a noun of
//! an act or attitude, its agent after "by" or "from"), and the modifier "Egypt-backed Haftar".
//! After a passive aside ("Y, backed by X, shelled Z"), Y is the subject again.

use crate::attribution::emit::Sink;
use crate::attribution::narrative::Clause;
use crate::attribution::reference::Ref;
use crate::attribution::rules::subject::subject_group;
use crate::attribution::scope::{bounded, only_coordinators, LocalScopes};
use crate::attribution::words::{gap_words, is_any};
use crate::attribution::{Rule, Source};
use crate::text::{Span, Token, TokenKind};

/// Conjunctions that join a further agent across a few words ("and later by X").
const CONJUNCTIONS: &[&str] = &["and", "or", "&"];
/// Hyphenated participles that make an actor's name a modifier of support: "Egypt-backed Haftar".
const BACKING_SUFFIXES: &[&str] = &["-backed", "-supported", "-sponsored", "-funded", "-armed"];

/// "Egypt-backed Haftar": the backer backs the actor it modifies and is not the clause's
/// subject, so it leaves `refs`. (Before a word that is no actor, "NATO-backed uprising", it
/// stays in the clause.)
pub(in crate::attribution) fn backing_modifiers(
    clause: &Clause<'_>,
    refs: &mut Vec<Ref>,
    sink: &mut Sink<'_>,
) {
    let text = clause.text;
    // Each ref is asked with the one after it as it stood, since only the backer leaves; the
    // refs that stay are moved down in one pass (removing one at a time would cost the square
    // of a clause's refs).
    let mut kept = 0;
    for k in 0..refs.len() {
        let backer = refs[k];
        let modifies = refs.get(k + 1).is_some_and(|&backed| {
            backer.named.is_some()
                && is_backing_modifier(text, backer.span)
                && gap_words(text, backer.span, backed.span) <= 2
                && !text[backer.span.end..backed.span.start].contains(',')
        });
        if modifies {
            let backed = refs[k + 1];
            // The participle is the cue: "backed Haftar" (the hyphen hides it from the cue lexicon).
            let scope = Span::new(backer.span.end + 1, backed.span.end);
            let a = clause.attribution(
                Source::Actor(backer.actor),
                backed.actor,
                Rule::Passive,
                scope,
            );
            sink.push(a);
        } else {
            refs[kept] = backer;
            kept += 1;
        }
    }
    refs.truncate(kept);
}

/// Passive: "... by X, Y and Z", and its nominal form: "an attack by X", "support from X",
/// but not after a possessive, which names the agent itself: "withdrew his support from X".
/// Returns whether the clause had a passive with agents and targets, which then claims it.
pub(in crate::attribution) fn agents(
    clause: &Clause<'_>,
    body: &[Ref],
    scopes: &mut LocalScopes,
    sink: &mut Sink<'_>,
) -> bool {
    let (text, tokens, scope) = (clause.text, clause.tokens, clause.scope);
    let agent_marker = (1..tokens.len()).find(|&k| {
        let (word, marker) = (tokens[k - 1], tokens[k]);
        word.kind() == TokenKind::Word
            && ((marker.is(text, "by") && ends_in_passive(text, &tokens[..k]))
                || ((marker.is(text, "by") || marker.is(text, "from"))
                    && is_any(word.text(text), STANCE_NOUNS)
                    && !(k >= 2 && is_any(tokens[k - 2].text(text), POSSESSIVES))))
    });
    let Some(k) = agent_marker else {
        return false;
    };
    let at = tokens[k].span().start;
    // What the agent did is the phrase that ends at the marker: after a comma, the words
    // before it are about the target ("X signed the budget, drawing fire from Y").
    let phrase_start = tokens[..k]
        .iter()
        .rposition(|t| t.text(text) == ",")
        .map_or(scope.start, |c| tokens[c].span().end);
    let (before, after) = body.split_at(body.partition_point(|r| r.span.end <= at));
    let after = &after[..agent_count(text, tokens[k].span(), after)];
    if before.is_empty() || after.is_empty() {
        return false;
    }
    let last_agent = after[after.len() - 1].span.end;
    // A phrase set off by a comma after every target ("X visited Moscow, drawing fire
    // from Y"; "X, supported by Y, ...") is about the clause's subject, not the object
    // right before it, and its own words are what the agent did.
    let detached = phrase_start > before[before.len() - 1].span.end;
    let targets = if detached {
        &before[..subject_group(text, before)]
    } else {
        before
    };
    scopes.compute(text, body, scope);
    for s in after {
        for (i, t) in targets.iter().enumerate() {
            let mut scope = scopes.get(i);
            if detached {
                scope = bounded(text, Span::new(phrase_start, last_agent), s.span);
            } else if phrase_start > scope.start && phrase_start < scope.end {
                scope = Span::new(phrase_start, scope.end);
            }
            sink.push(clause.attribution(Source::Actor(s.actor), t.actor, Rule::Passive, scope));
        }
    }
    // "X, supported by Y, repelled Z": the passive was an aside, and after it X is the
    // subject again, of the actors that follow (an attribution of the subject rule).
    let aside = detached && text[last_agent..].trim_start().starts_with(',');
    let rest = before.len() + after.len();
    for (i, t) in body.iter().enumerate().skip(rest).filter(|_| aside) {
        for s in before.iter().filter(|s| clause.related(s.span, t.span)) {
            let a = clause.attribution(
                Source::Actor(s.actor),
                t.actor,
                Rule::Subject,
                scopes.get(i),
            );
            sink.push(a);
        }
    }
    true
}

/// Whether the mention is followed by a hyphenated participle of support ("Egypt-backed").
fn is_backing_modifier(text: &str, mention: Span) -> bool {
    let after = &text.as_bytes()[mention.end..];
    BACKING_SUFFIXES.iter().any(|suffix| {
        after
            .get(..suffix.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(suffix.as_bytes()))
            && after
                .get(suffix.len())
                .is_none_or(|&c| !c.is_ascii_alphanumeric())
    })
}

/// Whether a token looks like a past participle ("backed", "taken").
fn is_participle(text: &str, token: Token) -> bool {
    let word = token.text(text);
    token.kind() == TokenKind::Word
        && word.len() > 3
        && (word.ends_with("ed") || word.ends_with("en"))
}

/// Auxiliaries that make the participle after them a passive.
const PASSIVE_AUXILIARIES: &[&str] = &["was", "were", "is", "are", "been", "be", "being"];

/// Whether a word looks like an adverb of manner ("sharply", "roundly").
fn is_adverb(word: &str) -> bool {
    word.len() > 4 && word.ends_with("ly")
}

/// Whether `tokens`, which stand before a "by", end in a passive: a participle right before it
/// ("backed by"), or after one adverb ("criticized sharply by"), or a few words back when an
/// auxiliary marks it ("was praised later in the meeting by", "were attacked on Sunday by").
/// The auxiliary may have an adverb after it; a comma between participle and "by" ends the
/// phrase.
fn ends_in_passive(text: &str, tokens: &[Token]) -> bool {
    const REACH: usize = 6;
    match tokens {
        [.., last] if is_participle(text, *last) => return true,
        [.., participle, adverb]
            if is_adverb(adverb.text(text)) && is_participle(text, *participle) =>
        {
            return true
        }
        _ => {}
    }
    let from = tokens.len().saturating_sub(REACH);
    for j in (from..tokens.len()).rev() {
        let t = tokens[j];
        if t.text(text) == "," || t.kind() == TokenKind::Quote {
            return false;
        }
        if !is_participle(text, t) || j == 0 {
            continue;
        }
        let before = tokens[j - 1].text(text);
        if is_any(before, PASSIVE_AUXILIARIES)
            || (is_adverb(before)
                && j >= 2
                && is_any(tokens[j - 2].text(text), PASSIVE_AUXILIARIES))
        {
            return true;
        }
    }
    false
}

/// How many of `refs` (the actors after a passive's "by" or "from") are its agents: the
/// first must follow within four words and no comma ("by former Senator X", not "rattled by
/// panic attacks, she told X"), and each next one must be joined to the one before: by
/// [`COORDINATORS`] alone, or within four words of which one is a coordinator ("by Labour MPs
/// and some campaign groups").
fn agent_count(text: &str, marker: Span, refs: &[Ref]) -> usize {
    let near = |from: usize, to: usize, joined: bool| {
        let gap = &text[from..to];
        let words = gap.split_whitespace().count();
        if joined {
            // A conjunction may join a further agent across a few words ("and later by X"); a
            // comma alone may not: in "X, supported by Turkey, repelled Haftar" Haftar is the
            // object of X's verb.
            only_coordinators(gap)
                || (words <= 4 && gap.split_whitespace().any(|w| is_any(w, CONJUNCTIONS)))
        } else {
            words <= 4 && !gap.contains([',', ';', ':'])
        }
    };
    let mut count = 0;
    let mut from = marker.end;
    for r in refs {
        if r.span.start < from || !near(from, r.span.start, count > 0) {
            break;
        }
        count += 1;
        from = r.span.end;
    }
    count
}

/// Nouns of an act or attitude toward someone that name their agent with "by" or "from", as a
/// passive does: "came under attack by X", "criticism from X", "won the backing of ... from X".
const STANCE_NOUNS: &[&str] = &[
    "attack",
    "attacks",
    "assault",
    "criticism",
    "condemnation",
    "denunciation",
    "rebuke",
    "praise",
    "support",
    "backing",
    "endorsement",
    "endorsements",
    "threat",
    "threats",
    "pressure",
    "accusation",
    "accusations",
    "sanctions",
    "invasion",
    "offensive",
    "opposition",
    "fire",
];

/// Possessive determiners: the owner of "his support" is its agent.
const POSSESSIVES: &[&str] = &["his", "her", "its", "their", "our", "my", "your"];
