//! The cue lexicon: phrases that signal cooperation (+) or conflict (-) between actors, with
//! negation. Weights follow the Goldstein scale of the cue's CAMEO event (divided by 10).

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::actors::lexicon::content_lines;
use crate::actors::LexiconError;

/// The bundled cue lexicon.
pub const BUNDLED_CUES: &str = include_str!("../../lexicons/cues/conflict.tsv");
const BUNDLED_CUES_PATH: &str = "lexicons/cues/conflict.tsv (bundled)";

/// Words that negate a cue when they stand within three words before it.
const NEGATORS: &[&str] = &[
    "not", "never", "no", "without", "refused", "refuses", "refuse", "refusing", "cannot", "nor",
    "declined", "declines", "failed", "fails",
];

/// Verbs that negate the cue after them as [`NEGATORS`] do: to break, undermine or sabotage a
/// truce turns it around. "broke" is no cue of its own, since "broke the news" or "broke the
/// deadlock" is no act against anyone.
const BREACHES: &[&str] = &[
    "broke",
    "broken",
    "breaks",
    "breaking",
    "undermine",
    "undermines",
    "undermined",
    "undermining",
    "sabotage",
    "sabotaged",
    "sabotaging",
];

/// How much a negated cue keeps, with its sign flipped (VADER's `N_SCALAR`).
pub(crate) const NEGATION_SCALAR: f64 = -0.74;

/// A compiled cue lexicon.
#[derive(Debug, Clone)]
pub struct CueLexicon {
    automaton: AhoCorasick,
    weights: Vec<f64>,
    /// Whether each cue turns against what follows it: CAMEO roots 11 disapprove, 12 reject,
    /// 13 threaten and 16 reduce relations ("criticized the support", "ruled out talks",
    /// "threatened to cut aid", "suspended cooperation").
    rejections: Vec<bool>,
}

/// The cue evidence found in a scope.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct CueEvidence {
    /// Number of cues found.
    pub count: u32,
    /// Sum of their (negation-adjusted) weights.
    pub sum: f64,
    /// Sum of their (negation-adjusted) strengths: the sign of the weight times the square
    /// root of its size. A stance is as clear from words as from deeds, while Goldstein's scale
    /// rates a criticism (-0.2) far below an attack (-1.0); the root narrows that gap.
    pub strength: f64,
    /// How many of them a negator turned.
    pub negated: u32,
}

impl CueLexicon {
    /// Reads cue files and, when `with_bundled`, the bundled lexicon first, into one lexicon.
    /// Every problem of every file is reported, each naming `path:line`.
    pub fn from_files<P: AsRef<std::path::Path>>(
        paths: &[P],
        with_bundled: bool,
    ) -> Result<CueLexicon, Vec<LexiconError>> {
        let mut texts = Vec::new();
        let mut errors = Vec::new();
        if with_bundled {
            texts.push((BUNDLED_CUES_PATH.to_string(), BUNDLED_CUES.to_string()));
        }
        for path in paths {
            let shown = path.as_ref().display().to_string();
            let read = std::fs::read(path.as_ref())
                .map_err(|e| LexiconError {
                    path: shown.clone(),
                    line: 0,
                    reason: format!("cannot read: {e}"),
                })
                .and_then(|bytes| crate::actors::lexicon::decode(&shown, &bytes));
            match read {
                Ok(text) => texts.push((shown, text)),
                Err(e) => errors.push(e),
            }
        }
        let files: Vec<(&str, &str)> = texts
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        match CueLexicon::parse_many(&files) {
            Ok(lexicon) if errors.is_empty() => Ok(lexicon),
            Ok(_) => Err(errors),
            Err(more) => {
                errors.extend(more);
                Err(errors)
            }
        }
    }

    /// Number of cue phrases (each `|` variant counts).
    pub fn len(&self) -> usize {
        self.weights.len()
    }

    /// Whether the lexicon has no cue.
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// The bundled lexicon.
    pub fn bundled() -> CueLexicon {
        CueLexicon::parse(BUNDLED_CUES_PATH, BUNDLED_CUES).expect("bundled cue lexicon is valid")
    }

    /// Parses `cue<TAB>cameo<TAB>weight` lines (after that header), reporting every bad line.
    pub fn parse(path: &str, content: &str) -> Result<CueLexicon, Vec<LexiconError>> {
        CueLexicon::parse_many(&[(path, content)])
    }

