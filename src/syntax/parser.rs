//! The dependency parser: greedy arc-hybrid transitions chosen by an averaged perceptron.
//!
//! Words are `0..n`; the root is word `n`, at the end of the buffer (as in Honnibal's "Parsing
//! English in 500 lines"), so that the root takes its one child last. Moves:
//! - SHIFT: push the first word of the buffer onto the stack;
//! - LEFT(l): the top of the stack becomes a dependent (relation l) of the buffer's first word,
//!   and is popped;
//! - RIGHT(l): the top of the stack becomes a dependent of the word below it, and is popped.
//!
//! LEFT to the root is allowed only with one word left on the stack and only with the label
//! `root`, so every parse is a tree with exactly one root word. Class 0 is SHIFT, `1 + l` is
//! LEFT(l) and `1 + L + l` is RIGHT(l), for L labels.

use super::hashing::{key, WordKeys};
use super::perceptron::{best, Weights};
use super::tags::Upos;

/// "No word" in heads and child slots.
pub(crate) const NONE: u32 = u32::MAX;

/// A move of the transition system, without its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Move {
    Shift,
    Left,
    Right,
}

/// The labels and weights of the parser.
#[derive(Debug, Clone, Default)]
pub(crate) struct Parser {
    /// Relation names, sorted; their index is the label.
    pub labels: Vec<String>,
    /// The index of `root` in `labels`.
    pub root: usize,
    pub weights: Weights,
}

/// A class's move and label.
#[inline]
pub(crate) fn decode(class: usize, n_labels: usize) -> (Move, usize) {
    if class == 0 {
        (Move::Shift, 0)
    } else if class <= n_labels {
        (Move::Left, class - 1)
    } else {
        (Move::Right, class - 1 - n_labels)
    }
}

/// The parser's configuration: stack, buffer front, arcs so far and each word's outermost
/// children (for features). Reused across sentences.
#[derive(Debug, Default, Clone)]
pub(crate) struct State {
    pub n: u32,
    pub stack: Vec<u32>,
    /// The first word of the buffer; the buffer is `b..=n` (the root last).
    pub b: u32,
    pub heads: Vec<u32>,
    pub labels: Vec<u32>,
    /// Per word: leftmost and second leftmost child.
    pub lefts: Vec<[u32; 2]>,
    /// Per word: rightmost and second rightmost child.
    pub rights: Vec<[u32; 2]>,
    pub n_left: Vec<u8>,
    pub n_right: Vec<u8>,
}

impl State {
    /// The start state for `n` words.
    pub(crate) fn reset(&mut self, n: usize) {
        let m = n + 1;
        self.n = n as u32;
        self.stack.clear();
        self.b = 0;
        for v in [&mut self.heads, &mut self.labels] {
            v.clear();
            v.resize(m, NONE);
        }
        for v in [&mut self.lefts, &mut self.rights] {
            v.clear();
            v.resize(m, [NONE; 2]);
        }
        for v in [&mut self.n_left, &mut self.n_right] {
            v.clear();
            v.resize(m, 0);
        }
    }

    /// True when the parse is complete.
    pub(crate) fn done(&self) -> bool {
        self.stack.is_empty() && self.b == self.n
    }

    /// Whether `class` may be taken now.
    #[inline]
    pub(crate) fn valid(&self, class: usize, n_labels: usize, root: usize) -> bool {
        let (m, l) = decode(class, n_labels);
        let depth = self.stack.len();
        match m {
            Move::Shift => self.b < self.n,
            Move::Left => {
                if self.b == self.n {
                    depth == 1 && l == root
                } else {
                    depth >= 1 && l != root
                }
            }
            Move::Right => depth >= 2 && l != root,
        }
    }

