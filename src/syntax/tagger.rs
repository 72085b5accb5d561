//! The part-of-speech tagger: a greedy left-to-right averaged perceptron (Honnibal's
//! "A good part-of-speech tagger in about 200 lines", with more word features).
//!
//! Features: the word, its lowercase form, suffixes of 1-4 and prefixes of 1-3 characters, its
//! shape, the words two either side, the two tags predicted before it, and the word's
//! ambiguity class (the set of tags training gave the word) and its neighbours'. Frequent
//! words that training always gave one tag skip the model (the tag dictionary).

use rustc_hash::FxHashMap;

use super::hashing::{key, WordKeys};
use super::perceptron::{best, Weights};
use super::tags::{Upos, N_UPOS};

/// The ambiguity class of a word training saw too rarely to have one.
pub(crate) const UNKNOWN_CLASS: u32 = 1 << 31;
/// The ambiguity class of the positions before and after the sentence.
const EDGE_CLASS: u32 = 1 << 30;
/// The "tag" before the first word.
const START_TAG: u64 = 100;
/// The value of a word before or after the sentence.
const EDGE_WORD: u64 = 0x0ed9e;

/// What the tagger knows of words outside its weights.
#[derive(Debug, Clone, Default)]
pub(crate) struct Lexicon {
    /// Form key -> the one tag a frequent word always had in training.
    pub sure: FxHashMap<u64, u8>,
    /// Lowercase key -> the bit set of tags the word had in training (1 << tag index).
    pub classes: FxHashMap<u64, u32>,
}

impl Lexicon {
    /// The ambiguity class of a word.
    #[inline]
    pub(crate) fn class(&self, w: &WordKeys) -> u32 {
        self.classes.get(&w.lower).copied().unwrap_or(UNKNOWN_CLASS)
    }
}

/// The tagger: its lexicon and weights.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tagger {
    pub lexicon: Lexicon,
    pub weights: Weights,
}

/// The features of word `i`, given the words' keys and classes and the two previous tags.
pub(crate) fn features(
    words: &[WordKeys],
    classes: &[u32],
    i: usize,
    prev: u64,
    prev2: u64,
    out: &mut Vec<u64>,
) {
    out.clear();
    let at = |k: isize| -> Option<&WordKeys> {
        let j = i as isize + k;
        if j < 0 {
            None
        } else {
            words.get(j as usize)
        }
    };
    let lower = |k: isize| at(k).map_or(EDGE_WORD, |w| w.lower);
    let suffix3 = |k: isize| at(k).map_or(EDGE_WORD, |w| w.suffix[2]);
    let shape = |k: isize| at(k).map_or(EDGE_WORD, |w| w.shape);
    let class = |k: isize| -> u64 {
        let j = i as isize + k;
        if j < 0 {
            u64::from(EDGE_CLASS)
        } else {
            classes
                .get(j as usize)
                .map_or(u64::from(EDGE_CLASS), |&c| u64::from(c))
        }
    };
    let w = &words[i];
    out.push(key(0, &[]));
    out.push(key(1, &[w.form]));
    out.push(key(2, &[w.lower]));
    for (k, &s) in w.suffix.iter().enumerate() {
        out.push(key(3 + k as u64, &[s]));
    }
    for (k, &p) in w.prefix.iter().enumerate() {
        out.push(key(7 + k as u64, &[p]));
    }
    out.push(key(10, &[w.shape]));
    out.push(key(11, &[prev]));
    out.push(key(12, &[prev2]));
    out.push(key(13, &[prev, prev2]));
    out.push(key(14, &[prev, w.lower]));
    out.push(key(15, &[lower(-1)]));
    out.push(key(16, &[suffix3(-1)]));
    out.push(key(17, &[lower(-2)]));
    out.push(key(18, &[lower(1)]));
    out.push(key(19, &[suffix3(1)]));
    out.push(key(20, &[lower(2)]));
    out.push(key(21, &[class(0)]));
    out.push(key(22, &[class(1)]));
    out.push(key(23, &[class(2)]));
    out.push(key(24, &[prev, class(0)]));
    out.push(key(25, &[class(0), class(1)]));
    out.push(key(26, &[class(-1), class(0), class(1)]));
    out.push(key(27, &[lower(-1), w.lower]));
    out.push(key(28, &[w.lower, lower(1)]));
    out.push(key(29, &[shape(-1), w.shape, shape(1)]));
    out.push(key(30, &[u64::from(i == 0), w.shape]));
    out.push(key(31, &[prev, class(1)]));
    out.push(key(32, &[w.suffix[1], class(1)]));
    out.push(key(33, &[prev, w.suffix[2]]));
    out.push(key(34, &[lower(-1), w.suffix[2]]));
    out.push(key(35, &[prev, lower(1)]));
    out.push(key(36, &[at(1).map_or(EDGE_WORD, |w| w.suffix[1])]));
    out.push(key(
        37,
        &[at(1).map_or(EDGE_WORD, |w| w.prefix[0]), shape(1)],
    ));
}

/// Reusable buffers of the tagger.
#[derive(Debug, Default)]
pub(crate) struct TagScratch {
    pub classes: Vec<u32>,
    pub features: Vec<u64>,
    pub scores: Vec<i32>,
}

impl Tagger {
    /// Tags `words` into `out` (cleared first).
    pub(crate) fn tag(&self, words: &[WordKeys], scratch: &mut TagScratch, out: &mut Vec<Upos>) {
        out.clear();
        scratch.classes.clear();
        scratch
            .classes
            .extend(words.iter().map(|w| self.lexicon.class(w)));
        scratch.scores.resize(N_UPOS, 0);
        let (mut prev, mut prev2) = (START_TAG, START_TAG);
        for i in 0..words.len() {
            let tag = match self.lexicon.sure.get(&words[i].form) {
                Some(&t) => t as usize,
                None => {
                    features(
                        words,
                        &scratch.classes,
                        i,
                        prev,
                        prev2,
                        &mut scratch.features,
                    );
                    self.weights.score(&scratch.features, &mut scratch.scores);
                    best(&scratch.scores, |_| true).unwrap_or(Upos::X as usize)
                }
            };
            out.push(Upos::from_index(tag));
            prev2 = prev;
            prev = tag as u64;
        }
    }
}

/// Previous-tag value of a tag, for training code.
pub(crate) const fn tag_value(t: Upos) -> u64 {
    t as u64
}

/// The value of "no previous tag".
pub(crate) const START: u64 = START_TAG;
