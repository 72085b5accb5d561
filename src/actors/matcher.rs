//! Finding actor mentions: an Aho-Corasick automaton over a small set of aliases, a table of
//! alias prefixes read word by word over a large one (see `word_prefixes`).
//!
//! The semantics, which the tests check against a naive scan: at each position, the longest alias
//! that starts and ends on a word boundary wins, and matching resumes after it (leftmost-longest,
//! non-overlapping). Text and aliases are folded alike (case, diacritics, apostrophes), except
//! that a short all-capitals alias ("UN", "US") or one marked `=` ("=ISIS") only matches text
//! written in capitals.
//!
//! Why the automaton searches overlapping matches rather than in its own leftmost-longest mode:
//! that mode commits to the longest match at a position before the word-boundary check, so
//! "Haftarists" would hide a valid shorter match that starts at the same place. Collecting every
//! match and choosing after the boundary check is exact and still linear in the text plus the
//! number of matches.

use aho_corasick::{dfa, nfa, MatchKind};

use super::fold::Folded;
use super::scan::find_all;
use super::word_prefixes::{is_word_edge, WordPrefixes};
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
    /// A short acronym (or a marked alias) matches only capitals.
    pub case_sensitive: bool,
}

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
    candidates: Vec<(usize, usize, u32, ActorId)>,
    /// Mentions for [`super::ActorSet::find_known`].
    pub(super) known: Vec<Mention>,
}

/// The compiled aliases.
#[derive(Debug, Clone)]
pub struct ActorMatcher {
    /// In large sets, the aliases that start with a letter or digit: nearly all of them.
    words: WordPrefixes,
    /// The aliases scanned byte by byte: all of them in small sets; in large sets, those that
    /// do not start with a letter or digit ("'oman"), which may start at any word edge.
    scanned: Option<ScannedAliases>,
    patterns: Vec<Pattern>,
}

/// An automaton over some of the aliases.
#[derive(Debug, Clone)]
struct ScannedAliases {
    automaton: ScanAutomaton,
    /// The pattern index of each of its aliases.
    ids: Vec<u32>,
}

/// A DFA for up to [`DFA_MAX_PATTERNS`] aliases; beyond, a DFA takes too long and too much
/// memory to build, and a contiguous NFA does the job.
#[derive(Debug, Clone)]
enum ScanAutomaton {
    Dfa(dfa::DFA),
    Nfa(nfa::contiguous::NFA),
}

/// Up to this many aliases, all are scanned by one DFA.
const DFA_MAX_PATTERNS: usize = 5_000;

/// Whether an alias is an acronym that must match in capitals only.
pub(super) fn is_all_caps(alias: &str) -> bool {
    alias.chars().any(char::is_alphabetic) && !alias.chars().any(char::is_lowercase)
}

/// Most letters an all-capitals alias may have to match capitals only without being marked:
/// short acronyms collide with words ("US" and "us", "UN" and "un", "WHO" and "who"), longer
/// ones rarely do, and newspapers write many of them in title case ("Isis", "Nato"). The
/// Phoenix reader draws the same line.
pub const ACRONYM_MAX_LETTERS: usize = 3;

/// An alias as matched, and whether it matches capitals only: an all-capitals single word of
/// up to [`ACRONYM_MAX_LETTERS`] letters (`UN`, `U.S.`, `GNA`), or any alias marked with a
/// leading `=` (`=ISIS`), which the marker is stripped from.
pub fn capitals_only(written: &str) -> (&str, bool) {
    if let Some(marked) = written.strip_prefix('=') {
        return (marked.trim_start(), true);
    }
    let letters = written.chars().filter(|c| c.is_alphabetic()).count();
    let short_acronym = is_all_caps(written)
        && !written.contains(char::is_whitespace)
        && letters <= ACRONYM_MAX_LETTERS;
    (written, short_acronym)
}

