//! Dictionaries as scorers of a scope: every dictionary compiled into one index, the scope
//! tokenised and folded once into reused buffers, each scorer's value written into a caller's
//! slice. The engine calls it once per scope (`--lexicon`, [`crate::scorers::ScorerSet`]).
//!
//! What a dictionary scores:
//! - **polarity** (categories `positive`/`negative`, or a mapping given by the user; Lexicoder's
//!   `neg_positive` counts as negative and `neg_negative` as positive, as LSD2015's authors
//!   count them): one signed scorer, `(pos - neg) / (pos + neg)` over the matches, `None`
//!   without any;
//! - **weights** (a list whose entries carry weights): the mean weight of the matches divided
//!   by the largest absolute weight of the list, so in [-1, 1]; `None` without matches;
//! - **categories**: one scorer per category, `NAME.CATEGORY`, the share of the scope's words
//!   that its matches cover (matches counted, so a two-word entry counts once).
//!
//! Within a polarity or weights dictionary the longest match at a place wins and the words it
//! covers are not matched again ("not good" in LSD2015's negation file hides "good"); within a
//! category likewise. With negation on (polarity and weights), a match within three words after
//! a negator of the engine's list ("not", "never", "refused"...) is flipped and scaled, as the
//! cue scorer does.

use super::word_filter::{WordFilter, WordFilterBuilder};
use super::{Dictionary, WordPattern};
use crate::scorers::cues::{is_negated, NEGATION_SCALAR};
use crate::text::{tokenize, Span, Token, TokenKind};

/// How a dictionary becomes scorers.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    /// One signed scorer: categories counted +1 and -1 by name.
    Polarity {
        /// Categories that count +1.
        positive: Vec<String>,
        /// Categories that count -1.
        negative: Vec<String>,
    },
    /// One scorer: the mean weight, scaled by the list's largest absolute weight.
    Weights,
    /// One scorer per category: the share of the scope's words it matches.
    Categories,
}

impl Mode {
    /// The mode a dictionary implies: polarity when its categories are named positive and
    /// negative (and LSD2015's negated pairs), weights when every entry has a weight and the
    /// dictionary has one category, categories otherwise.
    pub fn implied(d: &Dictionary) -> Mode {
        let has = |n: &str| d.categories.iter().any(|c| c.name.eq_ignore_ascii_case(n));
        if has("positive") && has("negative") {
            let pick = |names: &[&str]| {
                d.categories
                    .iter()
                    .filter(|c| names.iter().any(|n| c.name.eq_ignore_ascii_case(n)))
                    .map(|c| c.name.clone())
                    .collect()
            };
            return Mode::Polarity {
                positive: pick(&["positive", "neg_negative"]),
                negative: pick(&["negative", "neg_positive"]),
            };
        }
        let weighted = d
            .categories
            .iter()
            .flat_map(|c| &c.entries)
            .all(|e| e.weight.is_some());
        if weighted && d.categories.len() == 1 {
            Mode::Weights
        } else {
            Mode::Categories
        }
    }
}

/// What a match adds to.
#[derive(Debug, Clone, Copy)]
enum Effect {
    /// A polarity scorer: +1 or -1.
    Signed { sign: f64 },
    /// A weights scorer: the entry's weight, already divided by the list's largest.
    Weighted { weight: f64 },
    /// A category scorer: one match.
    Count,
}

#[derive(Debug, Clone)]
struct CompiledEntry {
    words: Vec<WordPattern>,
    scorer: u32,
    /// Matches of one group do not overlap: a dictionary (polarity, weights) or a category.
    group: u32,
    effect: Effect,
    negatable: bool,
}

/// The scorers of a set of dictionaries, compiled together.
#[derive(Debug, Clone, Default)]
pub struct DictionaryScorers {
    names: Vec<String>,
    /// Per scorer: whether it is a category share (always valued) or a mean (`None` when empty).
    share: Vec<bool>,
    entries: Vec<CompiledEntry>,
    /// The first words of all entries, exact and prefix: one walk along a token's bytes finds
    /// both, and most tokens leave the trie after a byte or two, without hashing anything.
    trie: FlatTrie,
    /// In front of the trie: whether a word may start an entry at all.
    filter: WordFilter,
    /// The trie and the filter as entries are added; frozen into `trie` and `filter` at the
    /// end of [`DictionaryScorers::new`].
    building: (WordTrie, WordFilterBuilder),
    glob_first: Vec<u32>,
    groups: usize,
}

