//! Scorers: each reads the scope that attribution chose and returns a score, or `None` when the
//! scope holds no evidence for it (which is not the same as a neutral 0.0).

pub mod cues;
pub mod news;
pub mod verbs;

use crate::attribution::Voice;
use crate::dictionary::scoring::{DictionaryScorers, DictionaryScratch};
use crate::vader::{Layer, Vader, VaderScratch};
use cues::CueLexicon;

/// The built-in scorers, in output order (sorted by name). An engine's scorers are these
/// three, then those its dictionaries add, unless `--scorers` picks others
/// ([`ScorerSet::names`]).
pub const SCORERS: [Scorer; 3] = [Scorer::Conflict, Scorer::Stance, Scorer::Valence];

/// A built-in scorer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scorer {
    /// Cooperation (+) against conflict (-): the mean Goldstein weight (/10) of the cue phrases
    /// in the scope, negation applied; `None` without cues.
    Conflict,
    /// The engine's estimate of the source's stance toward the target, in [-1, 1]: cue
    /// strength blended with news valence ([`STANCE_CUE_WEIGHT`]).
    Stance,
    /// VADER 3.3.2 compound of the scope, exactly as the reference computes it, in [-1, 1].
    Valence,
}

impl Scorer {
    /// The scorer's name in outputs.
    pub fn name(&self) -> &'static str {
        match self {
            Scorer::Conflict => "conflict",
            Scorer::Stance => "stance",
            Scorer::Valence => "valence",
        }
    }

    /// Position in [`SCORERS`], and in the [`Scores`] of an engine whose scorers are the
    /// default list (the built-in three first); otherwise see [`ScorerSet::position`].
    pub fn index(&self) -> usize {
        *self as usize
    }
}

/// The built-in scorers' scores of one scope, indexed like [`SCORERS`].
pub type BuiltinScores = [Option<f64>; SCORERS.len()];

/// Scores of one attribution: one per scorer of the engine, in [`ScorerSet::names`] order.
pub type Scores = smallvec::SmallVec<[Option<f64>; 6]>;

/// Where a scorer's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Builtin(Scorer),
    /// Position in the dictionary scorers' output.
    Dictionary(usize),
}

/// The scorers an engine runs and prints, in order: names and where each value comes from.
#[derive(Debug, Clone, PartialEq)]
struct ScorerList {
    names: std::sync::Arc<[String]>,
    slots: std::sync::Arc<[Slot]>,
}

impl ScorerList {
    fn new(pairs: Vec<(String, Slot)>) -> ScorerList {
        let (names, slots): (Vec<String>, Vec<Slot>) = pairs.into_iter().unzip();
        ScorerList {
            names: names.into(),
            slots: slots.into(),
        }
    }

    /// The built-in three, then every dictionary scorer.
    fn all(dictionaries: Option<&DictionaryScorers>) -> ScorerList {
        let builtins = SCORERS
            .iter()
            .map(|s| (s.name().to_string(), Slot::Builtin(*s)));
        let extra = dictionaries
            .map(|d| d.names())
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(k, n)| (n.clone(), Slot::Dictionary(k)));
        ScorerList::new(builtins.chain(extra).collect())
    }
}

/// Weight of the cue strength in `stance` when the scope has cues; news valence has the rest.
///
/// Calibrated on training data only: the value with the best sum of macro-F1 on DSE train and
/// NewsMTSC train over a grid of 0.1 steps (README "Evaluation" has the command). It came out
/// at 1: where a scope has relation cues they decide, and news valence speaks only without them.
pub const STANCE_CUE_WEIGHT: f64 = 1.0;

/// How much of the news valence `stance` keeps in a scope without relation cues, when the
/// scope is the text's report about the source: the tone of words around two actors says less
/// about their relation than a cue does. Calibrated as [`STANCE_CUE_WEIGHT`] was.
pub const STANCE_VALENCE_WEIGHT: f64 = 0.3;

