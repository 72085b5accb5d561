//! Stage: relation. Whether the words between a source and a target say that one acts on,
//! speaks of or stands toward the other: "Serraj *accused* Haftar", "Egypt *hosted* envoys from
//! Qatar", "Serraj *said* that Turkey ...". Two actors that only stand in one clause ("Turkish
//! troops in Syria", "violence in Libya drove prices up") are no stance of one toward the other.
//!
//! A relation is a cue of the cue lexicon (the scorers' own, so `--cues` counts too), a speech
//! verb, or a word of [`RELATION_LEMMAS`]: political-relation verbs and nouns written from
//! general knowledge (not read off any evaluation set), matched in their inflections.

use crate::scorers::cues::CueLexicon;
use crate::text::{Span, Token, TokenKind};

use super::quotes::is_speech_verb;

/// Verbs and nouns of acts and attitudes between actors, as lemmas: a word of the text is
/// matched in its regular inflections (`s`, `es`, `ed`, `d`, `ing`, a final `e` or `y`
/// dropped), so "accuse" matches "accused" and "accusing", "ally" matches "allied". Irregular
/// forms are listed as their own lemmas ("met", "fought", "sent").
#[rustfmt::skip]
pub(super) const RELATION_LEMMAS: &[&str] = &[
    // Disapproval, accusation, rejection, threat.
    "accuse", "accusation", "blame", "condemn", "condemnation", "criticise", "criticize",
    "criticism", "critic", "denounce", "deplore", "rebuke", "reprimand", "slam", "blast", "attack",
    "assail", "reject", "rebuff", "snub", "dismiss", "oppose", "opposition", "defy", "resist",
    "challenge", "confront", "dispute", "threaten", "threat", "warn", "warning", "ultimatum",
    "demand", "sanction", "embargo", "boycott", "ban", "suspend", "sever", "expel", "expulsion",
    "recall", "summon", "protest", "insult", "mock", "ridicule", "question", "distrust", "mistrust",
    "sue", "charge", "indict", "prosecute", "investigate", "probe", "punish", "retaliate",
    "retaliation", "veto", "block", "obstruct", "undermine", "betray", "spy", "hack", "interfere",
    "interference", "meddle", "meddling",
    // Force.
    "fight", "fought", "war", "invade", "invasion", "bomb", "strike", "struck", "airstrike",
    "shell", "target", "kill", "wound", "assassinate", "raid", "ambush", "besiege", "siege",
    "occupy", "occupation", "seize", "capture", "arrest", "detain", "jail", "imprison", "kidnap",
    "abduct", "execute", "torture", "stab", "murder", "massacre", "repel", "defeat", "beat",
    "overthrow", "topple", "oust", "clash", "offensive", "assault", "shoot", "shot", "fire", "hit",
    "destroy", "battle", "push", "advance", "retake", "recapture", "liberate",
    // Support, cooperation, help.
    "support", "back", "backing", "endorse", "endorsement", "praise", "hail", "commend", "laud",
    "applaud", "thank", "congratulate", "welcome", "embrace", "defend", "protect", "ally",
    "alliance", "partner", "partnership", "friend", "friendship", "side", "join", "cooperate",
    "cooperation", "coordinate", "help", "aid", "assist", "assistance", "fund", "finance", "arm",
    "train", "equip", "supply", "provide", "send", "sent", "deploy", "deliver", "donate", "offer",
    "grant", "give", "gave", "given", "sell", "sold", "buy", "bought", "trade", "invest", "lend",
    "lent", "loan", "rescue", "evacuate", "release", "free", "pardon", "forgive", "reconcile",
    "reconciliation", "recognise", "recognize", "recognition", "appoint", "nominate", "elect",
    "invite", "invitation",
    // Contact, talks, agreements, pressure.
    "meet", "met", "meeting", "visit", "host", "receive", "greet", "talk", "negotiate",
    "negotiation", "mediate", "mediation", "broker", "summit", "dialogue", "agree", "agreement",
    "deal", "pact", "treaty", "accord", "sign", "signed", "truce", "ceasefire", "tie", "relation",
    "relationship", "rivalry", "rival", "tension", "conflict", "urge", "call", "ask", "press",
    "pressure", "pressed", "lobby", "persuade", "convince", "court", "woo", "assure", "reassure",
    "promise", "pledge", "vow", "hand", "extradite", "deport", "apologise", "apologize", "inform",
    "brief", "contact", "phone", "approach", "engage", "cut",
];

/// Whether `word` is `lemma` or one of its regular inflections (ASCII case ignored).
fn inflects(word: &str, lemma: &str) -> bool {
    let (w, l) = (word.as_bytes(), lemma.as_bytes());
    if w.len() < l.len().saturating_sub(1) {
        return false;
    }
    let eq = |a: &[u8], b: &[u8]| a.eq_ignore_ascii_case(b);
    let suffix_of = |stem: &[u8]| -> Option<&[u8]> {
        (w.len() >= stem.len() && eq(&w[..stem.len()], stem)).then(|| &w[stem.len()..])
    };
    let regular = |rest: &[u8]| {
        [
            &b""[..],
            b"s",
            b"es",
            b"ed",
            b"d",
            b"ing",
            b"ning",
            b"ned",
            b"ting",
            b"ted",
        ]
        .iter()
        .any(|s| eq(rest, s))
    };
    // "stabbed", "targeting": a doubled last consonant before -ed or -ing.
    let doubled = |rest: &[u8]| {
        rest.split_first().is_some_and(|(c, tail)| {
            l.last().is_some_and(|last| c.eq_ignore_ascii_case(last))
                && (eq(tail, b"ed") || eq(tail, b"ing"))
        })
    };
    if suffix_of(l).is_some_and(|rest| regular(rest) || doubled(rest)) {
        return true;
    }
    match l.last() {
        // "accuse" -> "accusing"; "ally" -> "allied", "allies".
        Some(b'e') => suffix_of(&l[..l.len() - 1]).is_some_and(|r| eq(r, b"ing")),
        Some(b'y') => suffix_of(&l[..l.len() - 1]).is_some_and(|r| eq(r, b"ied") || eq(r, b"ies")),
        _ => false,
    }
}