    /// Takes `class`, which must be valid.
    pub(crate) fn apply(&mut self, class: usize, n_labels: usize) {
        let (m, l) = decode(class, n_labels);
        match m {
            Move::Shift => {
                self.stack.push(self.b);
                self.b += 1;
            }
            Move::Left => {
                let d = self.stack.pop().expect("LEFT needs a stack");
                self.attach(self.b, d, l as u32);
            }
            Move::Right => {
                let d = self.stack.pop().expect("RIGHT needs two words");
                let h = *self.stack.last().expect("RIGHT needs two words");
                self.attach(h, d, l as u32);
            }
        }
    }

    fn attach(&mut self, h: u32, d: u32, label: u32) {
        let (h_, d_) = (h as usize, d as usize);
        self.heads[d_] = h;
        self.labels[d_] = label;
        if d < h {
            self.n_left[h_] = self.n_left[h_].saturating_add(1);
            let slot = &mut self.lefts[h_];
            if slot[0] == NONE || d < slot[0] {
                slot[1] = slot[0];
                slot[0] = d;
            } else if slot[1] == NONE || d < slot[1] {
                slot[1] = d;
            }
        } else {
            self.n_right[h_] = self.n_right[h_].saturating_add(1);
            let slot = &mut self.rights[h_];
            if slot[0] == NONE || d > slot[0] {
                slot[1] = slot[0];
                slot[0] = d;
            } else if slot[1] == NONE || d > slot[1] {
                slot[1] = d;
            }
        }
    }
}

/// Word and tag values of the positions features read.
const NO_WORD: u64 = 0x0;
const ROOT_WORD: u64 = 0x2007;
const NO_TAG: u64 = 200;
const ROOT_TAG: u64 = 201;
const NO_LABEL: u64 = 300;

/// What the features know of the sentence: each word's lowercase key and tag.
pub(crate) struct Context<'a> {
    pub words: &'a [WordKeys],
    pub tags: &'a [Upos],
}

impl Context<'_> {
    #[inline]
    fn word(&self, i: u32) -> u64 {
        if i == NONE {
            NO_WORD
        } else {
            self.words.get(i as usize).map_or(ROOT_WORD, |w| w.lower)
        }
    }

    #[inline]
    fn tag(&self, i: u32) -> u64 {
        if i == NONE {
            NO_TAG
        } else {
            self.tags.get(i as usize).map_or(ROOT_TAG, |&t| t as u64)
        }
    }
}

impl Context<'_> {
    /// A finer tag: the part of speech with the word's last two letters, which tells apart
    /// what UPOS merges and the parser needs (`VERB`+"ed" vs `VERB`+"ng", `NOUN`+"s").
    #[inline]
    fn fine(&self, i: u32) -> u64 {
        let tag = self.tag(i);
        match self.words.get(i as usize) {
            Some(w) if i != NONE => super::hashing::mix(tag, w.suffix[1]),
            _ => tag,
        }
    }
}

fn distance_bucket(d: u32) -> u64 {
    match d {
        0..=4 => u64::from(d),
        5..=9 => 5,
        _ => 6,
    }
}

