//! Finding actor mentions with one Aho-Corasick automaton over all aliases.
//!
//! The semantics, which the tests check against a naive scan: at each position, the longest alias
//! that starts and ends on a word boundary wins, and matching resumes after it (leftmost-longest,
//! non-overlapping). Text and aliases are folded alike (case, diacritics, apostrophes), except
//! that an all-capitals alias ("UN", "US") only matches text written in capitals.
//!
//! Why overlapping search rather than the automaton's own leftmost-longest mode: that mode commits
//! to the longest match at a position before the word-boundary check, so "Haftarists" would hide a
//! valid shorter match that starts at the same place. Collecting every match and choosing after
//! the boundary check is exact and still linear in the text plus the number of matches.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::fold::Folded;
use super::ActorId;
use crate::text::Span;

/// One alias pattern of the automaton.
#[derive(Debug, Clone)]
pub(super) struct Pattern {
    /// The lexicon entry the alias names; the entry resolves to an actor (by date, for
    /// dictionaries with dated roles).
    pub entry: u32,
    /// The alias as written in the lexicon.
    pub alias: String,
    /// An all-capitals alias matches only capitals.
    pub case_sensitive: bool,
}

/// Up to this many aliases the matcher is compiled to a DFA.
const DFA_MAX_PATTERNS: usize = 5_000;

/// A mention of an actor in a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    /// Who is mentioned.
    pub actor: ActorId,
    /// Where, in the original text.
    pub span: Span,
    /// Which alias matched (an index into the matcher's patterns).
    pub pattern: u32,
}

/// Reusable buffers for [`ActorMatcher::find`].
#[derive(Debug, Default)]
pub struct MatchScratch {
    folded: Folded,
    candidates: Vec<(usize, usize, u32)>,
}

/// The compiled alias automaton.
#[derive(Debug, Clone)]
pub struct ActorMatcher {
    automaton: AhoCorasick,
    patterns: Vec<Pattern>,
}

/// Whether an alias is an acronym that must match in capitals only.
pub(super) fn is_all_caps(alias: &str) -> bool {
    alias.chars().any(char::is_alphabetic) && !alias.chars().any(char::is_lowercase)
}

impl ActorMatcher {
    /// Compiles the automaton; `folded_aliases[i]` is the folded form of `patterns[i].alias`.
    pub(super) fn build(patterns: Vec<Pattern>, folded_aliases: &[String]) -> ActorMatcher {
        // A full DFA costs one table lookup per byte, and every byte of the corpus passes through
        // here; it made the whole pipeline a third faster with the bundled lexicon. For large
        // dictionaries it takes too long to build (over a second and 200 MB for Phoenix's 34k
        // aliases), so those keep the contiguous NFA.
        let kind = (folded_aliases.len() <= DFA_MAX_PATTERNS).then_some(AhoCorasickKind::DFA);
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(kind)
            .build(folded_aliases)
            .expect("alias automaton fits in memory");
        ActorMatcher {
            automaton,
            patterns,
        }
    }

    /// The alias text of pattern `p`.
    pub fn alias(&self, p: u32) -> &str {
        &self.patterns[p as usize].alias
    }

    /// Number of alias patterns.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Appends the mentions in `text` to `out`, in text order; `resolve` turns a lexicon entry
    /// into the actor it stands for here (`None`: no role at this date, not a mention).
    pub fn find(
        &self,
        text: &str,
        resolve: impl Fn(u32) -> Option<ActorId>,
        scratch: &mut MatchScratch,
        out: &mut Vec<Mention>,
    ) {
        let folded = &mut scratch.folded;
        folded.fill(text);
        let hay = folded.text.as_str();
        let candidates = &mut scratch.candidates;
        candidates.clear();
        for m in self.automaton.find_overlapping_iter(hay) {
            let (s, e) = (m.start(), m.end());
            if !(folded.is_char_edge(s) && folded.is_char_edge(e)) {
                continue;
            }
            if !is_word_edge(hay, s) || !is_word_edge(hay, e) {
                continue;
            }
            let p = m.pattern().as_u32();
            let (os, oe) = (folded.origin_start(s), folded.origin_start(e));
            if self.patterns[p as usize].case_sensitive
                && text[os..oe].chars().any(char::is_lowercase)
            {
                continue;
            }
            if resolve(self.patterns[p as usize].entry).is_some() {
                candidates.push((os, oe, p));
            }
        }
        // Leftmost first, then longest.
        candidates.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut next_free = 0;
        for &(s, e, p) in candidates.iter() {
            if s >= next_free {
                out.push(Mention {
                    actor: resolve(self.patterns[p as usize].entry).expect("checked above"),
                    span: Span::new(s, e),
                    pattern: p,
                });
                next_free = e;
            }
        }
    }
}

/// Whether byte `i` of the folded text sits between a word character and a non-word character
/// (or the text's edge): no letter or digit on both sides.
fn is_word_edge(hay: &str, i: usize) -> bool {
    let before = hay[..i].chars().next_back();
    let after = hay[i..].chars().next();
    !(before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric))
}