/// A byte trie of entries' first words. A node holds the entries whose first word is exactly
/// the bytes that lead to it, and those whose first word is a prefix (`stem*`) ending there.
#[derive(Debug, Clone)]
struct WordTrie {
    nodes: Vec<TrieNode>,
}

#[derive(Debug, Clone, Default)]
struct TrieNode {
    /// Sorted by byte.
    children: Vec<(u8, u32)>,
    exact: Vec<u32>,
    stem: Vec<u32>,
}

impl Default for WordTrie {
    fn default() -> Self {
        WordTrie {
            nodes: vec![TrieNode::default()],
        }
    }
}

impl WordTrie {
    fn child(&self, node: u32, byte: u8) -> Option<u32> {
        let children = &self.nodes[node as usize].children;
        children
            .binary_search_by_key(&byte, |c| c.0)
            .ok()
            .map(|k| children[k].1)
    }

    /// The node `key` leads to, made if new.
    fn insert(&mut self, key: &str) -> &mut TrieNode {
        let mut node = 0u32;
        for &b in key.as_bytes() {
            node = match self.child(node, b) {
                Some(n) => n,
                None => {
                    let n = self.nodes.len() as u32;
                    self.nodes.push(TrieNode::default());
                    let children = &mut self.nodes[node as usize].children;
                    let at = children.partition_point(|c| c.0 < b);
                    children.insert(at, (b, n));
                    n
                }
            };
        }
        &mut self.nodes[node as usize]
    }
}

/// [`WordTrie`] laid out for the walk every word of every scope makes, one dependent load per
/// byte: depth-first, so a walk runs forward through memory; a node of one or two children holds
/// them inline; a node of more has a row indexed by byte class, so no search and no
/// mispredicted loop exit (the linear search of edge bytes was most of the dictionaries' time).
/// A child is `id | STEM | EXACT`, `STEM` when the child ends a stem (`stem*`), `EXACT` when it
/// ends an exact first word; 0 is no child (the root is no one's child).
#[derive(Debug, Clone)]
struct FlatTrie {
    /// Byte -> its class, from 1, for the bytes the entries' first words hold; 0 for the
    /// others, where every walk ends.
    class: [u16; 256],
    nodes: Vec<FlatNode>,
    /// Rows of `classes` children of the nodes with more than [`INLINE`] children.
    rows: Vec<u32>,
    /// Per node, the entries: ranges into `ids`.
    exact: Vec<(u32, u32)>,
    stem: Vec<(u32, u32)>,
    ids: Vec<u32>,
}

/// Children a node holds inline.
const INLINE: usize = 2;

/// The mark of a child that ends a stem.
const STEM: u32 = 1 << 31;

/// The mark of a child that ends an exact first word.
const EXACT: u32 = 1 << 30;

/// The bits of a child that are its id.
const ID: u32 = EXACT - 1;

#[derive(Debug, Clone, Copy, Default)]
struct FlatNode {
    /// With more than [`INLINE`] children, the start of its row in `rows` plus one; else 0.
    row: u32,
    bytes: [u8; INLINE],
    children: [u32; INLINE],
}

impl Default for FlatTrie {
    fn default() -> Self {
        FlatTrie::freeze(&WordTrie::default())
    }
}

