//! Training: the tagger, jackknifed tags, and the parser with a dynamic oracle.
//!
//! Everything here is deterministic: a fixed-seed generator shuffles the sentences and draws
//! the exploration, maps are written sorted, and the parallel jackknife folds are independent
//! and collected in order. The dev split only decides when to stop (the epoch whose averaged
//! weights score best on it is kept); the test split is never read here.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::conllu::Sentence;
use super::hashing::WordKeys;
use super::parser::{decode, features as parse_features, Context, Move, Parser, State, NONE};
use super::perceptron::{best, Trainer, Weights};
use super::tagger::{features as tag_features, tag_value, Lexicon, TagScratch, Tagger, START};
use super::tags::{Upos, N_UPOS};
use super::Syntax;

/// What to train, and how long at most.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Most tagger epochs (dev picks the best up to this).
    pub tagger_epochs: usize,
    /// Most parser epochs (dev picks the best up to this).
    pub parser_epochs: usize,
    /// Folds of the jackknife that tags the parser's training data (1: tag it with a tagger
    /// trained on all of it, i.e. no jackknife).
    pub folds: usize,
    /// Stop after this many epochs without a better dev score.
    pub patience: usize,
    /// Seed of the shuffles and of the exploration.
    pub seed: u64,
    /// Averaged weights smaller than this are dropped from the model.
    pub prune: f32,
    /// Say what happens, on stderr.
    pub verbose: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            tagger_epochs: 8,
            parser_epochs: 20,
            folds: 5,
            patience: 3,
            seed: 20_110_601,
            prune: 0.0,
            verbose: false,
        }
    }
}

/// splitmix64: a small generator with a fixed sequence per seed.
pub(crate) struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

macro_rules! note {
    ($opts:expr, $($arg:tt)*) => {
        if $opts.verbose {
            #[allow(clippy::print_stderr)]
            { eprintln!("stance: {}", format_args!($($arg)*)); }
        }
    };
}

/// A sentence with its word keys computed once.
struct Prepared<'s> {
    s: &'s Sentence,
    keys: Vec<WordKeys>,
}

fn prepare(sentences: &[Sentence]) -> Vec<Prepared<'_>> {
    sentences
        .iter()
        .map(|s| Prepared {
            s,
            keys: s.words.iter().map(|w| WordKeys::of(w)).collect(),
        })
        .collect()
}

