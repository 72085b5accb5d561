//! `--verbs FILE` and `--goldstein FILE`: PETRARCH's verb dictionary beside the cue lexicon.

use anyhow::{bail, Result};
use std::path::PathBuf;

use super::say;
use stance::scorers::verbs::VerbCues;
use stance::scorers::ScorerSet;
use stance::verbs::{reader, GoldsteinScale, VerbDictionary};

/// Verb-pattern cues (opt-in).
#[derive(Debug, Clone, clap::Args)]
pub struct VerbArgs {
    /// A PETRARCH-2 verb dictionary (CAMEO.2.0.txt format), or `bundled` for the bundled
    /// CAMEO.2.0.txt: each matching verb pattern counts as a cue weighted by its CAMEO code's
    /// Goldstein value / 10, and evidence lines carry the code. Off by default. Needs --goldstein.
    #[arg(long, value_name = "FILE|bundled")]
    pub verbs: Option<String>,
    /// The CAMEO -> Goldstein table (TSV `CAMEOEVENTCODE<TAB>GOLDSTEINSCALE`, as GDELT's
    /// CAMEO.goldsteinscale.txt): not bundled, since its license is unverified.
    #[arg(long, value_name = "FILE")]
    pub goldstein: Option<PathBuf>,
}

impl VerbArgs {
    /// The bundled scorers, with the verb dictionary when `--verbs` was given.
    pub fn scorers(&self, quiet: bool) -> Result<ScorerSet> {
        self.add_to(ScorerSet::bundled(), quiet)
    }

    /// `set`, with the verb dictionary when `--verbs` was given.
    pub fn add_to(&self, set: ScorerSet, quiet: bool) -> Result<ScorerSet> {
        let Some(verbs) = &self.verbs else {
            if self.goldstein.is_some() {
                bail!("--goldstein weighs the codes of a verb dictionary: give --verbs FILE or --verbs bundled");
            }
            return Ok(set);
        };
        let Some(goldstein) = &self.goldstein else {
            bail!(
                "--verbs needs --goldstein FILE, the CAMEO -> Goldstein table (not bundled: its \
                 license is unverified), e.g. ../shared/data/cameo_goldstein/CAMEO.goldsteinscale.txt"
            );
        };
        let shown = goldstein.display().to_string();
        let text =
            std::fs::read(goldstein).map_err(|e| anyhow::anyhow!("{shown}: cannot read: {e}"))?;
        let scale = match GoldsteinScale::parse(&shown, &reader::decode(&text)) {
            Ok(scale) => scale,
            Err(errors) => {
                for e in &errors {
                    say!("{e}");
                }
                bail!("{} error(s) in the Goldstein table", errors.len());
            }
        };
        let dict = if verbs == "bundled" {
            VerbDictionary::bundled()
        } else {
            let (dict, skipped) = VerbDictionary::from_file(std::path::Path::new(verbs))
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            if !skipped.is_empty() {
                say!(
                    "warning: {verbs}: {} malformed line(s) skipped (`stance lexicon check --verbs {verbs}` lists them)",
                    skipped.len()
                );
            }
            dict
        };
        if !quiet {
            say!("verb dictionary: {}", dict.counts());
        }
        Ok(set.with_verbs(VerbCues::new(dict, scale)))
    }
}