impl FlatTrie {
    fn freeze(tree: &WordTrie) -> FlatTrie {
        let mut class = [0u16; 256];
        let mut classes = 0usize;
        for node in &tree.nodes {
            for &(b, _) in &node.children {
                if class[b as usize] == 0 {
                    classes += 1;
                    class[b as usize] = classes as u16;
                }
            }
        }
        let mut flat = FlatTrie {
            class,
            nodes: Vec::with_capacity(tree.nodes.len()),
            rows: Vec::new(),
            exact: Vec::with_capacity(tree.nodes.len()),
            stem: Vec::with_capacity(tree.nodes.len()),
            ids: Vec::new(),
        };
        // Depth-first, children in byte order: the tree node ids in the order they get flat
        // ids. A word's walk then runs forward through memory, and the long chains of
        // single-child nodes near the leaves sit in consecutive nodes (breadth-first order
        // scattered them, a cache miss a byte).
        let mut order = Vec::with_capacity(tree.nodes.len());
        let mut stack = vec![0u32];
        while let Some(t) = stack.pop() {
            order.push(t);
            stack.extend(tree.nodes[t as usize].children.iter().rev().map(|c| c.1));
        }
        let mut flat_id = vec![0u32; tree.nodes.len()];
        for (i, &t) in order.iter().enumerate() {
            flat_id[t as usize] = i as u32;
        }
        let child = |t: u32| {
            let node = &tree.nodes[t as usize];
            let stem = if node.stem.is_empty() { 0 } else { STEM };
            let exact = if node.exact.is_empty() { 0 } else { EXACT };
            flat_id[t as usize] | stem | exact
        };
        for &t in &order {
            let node = &tree.nodes[t as usize];
            let mut f = FlatNode::default();
            if node.children.len() > INLINE {
                f.row = flat.rows.len() as u32 + 1;
                let start = flat.rows.len();
                flat.rows.resize(start + classes, 0);
                for &(b, c) in &node.children {
                    flat.rows[start + class[b as usize] as usize - 1] = child(c);
                }
            } else {
                for (k, &(b, c)) in node.children.iter().enumerate() {
                    f.bytes[k] = b;
                    f.children[k] = child(c);
                }
            }
            flat.nodes.push(f);
            let mut range = |ids: &[u32]| {
                let start = flat.ids.len() as u32;
                flat.ids.extend_from_slice(ids);
                (start, flat.ids.len() as u32)
            };
            let exact = range(&node.exact);
            let stem = range(&node.stem);
            flat.exact.push(exact);
            flat.stem.push(stem);
        }
        assert!(
            flat.nodes.len() <= ID as usize,
            "a dictionary of 2^30 trie nodes"
        );
        flat
    }

    /// The child of `node` along `byte` (`id | STEM | EXACT`), 0 when there is none.
    #[inline]
    fn child(&self, node: u32, byte: u8) -> u32 {
        let n = &self.nodes[node as usize];
        if n.row != 0 {
            match self.class[byte as usize] as usize {
                0 => 0,
                c => self.rows[n.row as usize - 1 + c - 1],
            }
        } else if n.bytes[0] == byte {
            // An absent inline child is 0, none, whatever its byte.
            n.children[0]
        } else if n.bytes[1] == byte {
            n.children[1]
        } else {
            0
        }
    }

    fn exact(&self, node: u32) -> &[u32] {
        let (a, b) = self.exact[node as usize];
        &self.ids[a as usize..b as usize]
    }

    fn stem(&self, node: u32) -> &[u32] {
        let (a, b) = self.stem[node as usize];
        &self.ids[a as usize..b as usize]
    }
}

/// Buffers reused from scope to scope, so scoring does not allocate per token.
#[derive(Debug, Default)]
pub struct DictionaryScratch {
    tokens: Vec<Token>,
    folded: String,
    /// Per token: its range in `folded`, and whether it is a word or number.
    spans: Vec<(u32, u32, bool)>,
    sums: Vec<f64>,
    counts: Vec<u32>,
    groups: GroupState,
    /// Trie nodes of the current token's prefixes that end a stem, shortest first.
    stems: Vec<u32>,
}

/// Per group: where its last match ended, and its longest match at the current token.
#[derive(Debug, Default)]
struct GroupState {
    covered_until: Vec<usize>,
    best: Vec<(usize, u32)>,
    touched: Vec<u32>,
}