/// The same for a scope in the source's own words ([`Voice::Own`]): how a speaker talks about
/// an actor is the speaker's stance. Calibrated as [`STANCE_CUE_WEIGHT`] was; only DSE train
/// moves with it (NewsMTSC train has no speaker-to-actor dyads), and it came out at 1: a
/// speaker's tone counts in full.
pub const STANCE_OWN_WORDS_VALENCE_WEIGHT: f64 = 1.0;

/// The evidence one scope holds, read once and then weighed for each attribution that shares
/// the scope.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Reading {
    /// VADER-exact compound.
    valence: f64,
    /// Compound with the news layer.
    news: f64,
    cues: cues::CueEvidence,
    /// The CAMEO code of the strongest verb-pattern cue (with `--verbs`).
    cameo: Option<verbs::Cameo>,
}

impl Reading {
    /// VADER-exact compound of the scope.
    pub fn valence(&self) -> f64 {
        self.valence
    }

    /// Compound of the scope with the news layer.
    pub fn news(&self) -> f64 {
        self.news
    }

    /// The relation cues of the scope.
    pub fn cues(&self) -> &cues::CueEvidence {
        &self.cues
    }

    /// The CAMEO code of the strongest verb-pattern cue in the scope, when a verb
    /// dictionary is loaded and one matched.
    pub fn cameo(&self) -> Option<verbs::Cameo> {
        self.cameo
    }
}

/// The scorers with their lexicons, shared by all workers.
#[derive(Debug, Clone)]
pub struct ScorerSet {
    vader: Vader,
    news: Layer,
    cues: CueLexicon,
    cue_weight: f64,
    valence_weight: f64,
    own_words_valence_weight: f64,
    /// PETRARCH's verb dictionary beside the cue lexicon (opt-in: `--verbs`).
    verbs: Option<std::sync::Arc<verbs::VerbCues>>,
    /// The learned calibration that replaces the `stance` score (opt-in: `--calibrated`).
    calibration: Option<std::sync::Arc<crate::calibration::Model>>,
    /// The users' dictionaries, compiled into one index (`--lexicon`).
    dictionaries: Option<std::sync::Arc<DictionaryScorers>>,
    /// The scorers run and printed, in order (`--scorers`; default: all).
    list: ScorerList,
    /// Whether any built-in scorer is in `list`: if none is, scopes are not read for them.
    builtins_used: bool,
}

impl ScorerSet {
    /// The bundled lexicons.
    pub fn bundled() -> ScorerSet {
        ScorerSet {
            vader: Vader::bundled(),
            news: news::news_layer(),
            cues: CueLexicon::bundled(),
            cue_weight: STANCE_CUE_WEIGHT,
            valence_weight: STANCE_VALENCE_WEIGHT,
            own_words_valence_weight: STANCE_OWN_WORDS_VALENCE_WEIGHT,
            verbs: None,
            calibration: None,
            dictionaries: None,
            list: ScorerList::all(None),
            builtins_used: true,
        }
    }

    /// The same scorers with the users' dictionaries added: every dictionary scorer is run and
    /// printed after the built-in three (the selection so far is replaced by all of them).
    /// An error when a dictionary scorer's name is taken by another scorer.
    pub fn with_dictionaries(
        mut self,
        dictionaries: DictionaryScorers,
    ) -> Result<ScorerSet, String> {
        let list = ScorerList::all(Some(&dictionaries));
        let mut seen = std::collections::HashSet::new();
        for name in list.names.iter() {
            if !seen.insert(name.as_str()) {
                return Err(format!(
                    "two scorers are named `{name}`: name the dictionary with --lexicon NAME=FILE"
                ));
            }
        }
        self.dictionaries = Some(std::sync::Arc::new(dictionaries));
        self.list = list;
        self.builtins_used = true;
        Ok(self)
    }