    /// Parses several cue files into one lexicon, as if they were one file: a cue listed in two
    /// files is an error naming both. Every bad line of every file is reported.
    pub fn parse_many(files: &[(&str, &str)]) -> Result<CueLexicon, Vec<LexiconError>> {
        let mut phrases: Vec<String> = Vec::new();
        let mut defined_at: Vec<(usize, usize)> = Vec::new();
        let mut weights = Vec::new();
        let mut rejections = Vec::new();
        let mut errors = Vec::new();
        for (file, &(path, content)) in files.iter().enumerate() {
            let mut header = false;
            let mut cues_here = 0;
            for (n, line) in content_lines(content) {
                let err = |reason: String| LexiconError {
                    path: path.into(),
                    line: n,
                    reason,
                };
                if !header {
                    header = true;
                    if line.trim() != "cue\tcameo\tweight" {
                        errors.push(err("expected the header `cue<TAB>cameo<TAB>weight`".into()));
                    }
                    continue;
                }
                let fields: Vec<&str> = line.split('\t').collect();
                let [cue, cameo, weight] = fields[..] else {
                    errors.push(err(format!(
                        "expected 3 tab-separated fields `cue<TAB>cameo<TAB>weight`, found {}",
                        fields.len()
                    )));
                    continue;
                };
                match weight.trim().parse::<f64>() {
                    Ok(w) if (-1.0..=1.0).contains(&w) => {
                        for variant in cue.split('|').map(str::trim).filter(|v| !v.is_empty()) {
                            if let Some(i) =
                                phrases.iter().position(|p| p.eq_ignore_ascii_case(variant))
                            {
                                let (f, line) = defined_at[i];
                                let first = if f == file {
                                    format!("line {line}")
                                } else {
                                    format!("{}:{line}", files[f].0)
                                };
                                errors.push(err(format!(
                                    "cue {variant:?} is listed twice (first at {first})"
                                )));
                                continue;
                            }
                            phrases.push(variant.to_string());
                            defined_at.push((file, n));
                            weights.push(w);
                            rejections.push(matches!(
                                cameo.trim().get(..2),
                                Some("11" | "12" | "13" | "16")
                            ));
                            cues_here += 1;
                        }
                    }
                    _ => errors.push(err(format!(
                        "weight {:?} is not a number in [-1, 1]",
                        weight.trim()
                    ))),
                }
            }
            if cues_here == 0 && !errors.iter().any(|e| e.path == path) {
                errors.push(LexiconError {
                    path: path.into(),
                    line: 0,
                    reason: "no cue: expected the header `cue<TAB>cameo<TAB>weight`, then one \
                             cue per line"
                        .into(),
                });
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&phrases)
            .expect("cue automaton fits in memory");
        Ok(CueLexicon {
            automaton,
            weights,
            rejections,
        })
    }

    /// The cues in `scope`, as whole words, each negated by a preceding negator.
    pub fn evidence(&self, scope: &str) -> CueEvidence {
        let mut ev = CueEvidence::default();
        self.each_cue(scope, |cue| {
            ev.count += 1;
            ev.sum += cue.weight;
            ev.strength += cue.weight.signum() * cue.weight.abs().sqrt();
            ev.negated += u32::from(cue.negated);
        });
        ev
    }

    /// Every cue found in `scope`, for explanations.
    pub fn matches(&self, scope: &str) -> Vec<CueMatch> {
        let mut found = Vec::new();
        self.each_cue(scope, |cue| found.push(cue));
        found
    }

    /// Visits the cues of `scope` in order. A positive cue next to a rejection ("rules out
    /// negotiations", "any agreement ... rejected") is what is rejected, not a cue of its own:
    /// it is dropped, and the rejection stands for both. One cue of lookahead, no allocation.
    fn each_cue(&self, scope: &str, mut visit: impl FnMut(CueMatch)) {
        let bytes = scope.as_bytes();
        let mut pending_positive: Option<CueMatch> = None;
        let mut last_rejection_end: Option<usize> = None;
        for m in self.automaton.find_iter(scope) {
            // A cue glued by a hyphen ("UN-backed") is a modifier of a name, not a relation.
            let before_ok = m.start() == 0
                || !(bytes[m.start() - 1].is_ascii_alphanumeric() || bytes[m.start() - 1] == b'-');
            let after_ok = m.end() == bytes.len() || !bytes[m.end()].is_ascii_alphanumeric();
            if !(before_ok && after_ok) {
                continue;
            }
            let negated = is_negated(&scope[..m.start()]);
            let w = self.weights[m.pattern().as_usize()];
            // "refused to condemn": a refusal that negates the cue after it is not a cue itself.
            if is_any_negator(&scope[m.start()..m.end()]) && self.cue_follows(scope, m.end()) {
                continue;
            }
            let cue = CueMatch {
                start: m.start(),
                end: m.end(),
                weight: if negated { w * NEGATION_SCALAR } else { w },
                negated,
            };
            // A rejection and what it rejects stand in one phrase: a comma parts them ("who
            // was against the deal, praised Y").
            let near = |end: usize, start: usize| {
                words_between(scope, end, start) <= REJECTION_REACH
                    && !scope[end.min(start)..start.max(end)].contains(',')
            };
            if self.rejections[m.pattern().as_usize()] && !negated {
                if pending_positive
                    .take_if(|p| near(p.end, cue.start))
                    .is_none()
                {
                    if let Some(p) = pending_positive.take() {
                        visit(p);
                    }
                }
                last_rejection_end = Some(cue.end);
                visit(cue);
                continue;
            }
            if let Some(p) = pending_positive.take() {
                visit(p);
            }
            if cue.weight > 0.0 {
                if last_rejection_end.is_some_and(|end| near(end, cue.start)) {
                    continue; // the thing rejected
                }
                pending_positive = Some(cue);
            } else {
                visit(cue);
            }
        }
        if let Some(p) = pending_positive {
            visit(p);
        }
    }
}

impl CueLexicon {
    /// Whether another cue starts within three words after `from`.
    fn cue_follows(&self, scope: &str, from: usize) -> bool {
        let rest = &scope[from..];
        let window_end = rest
            .split_whitespace()
            .take(3)
            .last()
            .and_then(|w| rest.find(w).map(|at| at + w.len()))
            .unwrap_or(0);
        self.automaton
            .find_iter(&rest[..window_end])
            .any(|m| !is_any_negator(&rest[m.start()..m.end()]))
    }
}

fn is_any_negator(word: &str) -> bool {
    NEGATORS
        .iter()
        .chain(BREACHES)
        .any(|n| n.eq_ignore_ascii_case(word))
}

/// How many words apart a rejection and the positive cue it rejects may stand.
const REJECTION_REACH: usize = 4;

/// Whitespace-separated words between two offsets of `scope`.
fn words_between(scope: &str, from: usize, to: usize) -> usize {
    if from >= to {
        return 0;
    }
    scope[from..to].split_whitespace().count()
}

/// One cue found in a scope.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct CueMatch {
    /// Byte offset in the scope.
    pub start: usize,
    /// End offset in the scope.
    pub end: usize,
    /// The weight, after negation.
    pub weight: f64,
    /// Whether a negator came before it.
    pub negated: bool,
}