/// The tag dictionary and ambiguity classes of a training set.
fn build_lexicon(train: &[&Prepared<'_>]) -> Lexicon {
    let mut by_form: FxHashMap<u64, [u32; N_UPOS]> = FxHashMap::default();
    let mut by_lower: FxHashMap<u64, [u32; N_UPOS]> = FxHashMap::default();
    for p in train {
        for (k, t) in p.keys.iter().zip(&p.s.upos) {
            by_form.entry(k.form).or_insert([0; N_UPOS])[*t as usize] += 1;
            by_lower.entry(k.lower).or_insert([0; N_UPOS])[*t as usize] += 1;
        }
    }
    let mut lex = Lexicon::default();
    for (k, counts) in by_form {
        let total: u32 = counts.iter().sum();
        let (tag, &top) = counts
            .iter()
            .enumerate()
            .max_by_key(|&(i, c)| (*c, std::cmp::Reverse(i)))
            .expect("17 tags");
        // Frequent and (nearly) never anything else: tag without the model.
        if total >= 20 && f64::from(top) >= 0.995 * f64::from(total) {
            lex.sure.insert(k, tag as u8);
        }
    }
    for (k, counts) in by_lower {
        let total: u32 = counts.iter().sum();
        if total < 3 {
            continue; // too rare to know: looks like an unseen word, as at run time
        }
        let mut mask = 0u32;
        for (t, &c) in counts.iter().enumerate() {
            if f64::from(c) >= 0.05 * f64::from(total) {
                mask |= 1 << t;
            }
        }
        lex.classes.insert(k, mask);
    }
    lex
}

/// One tagger epoch over `order`.
fn tagger_epoch(
    trainer: &mut Trainer,
    lex: &Lexicon,
    data: &[&Prepared<'_>],
    order: &[usize],
    scratch: &mut TagScratch,
) {
    let mut scores = [0f32; N_UPOS];
    for &i in order {
        let p = data[i];
        scratch.classes.clear();
        scratch.classes.extend(p.keys.iter().map(|w| lex.class(w)));
        let (mut prev, mut prev2) = (START, START);
        for (k, gold) in p.s.upos.iter().enumerate() {
            let tag = match lex.sure.get(&p.keys[k].form) {
                Some(&t) => t as usize,
                None => {
                    tag_features(
                        &p.keys,
                        &scratch.classes,
                        k,
                        prev,
                        prev2,
                        &mut scratch.features,
                    );
                    trainer.score(&scratch.features, &mut scores);
                    let guess = best(&scores, |_| true).expect("17 tags");
                    trainer.update(&scratch.features, *gold as usize, guess);
                    trainer.tick();
                    guess
                }
            };
            prev2 = prev;
            prev = tag_value(Upos::from_index(tag));
        }
    }
}

/// Tagging accuracy of `tagger` on `data`.
fn tag_accuracy(tagger: &Tagger, data: &[&Prepared<'_>]) -> f64 {
    let (mut right, mut all) = (0usize, 0usize);
    let mut scratch = TagScratch::default();
    let mut out = Vec::new();
    for p in data {
        tagger.tag(&p.keys, &mut scratch, &mut out);
        right += out.iter().zip(&p.s.upos).filter(|(a, b)| a == b).count();
        all += out.len();
    }
    right as f64 / all.max(1) as f64
}

/// Trains a tagger for exactly `epochs` epochs, or, with `dev`, for the best of up to
/// `epochs` by dev accuracy. Returns the tagger and the epoch count used.
fn train_tagger(
    train: &[&Prepared<'_>],
    dev: Option<&[&Prepared<'_>]>,
    epochs: usize,
    opts: &TrainOptions,
    seed: u64,
) -> (Tagger, usize) {
    let lexicon = build_lexicon(train);
    let mut trainer = Trainer::new(N_UPOS);
    let mut rng = Rng(seed);
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut scratch = TagScratch::default();
    let mut best_so_far: Option<(f64, usize, Weights)> = None;
    for epoch in 1..=epochs {
        rng.shuffle(&mut order);
        tagger_epoch(&mut trainer, &lexicon, train, &order, &mut scratch);
        let Some(dev) = dev else { continue };
        let tagger = Tagger {
            lexicon: lexicon.clone(),
            weights: trainer.averaged(opts.prune),
        };
        let acc = tag_accuracy(&tagger, dev);
        note!(opts, "tagger epoch {epoch}: dev UPOS {acc:.4}");
        let better = best_so_far.as_ref().is_none_or(|b| acc > b.0);
        if better {
            best_so_far = Some((acc, epoch, tagger.weights));
        } else if epoch - best_so_far.as_ref().map_or(0, |b| b.1) >= opts.patience {
            break;
        }
    }
    match best_so_far {
        Some((_, epoch, weights)) => (Tagger { lexicon, weights }, epoch),
        None => (
            Tagger {
                lexicon,
                weights: trainer.averaged(opts.prune),
            },
            epochs,
        ),
    }
}

/// Each training sentence's tags as a tagger that never saw it predicts them (k-fold).
fn jackknife_tags(
    data: &[Prepared<'_>],
    epochs: usize,
    opts: &TrainOptions,
    full: &Tagger,
) -> Vec<Vec<Upos>> {
    if opts.folds < 2 {
        let mut scratch = TagScratch::default();
        return data
            .iter()
            .map(|p| {
                let mut out = Vec::new();
                full.tag(&p.keys, &mut scratch, &mut out);
                out
            })
            .collect();
    }
    let folds: Vec<Vec<(usize, Vec<Upos>)>> = (0..opts.folds)
        .into_par_iter()
        .map(|fold| {
            let train: Vec<&Prepared<'_>> = data
                .iter()
                .enumerate()
                .filter(|(i, _)| i % opts.folds != fold)
                .map(|(_, p)| p)
                .collect();
            let (tagger, _) = train_tagger(&train, None, epochs, opts, opts.seed ^ fold as u64);
            let mut scratch = TagScratch::default();
            data.iter()
                .enumerate()
                .filter(|(i, _)| i % opts.folds == fold)
                .map(|(i, p)| {
                    let mut out = Vec::new();
                    tagger.tag(&p.keys, &mut scratch, &mut out);
                    (i, out)
                })
                .collect()
        })
        .collect();
    let mut tags = vec![Vec::new(); data.len()];
    for (i, t) in folds.into_iter().flatten() {
        tags[i] = t;
    }
    tags
}

/// The labels of a training set, sorted, and the index of `root`.
fn label_set(train: &[Sentence]) -> Result<(Vec<String>, usize), String> {
    let mut labels: Vec<String> = train
        .iter()
        .flat_map(|s| s.deprels.iter().cloned())
        .collect();
    labels.sort_unstable();
    labels.dedup();
    let root = labels
        .iter()
        .position(|l| l == "root")
        .ok_or("the training data has no `root` relation")?;
    if labels.len() < 2 || labels.len() > 127 {
        return Err(format!(
            "expected between 2 and 127 relations in the training data, found {}",
            labels.len()
        ));
    }
    Ok((labels, root))
}

/// Gold heads (word indices, `n` for the root), labels and children of a sentence.
struct Gold {
    heads: Vec<u32>,
    labels: Vec<u32>,
    children: Vec<Vec<u32>>,
}

fn gold(s: &Sentence, label_index: &FxHashMap<&str, u32>) -> Gold {
    let n = s.len() as u32;
    let heads: Vec<u32> = s
        .heads
        .iter()
        .map(|&h| if h == 0 { n } else { h - 1 })
        .collect();
    let mut children = vec![Vec::new(); s.len() + 1];
    for (d, &h) in heads.iter().enumerate() {
        children[h as usize].push(d as u32);
    }
    let labels = s
        .deprels
        .iter()
        .map(|l| label_index.get(l.as_str()).copied().unwrap_or(u32::MAX))
        .collect();
    Gold {
        heads,
        labels,
        children,
    }
}

/// The cost of each unlabelled move: gold arcs it makes unreachable (Goldberg and Nivre 2013,
/// arc-hybrid). `on_stack` marks the words on the stack.
fn move_costs(st: &State, g: &Gold, on_stack: &[bool]) -> [u32; 3] {
    let depth = st.stack.len();
    let b0 = st.b;
    let s0 = if depth > 0 { st.stack[depth - 1] } else { NONE };
    let s1 = if depth > 1 { st.stack[depth - 2] } else { NONE };
    let mut shift = 0;
    if b0 < st.n {
        shift += g.children[b0 as usize]
            .iter()
            .filter(|&&d| on_stack[d as usize])
            .count() as u32;
        let h = g.heads[b0 as usize];
        if h != s0 && h < st.n && on_stack[h as usize] {
            shift += 1;
        }
    }
    let (mut left, mut right) = (0, 0);
    if s0 != NONE {
        let lost_children = g.children[s0 as usize].iter().filter(|&&d| d >= b0).count() as u32;
        let h = g.heads[s0 as usize];
        left = lost_children + u32::from(h != b0 && (h == s1 || h >= b0));
        right = lost_children + u32::from(h != s1 && h >= b0);
    }
    [shift, left, right]
}

/// One parser epoch; `explore` follows the model's own (possibly wrong) moves 90% of the time.
#[allow(clippy::too_many_arguments)]
fn parser_epoch(
    trainer: &mut Trainer,
    data: &[Prepared<'_>],
    tags: &[Vec<Upos>],
    golds: &[Gold],
    order: &[usize],
    n_labels: usize,
    root: usize,
    explore: bool,
    rng: &mut Rng,
) {
    let n_classes = Parser::n_classes(n_labels);
    let mut st = State::default();
    let mut feats = Vec::new();
    let mut scores = vec![0.0f32; n_classes];
    let mut costs = vec![0u32; n_classes];
    let mut on_stack = Vec::new();
    for &i in order {
        let (p, g) = (&data[i], &golds[i]);
        let ctx = Context {
            words: &p.keys,
            tags: &tags[i],
        };
        st.reset(p.keys.len());
        on_stack.clear();
        on_stack.resize(p.keys.len() + 1, false);
        while !st.done() {
            parse_features(&ctx, &st, &mut feats);
            trainer.score(&feats, &mut scores);
            let base = move_costs(&st, g, &on_stack);
            let depth = st.stack.len();
            let s0 = if depth > 0 { st.stack[depth - 1] } else { NONE };
            let s1 = if depth > 1 { st.stack[depth - 2] } else { NONE };
            let mut min = u32::MAX;
            for (c, cost) in costs.iter_mut().enumerate() {
                if !st.valid(c, n_labels, root) {
                    *cost = u32::MAX;
                    continue;
                }
                let (m, l) = decode(c, n_labels);
                *cost = match m {
                    Move::Shift => base[0],
                    Move::Left => {
                        let arc_is_gold = g.heads[s0 as usize] == st.b;
                        base[1] + u32::from(arc_is_gold && g.labels[s0 as usize] != l as u32)
                    }
                    Move::Right => {
                        let arc_is_gold = g.heads[s0 as usize] == s1;
                        base[2] + u32::from(arc_is_gold && g.labels[s0 as usize] != l as u32)
                    }
                };
                min = min.min(*cost);
            }
            let guess = best(&scores, |c| costs[c] != u32::MAX).expect("a valid move");
            let truth = best(&scores, |c| costs[c] == min).expect("a cheapest move");
            if costs[guess] > min {
                trainer.update(&feats, truth, guess);
            }
            trainer.tick();
            let next = if explore && rng.unit() < 0.9 {
                guess
            } else {
                truth
            };
            match decode(next, n_labels).0 {
                Move::Shift => on_stack[st.b as usize] = true,
                Move::Left | Move::Right => on_stack[s0 as usize] = false,
            }
            st.apply(next, n_labels);
        }
    }
}

/// Attachment scores of a parser on data with given tags: (UAS, LAS), punctuation included.
fn attachment(
    parser: &Parser,
    data: &[Prepared<'_>],
    tags: &[Vec<Upos>],
    golds: &[Gold],
) -> (f64, f64) {
    let mut scratch = super::parser::ParseScratch::default();
    let (mut uas, mut las, mut all) = (0usize, 0usize, 0usize);
    for ((p, t), g) in data.iter().zip(tags).zip(golds) {
        parser.parse(
            &Context {
                words: &p.keys,
                tags: t,
            },
            &mut scratch,
        );
        for d in 0..p.keys.len() {
            all += 1;
            if scratch.state.heads[d] == g.heads[d] {
                uas += 1;
                if scratch.state.labels[d] == g.labels[d] {
                    las += 1;
                }
            }
        }
    }
    let all = all.max(1) as f64;
    (uas as f64 / all, las as f64 / all)
}

/// Trains the tagger and the parser on `train`, stopping each by its score on `dev`.
pub fn train(train: &[Sentence], dev: &[Sentence], opts: &TrainOptions) -> Result<Syntax, String> {
    if train.is_empty() || dev.is_empty() {
        return Err("training needs sentences in both the training and the dev file".into());
    }
    let data = prepare(train);
    let dev_data = prepare(dev);
    let all: Vec<&Prepared<'_>> = data.iter().collect();
    let dev_refs: Vec<&Prepared<'_>> = dev_data.iter().collect();
    let (tagger, tag_epochs) =
        train_tagger(&all, Some(&dev_refs), opts.tagger_epochs, opts, opts.seed);
    note!(
        opts,
        "tagger: {tag_epochs} epochs, {:?} rows/weights",
        tagger.weights.size()
    );
    let tags = jackknife_tags(&data, tag_epochs, opts, &tagger);
    let jack_acc = {
        let right: usize = tags
            .iter()
            .zip(&data)
            .map(|(t, p)| t.iter().zip(&p.s.upos).filter(|(a, b)| a == b).count())
            .sum();
        right as f64 / data.iter().map(|p| p.keys.len()).sum::<usize>() as f64
    };
    note!(
        opts,
        "jackknifed training tags ({} folds): UPOS {jack_acc:.4}",
        opts.folds
    );
    let mut dev_tags = Vec::with_capacity(dev_data.len());
    {
        let mut scratch = TagScratch::default();
        for p in &dev_data {
            let mut out = Vec::new();
            tagger.tag(&p.keys, &mut scratch, &mut out);
            dev_tags.push(out);
        }
    }

    let (labels, root) = label_set(train)?;
    let label_index: FxHashMap<&str, u32> = labels
        .iter()
        .enumerate()
        .map(|(i, l)| (l.as_str(), i as u32))
        .collect();
    let golds: Vec<Gold> = train.iter().map(|s| gold(s, &label_index)).collect();
    let dev_golds: Vec<Gold> = dev.iter().map(|s| gold(s, &label_index)).collect();
    let n_labels = labels.len();
    let mut trainer = Trainer::new(Parser::n_classes(n_labels));
    let mut rng = Rng(opts.seed.wrapping_add(1));
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut best_so_far: Option<(f64, usize, Weights)> = None;
    for epoch in 1..=opts.parser_epochs {
        rng.shuffle(&mut order);
        parser_epoch(
            &mut trainer,
            &data,
            &tags,
            &golds,
            &order,
            n_labels,
            root,
            epoch > 1,
            &mut rng,
        );
        let parser = Parser {
            labels: labels.clone(),
            root,
            weights: trainer.averaged(opts.prune),
        };
        let (uas, las) = attachment(&parser, &dev_data, &dev_tags, &dev_golds);
        note!(
            opts,
            "parser epoch {epoch}: dev UAS {uas:.4} LAS {las:.4}, {:?} rows/weights",
            parser.weights.size()
        );
        if best_so_far.as_ref().is_none_or(|b| las > b.0) {
            best_so_far = Some((las, epoch, parser.weights));
        } else if epoch - best_so_far.as_ref().map_or(0, |b| b.1) >= opts.patience {
            break;
        }
    }
    let (_, epoch, weights) = best_so_far.expect("at least one epoch");
    note!(opts, "parser: kept epoch {epoch}");
    Ok(Syntax {
        tagger,
        parser: Parser {
            labels,
            root,
            weights,
        },
    })
}