/// Whether `word` inflects one of [`RELATION_LEMMAS`]. Asked of every word between two actors:
/// only the lemmas that share its first letter are compared (an index built once).
fn is_relation_lemma_form(word: &str) -> bool {
    static BY_LETTER: std::sync::OnceLock<[Vec<&'static str>; 26]> = std::sync::OnceLock::new();
    let index = BY_LETTER.get_or_init(|| {
        let mut index: [Vec<&'static str>; 26] = Default::default();
        for lemma in RELATION_LEMMAS {
            index[usize::from(lemma.as_bytes()[0] - b'a')].push(lemma);
        }
        index
    });
    let Some(&first) = word.as_bytes().first() else {
        return false;
    };
    let letter = usize::from(first.to_ascii_lowercase().wrapping_sub(b'a'));
    index
        .get(letter)
        .is_some_and(|lemmas| lemmas.iter().any(|l| inflects(word, l)))
}

/// Whether the words strictly between `source` and `target` (in either order) hold a relation:
/// a relation word, a speech verb, or a cue of `cues`.
pub(super) fn related(
    text: &str,
    tokens: &[Token],
    cues: &CueLexicon,
    source: Span,
    target: Span,
) -> bool {
    let (from, to) = if source.end <= target.start {
        (source.end, target.start)
    } else {
        (target.end, source.start.max(target.end))
    };
    let first = tokens.partition_point(|t| t.span().start < from);
    let between = &tokens[first..];
    let between = &between[..between.partition_point(|t| t.span().end <= to)];
    for (k, t) in between.iter().enumerate() {
        let word = t.text(text);
        if t.kind() != TokenKind::Word {
            continue;
        }
        if is_relation_lemma_form(word) {
            return true;
        }
        // "X is losing ground, says Y's correspondent": a speech verb after a comma and right
        // before the later actor (two words at most between) turns to that speaker, and is no
        // relation of the actor before ("Serraj said Turkey ..." and "Serraj, the head of the
        // GNA, said on Monday that Turkey ..." are).
        let inverted = k
            .checked_sub(1)
            .is_some_and(|j| between[j].text(text) == "," || between[j].kind() == TokenKind::Quote)
            && between.len() - k - 1 <= 2;
        if is_speech_verb(word) && !inverted {
            return true;
        }
    }
    cues.evidence(&text[from..to]).count > 0
}

/// Prepositions of place: an actor after them ("killed in Syria", "in northern Syria") is where
/// something happens, not whom it is done to.
const PLACE_PREPOSITIONS: &[&str] = &["in", "inside", "across", "throughout", "within"];

/// Whether the mention at `target` is a place: a preposition of place stands before it, with at
/// most "the" and two lowercase words between ("in war-torn Syria", "in the north of").
pub(super) fn is_place(text: &str, tokens: &[Token], target: Span) -> bool {
    let at = tokens.partition_point(|t| t.span().end <= target.start);
    for t in tokens[..at].iter().rev().take(3) {
        let w = t.text(text);
        if t.kind() != TokenKind::Word {
            return false;
        }
        if PLACE_PREPOSITIONS.iter().any(|p| p.eq_ignore_ascii_case(w)) {
            return true;
        }
        if !w.starts_with(|c: char| c.is_lowercase()) {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every lemma is lower-case ASCII (the index is by first letter), and is found through it.
    #[test]
    fn every_lemma_is_found_through_the_index() {
        for lemma in RELATION_LEMMAS {
            assert!(lemma.bytes().all(|b| b.is_ascii_lowercase()), "{lemma}");
            assert!(is_relation_lemma_form(lemma), "{lemma}");
        }
    }

    #[test]
    fn lemmas_match_their_inflections_only() {
        for (word, lemma) in [
            ("accused", "accuse"),
            ("accusing", "accuse"),
            ("Accuses", "accuse"),
            ("allied", "ally"),
            ("allies", "ally"),
            ("backed", "back"),
            ("talks", "talk"),
            ("hosted", "host"),
            ("targeting", "target"),
        ] {
            assert!(inflects(word, lemma), "{word} {lemma}");
        }
        for (word, lemma) in [
            ("background", "back"),
            ("hostile", "host"),
            ("targets.", "target"),
            ("ban", "bank"),
            ("sidewalk", "side"),
        ] {
            assert!(!inflects(word, lemma), "{word} {lemma}");
        }
    }

    #[test]
    fn relation_words_are_verbs_and_nouns_of_relations() {
        let is_relation_word = is_relation_lemma_form;
        for w in [
            "condemned",
            "met",
            "sanctions",
            "warned",
            "urging",
            "stabbed",
            "allied",
        ] {
            assert!(is_relation_word(w), "{w}");
        }
        for w in [
            "in", "the", "troops", "prices", "economy", "Monday", "drove", "said",
        ] {
            assert!(!is_relation_word(w), "{w}");
        }
    }
}