impl ActorMatcher {
    /// Compiles the matcher; `folded_aliases[i]` is the folded form of `patterns[i].alias`.
    pub(super) fn build(patterns: Vec<Pattern>, folded_aliases: &[String]) -> ActorMatcher {
        // A small set compiles to a full DFA: one table lookup per byte of text, faster than
        // hashing every word (about 200 against 140 MiB/s with the bundled lexicon). A large
        // set's DFA takes over a second and 200 MB to build, and its contiguous NFA scans at
        // 50 MiB/s, where the word table reads 85 MiB/s (Phoenix, 34k aliases).
        let small = folded_aliases.len() <= DFA_MAX_PATTERNS;
        let (by_word, scanned): (Vec<_>, Vec<_>) = folded_aliases
            .iter()
            .enumerate()
            .map(|(p, alias)| (p as u32, alias.as_str()))
            .partition(|(_, alias)| !small && WordPrefixes::accepts(alias));
        let scanned = (!scanned.is_empty()).then(|| {
            let (ids, aliases): (Vec<u32>, Vec<&str>) = scanned.into_iter().unzip();
            // No prefilter: `scan::find_all` does not use one, and with it the start state
            // would count as special and stop the scan at every byte. ASCII case is ignored so
            // that ASCII text can be read without folding it; folded text has none.
            let automaton = if aliases.len() <= DFA_MAX_PATTERNS {
                ScanAutomaton::Dfa(
                    dfa::Builder::new()
                        .match_kind(MatchKind::Standard)
                        .ascii_case_insensitive(true)
                        .prefilter(false)
                        .build(aliases)
                        .expect("alias DFA fits in memory"),
                )
            } else {
                ScanAutomaton::Nfa(
                    nfa::contiguous::Builder::new()
                        .match_kind(MatchKind::Standard)
                        .ascii_case_insensitive(true)
                        .prefilter(false)
                        .build(aliases)
                        .expect("alias automaton fits in memory"),
                )
            };
            ScannedAliases { automaton, ids }
        });
        ActorMatcher {
            words: WordPrefixes::build(by_word),
            scanned,
            patterns,
        }
    }

    /// The lexicon entry of pattern `p`.
    pub(super) fn entry_of(&self, p: u32) -> u32 {
        self.patterns[p as usize].entry
    }

    /// The alias text of pattern `p`.
    pub fn alias(&self, p: u32) -> &str {
        &self.patterns[p as usize].alias
    }

    /// The lexicon entry pattern `p` names (resolve it with [`super::ActorSet::resolve`]).
    pub fn entry(&self, p: u32) -> u32 {
        self.patterns[p as usize].entry
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
        // For ASCII, folding is lowercasing, which the automaton does itself: text that only
        // the automaton reads needs no folded copy (a long document's copy is megabytes).
        let as_is = self.words.is_empty() && text.is_ascii();
        let folded = &mut scratch.folded;
        let hay = if as_is {
            folded.stand_in_for_ascii(text);
            text
        } else {
            folded.fill(text);
            folded.text.as_str()
        };
        let candidates = &mut scratch.candidates;
        candidates.clear();
        let mut consider = |s: usize, e: usize, p: u32| {
            if !(folded.is_char_edge(s) && folded.is_char_edge(e)) {
                return;
            }
            let (os, oe) = (folded.origin_start(s), folded.origin_start(e));
            let pattern = &self.patterns[p as usize];
            if pattern.case_sensitive && text[os..oe].chars().any(char::is_lowercase) {
                return;
            }
            if let Some(actor) = resolve(pattern.entry) {
                candidates.push((os, oe, p, actor));
            }
        };
        self.words
            .find(hay, |m| consider(m.start, m.end, m.pattern));
        if let Some(scanned) = &self.scanned {
            let mut found = |s: usize, e: usize, p: aho_corasick::PatternID| {
                if is_word_edge(hay, s) && is_word_edge(hay, e) {
                    consider(s, e, scanned.ids[p.as_usize()]);
                }
            };
            match &scanned.automaton {
                ScanAutomaton::Dfa(a) => find_all(a, hay.as_bytes(), &mut found),
                ScanAutomaton::Nfa(a) => find_all(a, hay.as_bytes(), &mut found),
            }
        }
        // Leftmost first, then longest.
        candidates.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut next_free = 0;
        for &(s, e, p, actor) in candidates.iter() {
            if s >= next_free {
                out.push(Mention {
                    actor,
                    span: Span::new(s, e),
                    pattern: p,
                });
                next_free = e;
            }
        }
    }
}
