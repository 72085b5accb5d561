//! `--calibrated`: the learned calibration of the `stance` score (src/calibration/), opt-in.

use std::path::PathBuf;

use anyhow::Result;
use stance::calibration::Model;
use stance::scorers::ScorerSet;

/// Whether `stance` is scored by the learned calibration.
#[derive(Debug, Clone, clap::Args)]
pub struct CalibrationArgs {
    /// Score `stance` with the learned calibration (lexicons/calibration/stance_model.tsv):
    /// P(+) - P(-) of a logistic model over the evidence of each attribution, and no score
    /// where P(none) is above its threshold. Off by default: it has not beaten the
    /// hand-weighted scorer in cross-validation on every training file (README "Evaluation").
    #[arg(long)]
    pub calibrated: bool,
    /// With --calibrated: a model file written by `stance train calibration` instead of the
    /// bundled one.
    #[arg(long, value_name = "FILE", requires = "calibrated")]
    pub calibration: Option<PathBuf>,
}

impl CalibrationArgs {
    /// The model asked for, if any.
    pub fn model(&self) -> Result<Option<Model>> {
        if !self.calibrated {
            return Ok(None);
        }
        Ok(Some(match &self.calibration {
            Some(path) => Model::read(path).map_err(|e| anyhow::anyhow!("{e}"))?,
            None => Model::bundled(),
        }))
    }

    /// `set`, with the calibration when asked for.
    pub fn add_to(&self, set: ScorerSet) -> Result<ScorerSet> {
        Ok(match self.model()? {
            Some(model) => set.with_calibration(model),
            None => set,
        })
    }
}