impl DictionaryScorers {
    /// Compiles `(name, dictionary, mode, negation)` into one set of scorers, named `NAME` for
    /// polarity and weights and `NAME.CATEGORY` for categories, in the order given.
    pub fn new(dictionaries: &[(String, &Dictionary, Mode, bool)]) -> Result<Self, String> {
        let mut s = DictionaryScorers::default();
        for (name, d, mode, negation) in dictionaries {
            match mode {
                Mode::Polarity { positive, negative } => {
                    let scorer = s.add_scorer(name.clone(), false);
                    let group = s.new_group();
                    for n in positive.iter().chain(negative) {
                        if d.category(n).is_none() {
                            return Err(format!("{name}: no category `{n}`"));
                        }
                    }
                    for c in &d.categories {
                        let sign = if positive.contains(&c.name) {
                            1.0
                        } else if negative.contains(&c.name) {
                            -1.0
                        } else {
                            continue;
                        };
                        for e in &c.entries {
                            s.add_entry(
                                e.pattern.words(),
                                scorer,
                                group,
                                Effect::Signed { sign },
                                *negation,
                            );
                        }
                    }
                }
                Mode::Weights => {
                    let scorer = s.add_scorer(name.clone(), false);
                    let group = s.new_group();
                    let largest = d
                        .categories
                        .iter()
                        .flat_map(|c| &c.entries)
                        .filter_map(|e| e.weight)
                        .fold(0.0_f64, |m, w| m.max(w.abs()));
                    if largest == 0.0 {
                        return Err(format!("{name}: every weight is 0 or missing"));
                    }
                    for e in d.categories.iter().flat_map(|c| &c.entries) {
                        let weight = e.weight.unwrap_or(0.0) / largest;
                        s.add_entry(
                            e.pattern.words(),
                            scorer,
                            group,
                            Effect::Weighted { weight },
                            *negation,
                        );
                    }
                }
                Mode::Categories => {
                    for c in &d.categories {
                        let scorer = s.add_scorer(format!("{name}.{}", c.name), true);
                        let group = s.new_group();
                        for e in &c.entries {
                            s.add_entry(e.pattern.words(), scorer, group, Effect::Count, false);
                        }
                    }
                }
            }
        }
        let (trie, filter) = std::mem::take(&mut s.building);
        s.trie = FlatTrie::freeze(&trie);
        s.filter = filter.build();
        Ok(s)
    }

    fn add_scorer(&mut self, name: String, share: bool) -> u32 {
        self.names.push(name);
        self.share.push(share);
        (self.names.len() - 1) as u32
    }

    fn new_group(&mut self) -> u32 {
        self.groups += 1;
        (self.groups - 1) as u32
    }

    fn add_entry(
        &mut self,
        words: &[WordPattern],
        scorer: u32,
        group: u32,
        effect: Effect,
        negatable: bool,
    ) {
        let id = self.entries.len() as u32;
        match &words[0] {
            WordPattern::Exact(w) => {
                self.building.1.exact(w);
                self.building.0.insert(w).exact.push(id)
            }
            WordPattern::Prefix(stem) => {
                self.building.1.stem(stem);
                self.building.0.insert(stem).stem.push(id)
            }
            WordPattern::Glob(_) => self.glob_first.push(id),
        }
        self.entries.push(CompiledEntry {
            words: words.to_vec(),
            scorer,
            group,
            effect,
            negatable,
        });
    }

    /// Records, per group, the longest of `ids` that matches at token `i`, their words from
    /// `from` on checked (the first word is known to match when the trie found them).
    fn consider(
        &self,
        ids: &[u32],
        from: usize,
        i: usize,
        folded: &str,
        spans: &[(u32, u32, bool)],
        gs: &mut GroupState,
    ) {
        for &id in ids {
            let e = &self.entries[id as usize];
            let g = e.group as usize;
            let len = e.words.len();
            if gs.covered_until[g] > i || i + len > spans.len() {
                continue;
            }
            let fits = e.words.iter().enumerate().skip(from).all(|(k, p)| {
                let (a, b, _) = spans[i + k];
                p.matches(&folded[a as usize..b as usize])
            });
            if !fits {
                continue;
            }
            if gs.best[g].0 == 0 {
                gs.touched.push(e.group);
            }
            if len > gs.best[g].0 {
                gs.best[g] = (len, id);
            }
        }
    }

