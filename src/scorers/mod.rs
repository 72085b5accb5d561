//! Scorers: each reads the scope that attribution chose and returns a score, or `None` when the
//! scope holds no evidence for it (which is not the same as a neutral 0.0).

pub mod cues;

use crate::vader::{Vader, VaderScratch};
use cues::CueLexicon;

/// The scorers, in output order (sorted by name).
pub const SCORERS: [Scorer; 2] = [Scorer::Stance, Scorer::Valence];

/// A scorer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scorer {
    /// The engine's combined estimate in [-1, 1]: cue evidence blended with valence.
    Stance,
    /// VADER 3.3.2 compound of the scope, exactly as the reference computes it, in [-1, 1].
    Valence,
}

impl Scorer {
    /// The scorer's name in outputs.
    pub fn name(&self) -> &'static str {
        match self {
            Scorer::Stance => "stance",
            Scorer::Valence => "valence",
        }
    }

    /// Position in [`SCORERS`].
    pub fn index(&self) -> usize {
        *self as usize
    }
}

/// Scores of one scope, indexed like [`SCORERS`].
pub type Scores = [Option<f64>; SCORERS.len()];

/// Weight of cue evidence in `stance` when the scope has cues; valence has the rest.
///
/// A first, uncalibrated choice: cues name the relation between the two actors, valence only the
/// tone of the words around them, so cues lead. Calibration on train/dev data is future work.
pub const CUE_WEIGHT: f64 = 0.6;

/// The scorers with their lexicons, shared by all workers.
#[derive(Debug, Clone)]
pub struct ScorerSet {
    vader: Vader,
    cues: CueLexicon,
}

impl ScorerSet {
    /// The bundled lexicons.
    pub fn bundled() -> ScorerSet {
        ScorerSet {
            vader: Vader::bundled(),
            cues: CueLexicon::bundled(),
        }
    }

    /// Scores a scope with every scorer.
    pub fn score(&self, scope: &str, scratch: &mut VaderScratch) -> Scores {
        let valence = self.vader.polarity_scores(scope, scratch).compound;
        let cues = self.cues.evidence(scope);
        let stance = if cues.count > 0 {
            let cue_mean = cues.sum / f64::from(cues.count);
            Some((CUE_WEIGHT * cue_mean + (1.0 - CUE_WEIGHT) * valence).clamp(-1.0, 1.0))
        } else if valence != 0.0 {
            Some(valence)
        } else {
            None
        };
        let mut scores = [None; SCORERS.len()];
        scores[Scorer::Stance.index()] = stance;
        scores[Scorer::Valence.index()] = Some(valence);
        scores
    }
}