    /// The same scorers, running and printing only `names`, in that order. An error names an
    /// unknown scorer (listing the known ones) or a scorer named twice.
    pub fn select(mut self, names: &[String]) -> Result<ScorerSet, String> {
        let all = ScorerList::all(self.dictionaries.as_deref());
        let mut picked = Vec::with_capacity(names.len());
        for name in names {
            let Some(k) = all.names.iter().position(|n| n == name) else {
                return Err(format!(
                    "unknown scorer `{name}`; the scorers are: {}",
                    all.names.join(", ")
                ));
            };
            if picked.iter().any(|(n, _)| n == name) {
                return Err(format!("scorer `{name}` is named twice"));
            }
            picked.push((name.clone(), all.slots[k]));
        }
        if picked.is_empty() {
            return Err(format!(
                "no scorer chosen; the scorers are: {}",
                all.names.join(", ")
            ));
        }
        self.builtins_used = picked.iter().any(|(_, s)| matches!(s, Slot::Builtin(_)));
        if !picked.iter().any(|(_, s)| matches!(s, Slot::Dictionary(_))) {
            // No dictionary scorer is printed: none is run.
            self.dictionaries = None;
        }
        self.list = ScorerList::new(picked);
        Ok(self)
    }

    /// The names of the scorers run and printed, in the order of [`Scores`].
    pub fn names(&self) -> &std::sync::Arc<[String]> {
        &self.list.names
    }

    /// The position of a scorer in [`Scores`], when it runs.
    pub fn position(&self, name: &str) -> Option<usize> {
        self.list.names.iter().position(|n| n == name)
    }

    /// Whether the scorers are the default list: the built-in three, no dictionary.
    pub fn is_default_list(&self) -> bool {
        self.list == ScorerList::all(None)
    }

    /// Whether a scope must be read for the built-in scorers ([`ScorerSet::read`]): not when
    /// only dictionary scorers run.
    pub fn builtins_used(&self) -> bool {
        self.builtins_used
    }

    /// Scores `scope` with every dictionary into `out` (cleared first; empty without
    /// dictionaries). One pass over the scope's tokens serves all dictionaries.
    pub fn read_dictionaries(
        &self,
        scope: &str,
        scratch: &mut DictionaryScratch,
        out: &mut Vec<Option<f64>>,
    ) {
        out.clear();
        if let Some(d) = &self.dictionaries {
            out.resize(d.names().len(), None);
            d.score(scope, scratch, out);
        }
    }

    /// [`ScorerSet::read_dictionaries`] of the scope `scope` of `text`, given the tokens of the
    /// whole `text`: they serve when no token straddles an end of the scope (then they are the
    /// scope's own tokens, as the tokenizer starts afresh after each token and looks no further
    /// than one character past a token's end); else the scope is tokenised.
    pub fn read_dictionaries_in(
        &self,
        text: &str,
        scope: crate::text::Span,
        tokens: &[crate::text::Token],
        scratch: &mut DictionaryScratch,
        out: &mut Vec<Option<f64>>,
    ) {
        out.clear();
        let Some(d) = &self.dictionaries else { return };
        out.resize(d.names().len(), None);
        let lo = tokens.partition_point(|t| t.span().end <= scope.start);
        let hi = tokens
            .partition_point(|t| t.span().start < scope.end)
            .max(lo);
        let inside = &tokens[lo..hi];
        let aligned = inside.first().is_none_or(|t| t.span().start >= scope.start)
            && inside.last().is_none_or(|t| t.span().end <= scope.end);
        if aligned {
            d.score_tokens(scope.slice(text), scope.start, inside, scratch, out);
        } else {
            d.score(scope.slice(text), scratch, out);
        }
    }

    /// The scores of one attribution in [`ScorerSet::names`] order, from the built-in
    /// scorers' reading of its scope and the dictionaries' values of the same scope
    /// ([`ScorerSet::read_dictionaries`]).
    pub fn scores(
        &self,
        reading: &Reading,
        dictionaries: &[Option<f64>],
        attribution: &crate::attribution::Attribution,
    ) -> Scores {
        let builtin = if self.builtins_used {
            self.weigh_attribution(reading, attribution)
        } else {
            [None; SCORERS.len()]
        };
        self.list
            .slots
            .iter()
            .map(|slot| match *slot {
                Slot::Builtin(s) => builtin[s.index()],
                Slot::Dictionary(k) => dictionaries.get(k).copied().flatten(),
            })
            .collect()
    }