    /// The scorers' names, in the order of [`DictionaryScorers::score`]'s output.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Scores `scope` into `out` (one slot per scorer, `names()` order).
    pub fn score(&self, scope: &str, scratch: &mut DictionaryScratch, out: &mut [Option<f64>]) {
        let mut tokens = std::mem::take(&mut scratch.tokens);
        tokens.clear();
        tokenize(scope, Span::new(0, scope.len()), &mut tokens);
        self.score_tokens(scope, 0, &tokens, scratch, out);
        scratch.tokens = tokens;
    }

    /// [`DictionaryScorers::score`] with the scope's tokens given: `tokens` are what
    /// [`tokenize`] gives for `scope`, with offsets `base` higher (the scope's place in the
    /// document the tokens come from), so a document tokenised once is not tokenised again.
    pub fn score_tokens(
        &self,
        scope: &str,
        base: usize,
        tokens: &[Token],
        scratch: &mut DictionaryScratch,
        out: &mut [Option<f64>],
    ) {
        let n_scorers = self.names.len();
        let sc = scratch;
        sc.folded.clear();
        sc.spans.clear();
        let mut words = 0usize;
        let local = |t: &Token| {
            let span = t.span();
            Span::new(span.start - base, span.end - base)
        };
        for t in tokens {
            let start = sc.folded.len() as u32;
            let text = local(t).slice(scope);
            if text.is_ascii() {
                sc.folded.push_str(text);
                sc.folded[start as usize..].make_ascii_lowercase();
            } else {
                for c in text.chars() {
                    if c.is_ascii() {
                        sc.folded.push(c.to_ascii_lowercase());
                    } else {
                        sc.folded.extend(c.to_lowercase());
                    }
                }
            }
            let is_word = matches!(t.kind(), TokenKind::Word | TokenKind::Number);
            words += usize::from(is_word);
            sc.spans.push((start, sc.folded.len() as u32, is_word));
        }
        sc.sums.clear();
        sc.sums.resize(n_scorers, 0.0);
        sc.counts.clear();
        sc.counts.resize(n_scorers, 0);
        let gs = &mut sc.groups;
        gs.covered_until.clear();
        gs.covered_until.resize(self.groups, 0);
        gs.best.clear();
        gs.best.resize(self.groups, (0, 0));
        let (folded, spans) = (sc.folded.as_str(), sc.spans.as_slice());
        for i in 0..spans.len() {
            if !spans[i].2 {
                continue;
            }
            let word = &folded[spans[i].0 as usize..spans[i].1 as usize];
            gs.touched.clear();
            // Exact entries first, then stems from the shortest: the order ties are broken in.
            sc.stems.clear();
            let mut node = 0u32;
            let mut exact = false;
            // Most words start no entry: the filter says so without walking the trie.
            let mut whole = self.filter.may_start_entry(word.as_bytes());
            if whole {
                for &b in word.as_bytes() {
                    let next = self.trie.child(node, b);
                    if next == 0 {
                        whole = false;
                        break;
                    }
                    node = next & ID;
                    exact = next & EXACT != 0;
                    if next & STEM != 0 {
                        sc.stems.push(node);
                    }
                }
            }
            // The trie matched the first word of these entries already.
            if whole && exact {
                self.consider(self.trie.exact(node), 1, i, folded, spans, gs);
            }
            for &n in &sc.stems {
                self.consider(self.trie.stem(n), 1, i, folded, spans, gs);
            }
            self.consider(&self.glob_first, 0, i, folded, spans, gs);
            for t in 0..gs.touched.len() {
                let g = gs.touched[t] as usize;
                let (len, id) = gs.best[g];
                gs.best[g] = (0, 0);
                gs.covered_until[g] = i + len;
                let e = &self.entries[id as usize];
                let negated = e.negatable && {
                    let start = local(&tokens[i]).start;
                    is_negated(&scope[..start])
                };
                let value = match e.effect {
                    Effect::Signed { sign } => sign,
                    Effect::Weighted { weight } => weight,
                    Effect::Count => 1.0,
                };
                let value = if negated {
                    value * NEGATION_SCALAR
                } else {
                    value
                };
                sc.sums[e.scorer as usize] += value;
                sc.counts[e.scorer as usize] += 1;
            }
        }
        for (k, slot) in out.iter_mut().enumerate().take(n_scorers) {
            *slot = if self.share[k] {
                (words > 0).then(|| f64::from(sc.counts[k]) / words as f64)
            } else if sc.counts[k] == 0 {
                None
            } else {
                // Polarity: (pos - neg) / (pos + neg), with negated matches at NEGATION_SCALAR;
                // weights: the mean scaled weight. Both are the mean of the matches' values.
                Some((sc.sums[k] / f64::from(sc.counts[k])).clamp(-1.0, 1.0))
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dictionary::{parse, ReadOptions};

    fn dict(ext: &str, text: &str) -> Dictionary {
        parse("t", "t", Some(ext), text.as_bytes(), ReadOptions::default())
            .unwrap()
            .dictionary
    }

    fn scores(set: &DictionaryScorers, scope: &str) -> Vec<Option<f64>> {
        let mut out = vec![Some(9.0); set.names().len()];
        set.score(scope, &mut DictionaryScratch::default(), &mut out);
        out
    }

    #[test]
    fn polarity_counts_lexicoder_negation_pairs_and_negators() {
        let d = dict(
            "lc3",
            "+negative\nbad\nterribl*\n+positive\ngood\n+neg_positive\nnot good\n",
        );
        let mode = Mode::implied(&d);
        assert_eq!(
            mode,
            Mode::Polarity {
                positive: vec!["positive".into()],
                negative: vec!["negative".into(), "neg_positive".into()],
            }
        );
        let set = DictionaryScorers::new(&[("lsd".into(), &d, mode, true)]).unwrap();
        assert_eq!(set.names(), ["lsd"]);
        assert_eq!(scores(&set, "The plan is good but terrible."), [Some(0.0)]);
        // "not good" is a negative entry and hides its "good".
        assert_eq!(scores(&set, "This is not good."), [Some(-1.0)]);
        // A negator before "bad" flips it, scaled as the cue scorer scales.
        assert_eq!(scores(&set, "It is not bad."), [Some(0.74)]);
        assert_eq!(scores(&set, "Nothing to see."), [None]);
    }

    #[test]
    fn weights_are_the_mean_scaled_by_the_largest() {
        let d = dict("tsv", "good\t3\nbad\t-3\nawful\t-5\nwell done\t2\n");
        assert_eq!(Mode::implied(&d), Mode::Weights);
        let set = DictionaryScorers::new(&[("afinn".into(), &d, Mode::Weights, false)]).unwrap();
        let got = scores(&set, "Good and bad and AWFUL.")[0].unwrap();
        assert!((got - (0.6 - 0.6 - 1.0) / 3.0).abs() < 1e-12, "{got}");
        assert_eq!(scores(&set, "Well done!"), [Some(0.4)]);
        assert_eq!(scores(&set, "Plain words."), [None]);
    }

    #[test]
    fn categories_are_shares_of_the_scope_words() {
        let d = dict(
            "dic",
            "%\n1\tcare\n2\tharm\n3\tfairness\n%\nprotect*\t1\nsafe\t1\nkill\t2 3\nfair play\t3\n",
        );
        let a = dict("tsv", "good\t1\n");
        let set = DictionaryScorers::new(&[
            ("moral".into(), &d, Mode::Categories, false),
            ("a".into(), &a, Mode::Weights, true),
        ])
        .unwrap();
        assert_eq!(
            set.names(),
            ["moral.care", "moral.harm", "moral.fairness", "a"]
        );
        // Six words (the full stop is not one).
        let got = scores(&set, "They protected the safe and kill.");
        assert_eq!(
            got,
            [Some(2.0 / 6.0), Some(1.0 / 6.0), Some(1.0 / 6.0), None]
        );
        // A two-word entry is one match; its words are not matched again.
        let got = scores(&set, "Fair play, fair play!");
        assert_eq!(got[2], Some(2.0 / 4.0));
        assert_eq!(scores(&set, "")[0], None, "no words, no share");
    }

    #[test]
    fn polarity_needs_the_categories_it_names() {
        let d = dict("lc3", "+up\ngood\n");
        let mode = Mode::Polarity {
            positive: vec!["up".into()],
            negative: vec!["down".into()],
        };
        assert!(DictionaryScorers::new(&[("x".into(), &d, mode, true)]).is_err());
    }
}