/// The features of `state` (Zhang and Nivre 2011's templates, adapted to arc-hybrid, where the
/// word below the stack top is a candidate head too).
pub(crate) fn features(ctx: &Context<'_>, st: &State, out: &mut Vec<u64>) {
    out.clear();
    let depth = st.stack.len();
    let s = |k: usize| {
        if depth > k {
            st.stack[depth - 1 - k]
        } else {
            NONE
        }
    };
    let (s0, s1, s2) = (s(0), s(1), s(2));
    let b0 = st.b;
    let b1 = if b0 < st.n { b0 + 1 } else { NONE };
    let b2 = if b0 + 2 <= st.n { b0 + 2 } else { NONE };
    let child =
        |i: u32, side: &[[u32; 2]], k: usize| if i == NONE { NONE } else { side[i as usize][k] };
    let label = |i: u32| -> u64 {
        if i == NONE {
            NO_LABEL
        } else {
            u64::from(st.labels[i as usize])
        }
    };
    let valency = |i: u32, side: &[u8]| {
        if i == NONE {
            99
        } else {
            u64::from(side[i as usize])
        }
    };
    let s0l = child(s0, &st.lefts, 0);
    let s0l2 = child(s0, &st.lefts, 1);
    let s0r = child(s0, &st.rights, 0);
    let s0r2 = child(s0, &st.rights, 1);
    let s1l = child(s1, &st.lefts, 0);
    let s1r = child(s1, &st.rights, 0);
    let s1r2 = child(s1, &st.rights, 1);
    let b0l = child(b0, &st.lefts, 0);
    let b0l2 = child(b0, &st.lefts, 1);

    let (w, t) = (|i| ctx.word(i), |i| ctx.tag(i));
    let (s0w, s0t, s1w, s1t, s2w, s2t) = (w(s0), t(s0), w(s1), t(s1), w(s2), t(s2));
    let (b0w, b0t, b1w, b1t, b2w, b2t) = (w(b0), t(b0), w(b1), t(b1), w(b2), t(b2));
    let d = if s0 == NONE {
        99
    } else {
        distance_bucket(b0 - s0)
    };
    let d1 = if s1 == NONE {
        99
    } else {
        distance_bucket(s0 - s1)
    };

    let mut f = |id: u64, vs: &[u64]| out.push(key(1000 + id, vs));
    f(0, &[]);
    // Single positions.
    f(1, &[s0w]);
    f(2, &[s0t]);
    f(3, &[s0w, s0t]);
    f(4, &[s1w]);
    f(5, &[s1t]);
    f(6, &[s1w, s1t]);
    f(7, &[s2w]);
    f(8, &[s2t]);
    f(9, &[b0w]);
    f(10, &[b0t]);
    f(11, &[b0w, b0t]);
    f(12, &[b1w]);
    f(13, &[b1t]);
    f(14, &[b1w, b1t]);
    f(15, &[b2w]);
    f(16, &[b2t]);
    // Pairs.
    f(20, &[s0w, s0t, b0w, b0t]);
    f(21, &[s0w, s0t, b0w]);
    f(22, &[s0w, b0w, b0t]);
    f(23, &[s0w, s0t, b0t]);
    f(24, &[s0t, b0w, b0t]);
    f(25, &[s0w, b0w]);
    f(26, &[s0t, b0t]);
    f(27, &[b0t, b1t]);
    f(28, &[s1w, s1t, s0w, s0t]);
    f(29, &[s1w, s0w]);
    f(30, &[s1t, s0t]);
    f(31, &[s1t, s0w, s0t]);
    f(32, &[s1w, s1t, s0t]);
    f(33, &[s1w, s0t]);
    f(34, &[s1t, s0w]);
    f(35, &[b0w, b1w]);
    // Triples of tags.
    f(40, &[b0t, b1t, b2t]);
    f(41, &[s0t, b0t, b1t]);
    f(42, &[s1t, s0t, b0t]);
    f(43, &[s2t, s1t, s0t]);
    f(44, &[s0t, t(s0l), b0t]);
    f(45, &[s0t, t(s0r), b0t]);
    f(46, &[s0t, b0t, t(b0l)]);
    f(47, &[s1t, t(s1r), s0t]);
    f(48, &[s1t, s0t, t(s0l)]);
    f(49, &[s1t, s0t, t(s0r)]);
    f(50, &[s1t, t(s1l), s0t]);
    f(51, &[s1t, s0t, b0t, b1t]);
    // Distance.
    f(60, &[s0w, d]);
    f(61, &[s0t, d]);
    f(62, &[b0w, d]);
    f(63, &[b0t, d]);
    f(64, &[s0w, b0w, d]);
    f(65, &[s0t, b0t, d]);
    f(66, &[s1t, s0t, d1]);
    f(67, &[s1w, s0w, d1]);
    f(68, &[s1w, s0t, d1]);
    f(69, &[s1t, s0w, d1]);
    // Valency.
    let (s0vl, s0vr, s1vr, b0vl) = (
        valency(s0, &st.n_left),
        valency(s0, &st.n_right),
        valency(s1, &st.n_right),
        valency(b0, &st.n_left),
    );
    f(70, &[s0w, s0vr]);
    f(71, &[s0t, s0vr]);
    f(72, &[s0w, s0vl]);
    f(73, &[s0t, s0vl]);
    f(74, &[b0w, b0vl]);
    f(75, &[b0t, b0vl]);
    f(76, &[s1t, s1vr]);
    // Children.
    f(80, &[w(s0l)]);
    f(81, &[t(s0l)]);
    f(82, &[label(s0l)]);
    f(83, &[w(s0r)]);
    f(84, &[t(s0r)]);
    f(85, &[label(s0r)]);
    f(86, &[w(b0l)]);
    f(87, &[t(b0l)]);
    f(88, &[label(b0l)]);
    f(89, &[w(s1r)]);
    f(90, &[t(s1r)]);
    f(91, &[label(s1r)]);
    f(92, &[w(s0l2)]);
    f(93, &[t(s0l2)]);
    f(94, &[label(s0l2)]);
    f(95, &[w(s0r2)]);
    f(96, &[t(s0r2)]);
    f(97, &[label(s0r2)]);
    f(98, &[w(b0l2)]);
    f(99, &[t(b0l2)]);
    f(100, &[label(b0l2)]);
    f(101, &[s0t, label(s0l), label(s0l2)]);
    f(102, &[s0t, label(s0r), label(s0r2)]);
    f(103, &[b0t, label(b0l), label(b0l2)]);
    f(104, &[s0t, t(s0l), t(s0l2)]);
    f(105, &[s0t, t(s0r), t(s0r2)]);
    f(106, &[b0t, t(b0l), t(b0l2)]);
    f(107, &[s1t, label(s1r), label(s1r2)]);
    f(108, &[s0w, label(s0l)]);
    f(109, &[s0w, label(s0r)]);
    f(110, &[b0w, label(b0l)]);
    f(111, &[s1w, label(s1r)]);
    // Finer tags of the four positions that decide most moves.
    let fine = |i| ctx.fine(i);
    let (s0f, s1f, b0f, b1f) = (fine(s0), fine(s1), fine(b0), fine(b1));
    f(120, &[s0f]);
    f(121, &[s1f]);
    f(122, &[b0f]);
    f(123, &[b1f]);
    f(124, &[s0f, b0f]);
    f(125, &[s1f, s0f]);
    f(126, &[s0f, b0f, b1f]);
    f(127, &[s1f, s0f, b0f]);
    f(128, &[s0f, b0f, d]);
    f(129, &[s1f, s0f, d1]);
}

/// Reusable buffers of the parser.
#[derive(Debug, Default)]
pub(crate) struct ParseScratch {
    pub state: State,
    pub features: Vec<u64>,
    pub scores: Vec<i32>,
}

impl Parser {
    /// The number of classes: SHIFT and a LEFT and RIGHT per label.
    pub(crate) fn n_classes(n_labels: usize) -> usize {
        1 + 2 * n_labels
    }

    /// Parses a tagged sentence; the heads and labels are left in `scratch.state` (heads as
    /// word indices, `n` for the root).
    pub(crate) fn parse(&self, ctx: &Context<'_>, scratch: &mut ParseScratch) {
        let n_labels = self.labels.len();
        let st = &mut scratch.state;
        st.reset(ctx.words.len());
        scratch.scores.resize(Self::n_classes(n_labels), 0);
        while !st.done() {
            features(ctx, st, &mut scratch.features);
            self.weights.score(&scratch.features, &mut scratch.scores);
            let class = best(&scratch.scores, |c| st.valid(c, n_labels, self.root))
                .expect("a state that is not final has a valid move");
            st.apply(class, n_labels);
        }
    }
}