    /// The same scorers with another cue lexicon (`--cues`).
    pub fn with_cues(mut self, cues: CueLexicon) -> ScorerSet {
        self.cues = cues;
        self
    }

    /// The same lexicons with a verb dictionary read beside the cue lexicon: each verb
    /// pattern that matches in a scope is one more cue (see [`verbs`]).
    pub fn with_verbs(mut self, verbs: verbs::VerbCues) -> ScorerSet {
        self.verbs = Some(std::sync::Arc::new(verbs));
        self
    }

    /// The same lexicons with the `stance` score given by a learned calibration
    /// ([`crate::calibration`]) instead of the hand-chosen weights.
    pub fn with_calibration(mut self, model: crate::calibration::Model) -> ScorerSet {
        self.calibration = Some(std::sync::Arc::new(model));
        self
    }

    /// The calibration, when one is on.
    pub fn calibration(&self) -> Option<&crate::calibration::Model> {
        self.calibration.as_deref()
    }

    /// Every scorer's score of one attribution whose scope was read as `reading`: as
    /// [`ScorerSet::weigh`], with the calibrated `stance` score when a calibration is on.
    pub fn weigh_attribution(
        &self,
        reading: &Reading,
        attribution: &crate::attribution::Attribution,
    ) -> BuiltinScores {
        let mut scores = self.weigh(reading, attribution.voice);
        if let Some(model) = &self.calibration {
            let x = crate::calibration::Features::of(reading, attribution);
            scores[Scorer::Stance.index()] = model.predict(&x).score;
        }
        scores
    }

    /// The verb dictionary, when one is loaded.
    pub fn verbs(&self) -> Option<&verbs::VerbCues> {
        self.verbs.as_deref()
    }

    /// The same lexicons with another cue weight in `stance` (for calibration).
    pub fn with_cue_weight(mut self, weight: f64) -> ScorerSet {
        self.cue_weight = weight;
        self
    }

    /// The same lexicons with another valence weight for scopes without cues (for calibration).
    pub fn with_valence_weight(mut self, weight: f64) -> ScorerSet {
        self.valence_weight = weight;
        self
    }

    /// The same lexicons with another valence weight for scopes of the source's own words
    /// without cues (for calibration).
    pub fn with_own_words_valence_weight(mut self, weight: f64) -> ScorerSet {
        self.own_words_valence_weight = weight;
        self
    }

    /// The cue lexicon.
    pub fn cues(&self) -> &CueLexicon {
        &self.cues
    }

    /// Reads a scope's evidence: one tokenization gives both valence readings (VADER-exact,
    /// and with the news layer), and the cue lexicon gives the relation cues.
    pub fn read(&self, scope: &str, scratch: &mut VaderScratch) -> Reading {
        let (exact, news) = self
            .vader
            .polarity_scores_layered(scope, &self.news, scratch);
        let mut cues = self.cues.evidence(scope);
        let cameo = self.verbs.as_ref().and_then(|v| v.read(scope, &mut cues));
        Reading {
            valence: exact.compound,
            news: news.compound,
            cues,
            cameo,
        }
    }

    /// Every scorer's score of a scope read by [`ScorerSet::read`], for an attribution whose
    /// scope is in `voice`.
    pub fn weigh(&self, reading: &Reading, voice: Voice) -> BuiltinScores {
        let Reading {
            valence,
            news,
            cues,
            ..
        } = *reading;
        let (conflict, stance) = if cues.count > 0 {
            let n = f64::from(cues.count);
            let strength = cues.strength / n;
            (
                Some(cues.sum / n),
                Some(
                    (self.cue_weight * strength + (1.0 - self.cue_weight) * news).clamp(-1.0, 1.0),
                ),
            )
        } else {
            let weight = match voice {
                Voice::Own => self.own_words_valence_weight,
                Voice::Reported => self.valence_weight,
            };
            (None, (news != 0.0).then_some(weight * news))
        };
        let mut scores = [None; SCORERS.len()];
        scores[Scorer::Conflict.index()] = conflict;
        scores[Scorer::Stance.index()] = stance;
        scores[Scorer::Valence.index()] = Some(valence);
        scores
    }

