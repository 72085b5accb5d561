//! Every match of an Aho-Corasick automaton in a text (overlapping semantics), found by
//! several interleaved scans.
//!
//! Why not the crate's own overlapping iterator: a DFA scan is one chain of dependent table
//! loads, one per byte, and with the bundled lexicon the table is larger than the L1 cache, so
//! the CPU waits on each load in turn (perf put 75% of the scan on that one load). Cutting the
//! text into lanes that are scanned in lockstep gives the CPU independent loads to overlap.
//!
//! Each lane starts from the unanchored start state at its first byte, so it finds exactly the
//! matches that start in it or later; it reads on past its end by the longest pattern, less one
//! byte, to finish the matches that start inside it, and keeps only those.

use std::ops::Range;

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, PatternID};

/// Scans in lockstep. Four lanes keep four loads in flight, and four overlaps of a pattern's
/// length cost little on a news article. (The scan loop names four states.)
const LANES: usize = 4;

/// Texts shorter than this many times the longest pattern are scanned in one lane: the overlap
/// would be a large share of the work.
const MIN_LANE_PATTERNS: usize = 4;

/// Calls `found(start, end, pattern)` for every occurrence of every pattern of `automaton` in
/// `hay`, in no particular order. The automaton must be unanchored with `MatchKind::Standard`.
pub(super) fn find_all<A: Automaton>(
    automaton: &A,
    hay: &[u8],
    mut found: impl FnMut(usize, usize, PatternID),
) {
    let start = automaton
        .start_state(Anchored::No)
        .expect("the automaton is built unanchored");
    let overlap = automaton.max_pattern_len().saturating_sub(1);
    let lane_len = hay.len().div_ceil(LANES);
    if lane_len < MIN_LANE_PATTERNS * automaton.max_pattern_len().max(1) {
        scan_lane(
            automaton,
            hay,
            start,
            0..hay.len(),
            &(0..hay.len()),
            &mut found,
        );
        return;
    }
    // Lane k owns the matches that start in owned[k] and reads read[k].
    let owned: [Range<usize>; LANES] =
        std::array::from_fn(|k| k * lane_len..((k + 1) * lane_len).min(hay.len()));
    let read: [Range<usize>; LANES] =
        std::array::from_fn(|k| owned[k].start..(owned[k].end + overlap).min(hay.len()));
    let common = read.iter().map(|r| r.len()).min().unwrap_or(0);
    let lane = |k: usize| &hay[read[k].start..read[k].start + common];
    // Four named states, not an array indexed in the loop, so that they stay in registers.
    let [mut s0, mut s1, mut s2, mut s3] = [start; LANES];
    let bytes = lane(0).iter().zip(lane(1)).zip(lane(2)).zip(lane(3));
    for (i, (((&b0, &b1), &b2), &b3)) in bytes.enumerate() {
        s0 = automaton.next_state(Anchored::No, s0, b0);
        s1 = automaton.next_state(Anchored::No, s1, b1);
        s2 = automaton.next_state(Anchored::No, s2, b2);
        s3 = automaton.next_state(Anchored::No, s3, b3);
        for (k, state) in [s0, s1, s2, s3].into_iter().enumerate() {
            if automaton.is_special(state) {
                report(
                    automaton,
                    state,
                    read[k].start + i + 1,
                    &owned[k],
                    &mut found,
                );
            }
        }
    }
    for (k, state) in [s0, s1, s2, s3].into_iter().enumerate() {
        let rest = read[k].start + common..read[k].end;
        scan_lane(automaton, hay, state, rest, &owned[k], &mut found);
    }
}

/// Scans `hay[range]` from `state`, reporting the matches that end there and start in `owned`.
fn scan_lane<A: Automaton>(
    automaton: &A,
    hay: &[u8],
    mut state: aho_corasick::automaton::StateID,
    range: Range<usize>,
    owned: &Range<usize>,
    found: &mut impl FnMut(usize, usize, PatternID),
) {
    for at in range {
        state = automaton.next_state(Anchored::No, state, hay[at]);
        if automaton.is_special(state) {
            report(automaton, state, at + 1, owned, found);
        }
    }
}

/// Reports the matches of `state`, which ends at `end`, that start in `owned`. Out of line:
/// most bytes reach no match, and the scan loop keeps its registers.
#[inline(never)]
fn report<A: Automaton>(
    automaton: &A,
    state: aho_corasick::automaton::StateID,
    end: usize,
    owned: &Range<usize>,
    found: &mut impl FnMut(usize, usize, PatternID),
) {
    if !automaton.is_match(state) {
        return;
    }
    for i in 0..automaton.match_len(state) {
        let pattern = automaton.match_pattern(state, i);
        let start = end - automaton.pattern_len(pattern);
        if owned.contains(&start) {
            found(start, end, pattern);
        }
    }
}

#[cfg(test)]
mod tests {
    use aho_corasick::{dfa, nfa, AhoCorasick, MatchKind};
    use proptest::prelude::*;

    const PATTERNS: &[&str] = &["ab", "abc", "bca", "c", "cab abc", "a a a", "bb"];

    fn sorted(mut found: Vec<(usize, usize, usize)>) -> Vec<(usize, usize, usize)> {
        found.sort_unstable();
        found
    }

    /// The crate's own overlapping search: the reference.
    fn reference(hay: &str) -> Vec<(usize, usize, usize)> {
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(PATTERNS)
            .unwrap();
        let found = automaton.find_overlapping_iter(hay);
        sorted(
            found
                .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
                .collect(),
        )
    }

    fn lanes<A: aho_corasick::automaton::Automaton>(
        automaton: &A,
        hay: &str,
    ) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        super::find_all(automaton, hay.as_bytes(), |s, e, p| {
            found.push((s, e, p.as_usize()))
        });
        sorted(found)
    }

    proptest! {
        // Texts long enough for four lanes, from an alphabet dense in matches, so that many
        // matches straddle the lane ends.
        #[test]
        fn lanes_find_what_the_crate_finds(hay in "[abc ]{0,400}") {
            let dfa = dfa::Builder::new()
                .match_kind(MatchKind::Standard)
                .prefilter(false)
                .build(PATTERNS)
                .unwrap();
            let nfa = nfa::contiguous::Builder::new()
                .match_kind(MatchKind::Standard)
                .prefilter(false)
                .build(PATTERNS)
                .unwrap();
            let expected = reference(&hay);
            prop_assert_eq!(&lanes(&dfa, &hay), &expected);
            prop_assert_eq!(&lanes(&nfa, &hay), &expected);
        }
    }
}