/// Whether one of the three words before the end of `before` negates.
/// "not only" and "not just" add to a cue ("didn't just blame"), they do not negate it.
pub(crate) fn is_negated(before: &str) -> bool {
    let mut words = before
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .rev()
        .take(3);
    let mut after_negator_only = false;
    words.any(|w| {
        let negates = is_any_negator(w) || w.ends_with("n't") || w.ends_with("n’t");
        let hit = negates && !after_negator_only;
        after_negator_only |= w.eq_ignore_ascii_case("only") || w.eq_ignore_ascii_case("just");
        hit
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_are_whole_words_and_negation_flips_them() {
        let cues = CueLexicon::bundled();
        let backed = cues.evidence("Egypt backed the army");
        assert_eq!(backed.count, 1);
        assert!(backed.sum > 0.0);
        let never = cues.evidence("I will never sit down with him");
        assert_eq!(never.count, 1);
        assert!(never.sum < 0.0);
        assert_eq!(cues.evidence("the armada shellfish").count, 0);
        assert_eq!(cues.evidence("the UN-backed government").count, 0);
    }

    #[test]
    fn breaking_a_truce_turns_it_around_but_breaking_news_is_no_cue() {
        let cues = CueLexicon::bundled();
        for broken in [
            "broke the truce",
            "has broken every ceasefire",
            "breaking the agreement",
            "undermining the ceasefire",
        ] {
            let ev = cues.evidence(broken);
            assert!(ev.count >= 1 && ev.sum < 0.0, "{broken}: {ev:?}");
        }
        assert_eq!(cues.evidence("broke the news to the press").count, 0);
        assert_eq!(cues.evidence("fighting broke out").sum, -1.0);
    }

    #[test]
    fn scrapping_a_deal_is_a_rejection_of_it() {
        let ev = CueLexicon::bundled().evidence("scrapped its arms deal");
        assert_eq!(ev.count, 1, "the deal is what is scrapped: {ev:?}");
        assert!(ev.sum < 0.0);
    }
}