    /// Scores a scope with every scorer: [`ScorerSet::read`], then [`ScorerSet::weigh`].
    pub fn score(&self, scope: &str, voice: Voice, scratch: &mut VaderScratch) -> BuiltinScores {
        self.weigh(&self.read(scope, scratch), voice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dictionaries_read_from_the_documents_tokens_as_from_the_scope_alone() {
        use crate::dictionary::scoring::Mode;
        use crate::dictionary::{parse, ReadOptions};
        use crate::text::{tokenize, Span};
        let read = |ext: &str, text: &str| {
            parse("t", "t", Some(ext), text.as_bytes(), ReadOptions::default())
                .unwrap()
                .dictionary
        };
        let weights = read("tsv", "good\t3\nbad\t-3\nwell done\t2\nsupport\t2\n");
        let topics = read(
            "dic",
            "%\n1\tus\n2\ttalk\n%\nu.s*\t1\ntalk*\t2\nwell done\t2\n",
        );
        let set = ScorerSet::bundled()
            .with_dictionaries(
                DictionaryScorers::new(&[
                    ("w".into(), &weights, Mode::Weights, true),
                    ("t".into(), &topics, Mode::Categories, false),
                ])
                .unwrap(),
            )
            .unwrap();
        let text =
            "Haftar didn't support the U.S.-backed talks; not good. Talks, well done: 2,400 bad";
        let mut tokens = Vec::new();
        tokenize(text, Span::new(0, text.len()), &mut tokens);
        let (mut scratch, mut whole, mut part) = (DictionaryScratch::default(), vec![], vec![]);
        let mut matched = 0;
        // Every scope, those whose ends cut a token included (they are tokenised afresh).
        for start in 0..text.len() {
            for end in start..=text.len() {
                let scope = Span::new(start, end);
                set.read_dictionaries(scope.slice(text), &mut scratch, &mut whole);
                set.read_dictionaries_in(text, scope, &tokens, &mut scratch, &mut part);
                assert_eq!(whole, part, "{:?}", scope.slice(text));
                matched += usize::from(whole.iter().any(|v| v.is_some_and(|v| v > 0.0)));
            }
        }
        assert!(
            matched > 1000,
            "the dictionaries matched in {matched} scopes"
        );
    }

    fn stance_of(set: &ScorerSet, scope: &str, voice: Voice) -> Option<f64> {
        set.score(scope, voice, &mut VaderScratch::default())[Scorer::Stance.index()]
    }

    #[test]
    fn a_speakers_own_words_weigh_more_than_the_texts_report() {
        let set = ScorerSet::bundled();
        let scope = "Haftar is a disgrace to this country and a danger to its people";
        let own = stance_of(&set, scope, Voice::Own).unwrap();
        let reported = stance_of(&set, scope, Voice::Reported).unwrap();
        assert!(
            own < reported && reported < 0.0,
            "own {own}, reported {reported}"
        );
    }

    #[test]
    fn cues_decide_whoever_speaks() {
        let set = ScorerSet::bundled();
        let scope = "condemned the shelling of Tripoli";
        let own = stance_of(&set, scope, Voice::Own);
        assert!(own.is_some_and(|s| s < 0.0), "{own:?}");
        assert_eq!(own, stance_of(&set, scope, Voice::Reported));
    }

    #[test]
    fn a_scope_without_evidence_has_no_stance_in_either_voice() {
        let set = ScorerSet::bundled();
        for voice in [Voice::Own, Voice::Reported] {
            assert_eq!(stance_of(&set, "met on Tuesday in Rome", voice), None);
        }
    }
}
