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
    /// The trie as entries are added; frozen into `trie` at the end of [`DictionaryScorers::new`].
    building: WordTrie,
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

/// [`WordTrie`] laid out flat in breadth-first order: small nodes, each node's edge bytes side
/// by side, so the top levels every token walks stay in cache (the tree of Vecs cost a cache
/// miss per byte, most of the dictionaries' time).
#[derive(Debug, Clone, Default)]
struct FlatTrie {
    nodes: Vec<FlatNode>,
    edge_bytes: Vec<u8>,
    edge_targets: Vec<u32>,
    /// Per node, the entries: ranges into `ids`.
    exact: Vec<(u32, u32)>,
    stem: Vec<(u32, u32)>,
    ids: Vec<u32>,
}

#[derive(Debug, Clone, Copy, Default)]
struct FlatNode {
    edge_start: u32,
    edge_len: u16,
    has_stem: bool,
}

impl FlatTrie {
    fn freeze(tree: &WordTrie) -> FlatTrie {
        let mut flat = FlatTrie::default();
        // Breadth-first: tree node ids in the order they get flat ids.
        let mut order = vec![0u32];
        let mut k = 0;
        while k < order.len() {
            let node = &tree.nodes[order[k] as usize];
            order.extend(node.children.iter().map(|c| c.1));
            k += 1;
        }
        let mut flat_id = vec![0u32; tree.nodes.len()];
        for (i, &t) in order.iter().enumerate() {
            flat_id[t as usize] = i as u32;
        }
        for &t in &order {
            let node = &tree.nodes[t as usize];
            flat.nodes.push(FlatNode {
                edge_start: flat.edge_bytes.len() as u32,
                edge_len: node.children.len() as u16,
                has_stem: !node.stem.is_empty(),
            });
            for &(b, child) in &node.children {
                flat.edge_bytes.push(b);
                flat.edge_targets.push(flat_id[child as usize]);
            }
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
        flat
    }

    #[inline]
    fn child(&self, node: u32, byte: u8) -> Option<u32> {
        let n = self.nodes[node as usize];
        let start = n.edge_start as usize;
        let bytes = &self.edge_bytes[start..start + n.edge_len as usize];
        bytes
            .iter()
            .position(|&b| b == byte)
            .map(|k| self.edge_targets[start + k])
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
        s.trie = FlatTrie::freeze(&std::mem::take(&mut s.building));
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
            WordPattern::Exact(w) => self.building.insert(w).exact.push(id),
            WordPattern::Prefix(stem) => self.building.insert(stem).stem.push(id),
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

    /// Records, per group, the longest of `ids` that matches at token `i`.
    fn consider(
        &self,
        ids: &[u32],
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
            let fits = e.words.iter().enumerate().all(|(k, p)| {
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
        let n_scorers = self.names.len();
        let sc = scratch;
        sc.tokens.clear();
        tokenize(scope, Span::new(0, scope.len()), &mut sc.tokens);
        sc.folded.clear();
        sc.spans.clear();
        let mut words = 0usize;
        for t in &sc.tokens {
            let start = sc.folded.len() as u32;
            for c in t.text(scope).chars() {
                if c.is_ascii() {
                    sc.folded.push(c.to_ascii_lowercase());
                } else {
                    sc.folded.extend(c.to_lowercase());
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
            let mut node = Some(0u32);
            for &b in word.as_bytes() {
                node = node.and_then(|n| self.trie.child(n, b));
                match node {
                    Some(n) if self.trie.nodes[n as usize].has_stem => sc.stems.push(n),
                    Some(_) => {}
                    None => break,
                }
            }
            if let Some(n) = node {
                self.consider(self.trie.exact(n), i, folded, spans, gs);
            }
            for &n in &sc.stems {
                self.consider(self.trie.stem(n), i, folded, spans, gs);
            }
            self.consider(&self.glob_first, i, folded, spans, gs);
            for t in 0..gs.touched.len() {
                let g = gs.touched[t] as usize;
                let (len, id) = gs.best[g];
                gs.best[g] = (0, 0);
                gs.covered_until[g] = i + len;
                let e = &self.entries[id as usize];
                let negated = e.negatable && {
                    let start = sc.tokens[i].span().start;
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
