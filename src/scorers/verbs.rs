//! Verb-pattern cues: PETRARCH's verb dictionary beside the cue lexicon.
//!
//! A dictionary verb in a scope whose pattern (or default) gives a CAMEO code counts as one
//! more cue, weighted as the bundled cues are: the code's Goldstein value / 10. Codes rated 0
//! ("said", "met": CAMEO 010, 040) are no relation cue and are left out, so that neutral verbs do
//! not pull every scope's conflict mean toward 0. A negator within three words before the verb
//! turns the cue around as it turns a lexicon cue (scaled by -0.74). The matcher sees words,
//! not a parse: a noun spelled as a verb form ("the attack") counts as the verb.

use std::cell::RefCell;

use super::cues::CueEvidence;
use crate::text::{tokenize, Span, Token};
use crate::verbs::matcher::MatchScratch;
use crate::verbs::{GoldsteinScale, VerbDictionary, VerbMatch, WordId};

/// Words that turn a verb cue around when they stand within three words before it.
const NEGATORS: &[&str] = &[
    "not", "never", "no", "without", "refused", "refuses", "refuse", "refusing", "cannot", "nor",
    "declined", "declines", "failed", "fails", "n't",
];

/// As for the cue lexicon (VADER's `N_SCALAR`).
const NEGATION_SCALAR: f64 = -0.74;

/// A CAMEO code small enough to travel in a `Copy` reading (codes have at most 4 digits; a
/// longer code from a user's dictionary is not kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cameo {
    bytes: [u8; 7],
    len: u8,
}

impl Cameo {
    /// The code, if it fits.
    pub fn new(code: &str) -> Option<Cameo> {
        let mut bytes = [0; 7];
        bytes
            .get_mut(..code.len())?
            .copy_from_slice(code.as_bytes());
        Some(Cameo {
            bytes,
            len: code.len() as u8,
        })
    }

    /// The code as written in the dictionary.
    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("")
    }
}

/// A verb dictionary with the Goldstein scale that weighs its codes.
#[derive(Debug, Clone)]
pub struct VerbCues {
    dict: VerbDictionary,
    scale: GoldsteinScale,
}

#[derive(Default)]
struct Scratch {
    tokens: Vec<Token>,
    ids: Vec<WordId>,
    lower: String,
    matches: Vec<VerbMatch>,
    matcher: MatchScratch,
}

thread_local! {
    /// Buffers reused by every scope a thread reads: no allocation per word.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

impl VerbCues {
    /// The dictionary and the scale.
    pub fn new(dict: VerbDictionary, scale: GoldsteinScale) -> VerbCues {
        VerbCues { dict, scale }
    }

    /// The dictionary.
    pub fn dictionary(&self) -> &VerbDictionary {
        &self.dict
    }

    /// Adds the verb cues of `scope` to `evidence`; the code of the strongest one.
    pub fn read(&self, scope: &str, evidence: &mut CueEvidence) -> Option<Cameo> {
        SCRATCH.with(|cell| {
            let mut guard = cell.borrow_mut();
            let s = &mut *guard;
            s.tokens.clear();
            tokenize(scope, Span::new(0, scope.len()), &mut s.tokens);
            let tokens = &s.tokens;
            self.dict.word_ids(
                tokens.iter().map(|t| t.text(scope)),
                &mut s.lower,
                &mut s.ids,
            );
            self.dict.scan(&s.ids, &mut s.matcher, &mut s.matches);
            let mut strongest: Option<(f64, Cameo)> = None;
            for m in &s.matches {
                let Some(code) = m.code(&self.dict) else {
                    continue;
                };
                let Some(goldstein) = self.scale.weight(code).filter(|w| *w != 0.0) else {
                    continue;
                };
                let negated = tokens[m.start.saturating_sub(3)..m.start]
                    .iter()
                    .any(|t| NEGATORS.iter().any(|n| t.is(scope, n)));
                let mut weight = goldstein / 10.0;
                if negated {
                    weight *= NEGATION_SCALAR;
                }
                evidence.count += 1;
                evidence.sum += weight;
                evidence.strength += weight.signum() * weight.abs().sqrt();
                if strongest.is_none_or(|(w, _)| weight.abs() > w) {
                    if let Some(cameo) = Cameo::new(code) {
                        strongest = Some((weight.abs(), cameo));
                    }
                }
            }
            strongest.map(|(_, cameo)| cameo)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verbs::reader;

    fn cues() -> VerbCues {
        let dict = reader::parse(
            "v.txt",
            "--- ACCUSE [112] ---\nACCUSE\n- * (OF TORTURE) [1122]\n--- SAY [010] ---\nSAY {SAID SAYING SAYS}\n",
        )
        .unwrap();
        let scale = GoldsteinScale::parse("g.tsv", "112\t-2.0\n1122\t-3.0\n010\t0.0\n").unwrap();
        VerbCues::new(dict, scale)
    }

    #[test]
    fn a_verb_pattern_is_a_cue_weighted_by_goldstein() {
        let cues = cues();
        let mut ev = CueEvidence::default();
        let code = cues.read("Gondor said it accused Rohan of torture", &mut ev);
        assert_eq!(code.map(|c| c.as_str().to_owned()).as_deref(), Some("1122"));
        assert_eq!(ev.count, 1, "`said` (Goldstein 0) is no relation cue");
        assert!((ev.sum + 0.3).abs() < 1e-12);
        let mut ev = CueEvidence::default();
        cues.read("Gondor did not accuse Rohan", &mut ev);
        assert!((ev.sum - 0.2 * 0.74).abs() < 1e-12, "{ev:?}");
    }

    #[test]
    fn the_bundled_dictionary_codes_a_condemnation() {
        let scale =
            GoldsteinScale::parse("g.tsv", "CAMEOEVENTCODE\tGOLDSTEINSCALE\n11\t-2.0\n").unwrap();
        let cues = VerbCues::new(VerbDictionary::bundled(), scale);
        let mut ev = CueEvidence::default();
        let code = cues.read("The government condemned the attack", &mut ev);
        assert!(
            code.is_some_and(|c| c.as_str().starts_with("11")),
            "{code:?}"
        );
        assert!(ev.sum < 0.0);
    }
}
