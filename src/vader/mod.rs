//! VADER 3.3.2 reproduced exactly, quirks included.
//!
//! This is a port of `vaderSentiment.SentimentIntensityAnalyzer.polarity_scores` (PyPI
//! `vadersentiment==3.3.2`, MIT). Every branch mirrors the reference, including its documented
//! quirks (the `but` rule's `list.index` lookup, the operator-precedence slip in the three-word
//! negation check, emoji descriptions glued to the next word). Parity is tested against the
//! reference's own outputs in `../shared/data/vader_reference/`.
//!
//! The scorer keeps its working buffers in a [`VaderScratch`] so that scoring does not allocate
//! once the buffers have grown to the longest text seen.

mod pyfloat;
mod words;

use rustc_hash::FxHashMap;
use std::collections::BTreeSet;
use std::fmt;

pub use pyfloat::{py_round, write_py_rounded, PyFloat};
use words::{booster, booster_bigram, is_py_punct, is_py_space, negated, py_isupper, special_case};
pub use words::{B_DECR, B_INCR, C_INCR, N_SCALAR};

/// The VADER lexicon as shipped in `vadersentiment==3.3.2` (found and checked by build.rs).
pub const BUNDLED_LEXICON: &str = include_str!("../../lexicons/vader/vader_lexicon.txt");
/// The emoji lexicon as shipped in `vadersentiment==3.3.2` (found and checked by build.rs).
pub const BUNDLED_EMOJI: &str = include_str!("../../lexicons/vader/emoji_utf8_lexicon.txt");

/// Scores of one text, unrounded unless made with [`Polarity::rounded`].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Polarity {
    /// Share of negative weight, in [0, 1].
    pub neg: f64,
    /// Share of neutral tokens, in [0, 1].
    pub neu: f64,
    /// Share of positive weight, in [0, 1].
    pub pos: f64,
    /// Normalised sum of valences, in [-1, 1].
    pub compound: f64,
}

impl Polarity {
    /// The values as the reference returns them: `neg`, `neu`, `pos` rounded to 3 decimals and
    /// `compound` to 4, with Python's `round` (correctly rounded, ties to even).
    pub fn rounded(&self) -> Polarity {
        Polarity {
            neg: py_round(self.neg, 3),
            neu: py_round(self.neu, 3),
            pos: py_round(self.pos, 3),
            compound: py_round(self.compound, 4),
        }
    }

    /// Writes `neg\tneu\tpos\tcompound` of the rounded values as Python prints them.
    pub fn write_tsv_row(&self, out: &mut String) {
        write_py_rounded(out, self.neg, 3);
        out.push('\t');
        write_py_rounded(out, self.neu, 3);
        out.push('\t');
        write_py_rounded(out, self.pos, 3);
        out.push('\t');
        write_py_rounded(out, self.compound, 4);
    }
}

/// A lexicon file that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct VaderLexiconError {
    /// 1-based line number.
    pub line: usize,
    /// What was wrong.
    pub reason: String,
}

impl fmt::Display for VaderLexiconError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.reason)
    }
}

/// Reusable buffers for [`Vader::polarity_scores`].
#[derive(Debug, Default)]
pub struct VaderScratch {
    text: String,
    spans: Vec<(usize, usize)>,
    lower: String,
    lower_spans: Vec<(usize, usize)>,
    sentiments: Vec<f64>,
    nonzero: Vec<usize>,
    /// The exact reading's valences before the "but" rule, for the layered reading to reuse.
    first_pass: Vec<f64>,
    /// Tokens whose valence the layer may change.
    dirty: Vec<bool>,
}

/// Entries read on top of VADER's lexicon (a domain layer such as news words). Through a layer a
/// word is also looked up without the curly quote marks around it ("war,”" at the end of a
/// quote), which VADER, stripping only ASCII punctuation, would miss.
#[derive(Debug, Clone)]
pub struct Layer {
    entries: FxHashMap<Box<str>, f64>,
    /// Bit `len` of `shapes[first byte]` is set when some entry has that first byte and length
    /// (lengths over 63 share bit 63): most words are ruled out without hashing them.
    shapes: [u64; 256],
}

impl Default for Layer {
    fn default() -> Layer {
        Layer::new(std::iter::empty())
    }
}

impl Layer {
    /// A layer of `(lowercase word, valence)` entries; a later duplicate wins.
    pub fn new<I: IntoIterator<Item = (String, f64)>>(entries: I) -> Layer {
        let entries: FxHashMap<Box<str>, f64> = entries
            .into_iter()
            .map(|(w, v)| (w.into_boxed_str(), v))
            .collect();
        let mut shapes = [0; 256];
        for word in entries.keys() {
            if let Some(&first) = word.as_bytes().first() {
                shapes[usize::from(first)] |= Layer::length_bit(word);
            }
        }
        Layer { entries, shapes }
    }

    fn length_bit(word: &str) -> u64 {
        1 << word.len().min(63)
    }

    /// Whether `word` is an entry, ruling most words out by their first byte and length.
    fn contains(&self, word: &str) -> bool {
        let may_be = match word.as_bytes().first() {
            Some(&b) => self.shapes[usize::from(b)] & Layer::length_bit(word) != 0,
            None => true,
        };
        may_be && self.entries.contains_key(word)
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the layer is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The word a layered reading looks up for a lowercased token: without curly quote marks
/// around it, then without the ASCII punctuation they hid (VADER's rule: only when more than
/// two characters remain).
fn layer_key(low: &str) -> &str {
    if low.is_ascii() {
        return low;
    }
    let unquoted = low.trim_matches(|c| matches!(c, '“' | '”' | '‘' | '’'));
    if unquoted.len() == low.len() {
        return low;
    }
    let stripped = unquoted.trim_matches(is_py_punct);
    if stripped.chars().nth(2).is_some() {
        stripped
    } else {
        unquoted
    }
}

/// Where the rules read a word's valence. Generic, so the exact reading compiles to plain
/// lexicon lookups with no test for a layer on the hot path.
trait Lookup: Copy {
    fn get(&self, low: &str) -> Option<f64>;

    fn contains(&self, low: &str) -> bool {
        self.get(low).is_some()
    }
}

/// VADER's own lexicon.
#[derive(Clone, Copy)]
struct Exact<'v>(&'v FxHashMap<Box<str>, f64>);

impl Lookup for Exact<'_> {
    fn get(&self, low: &str) -> Option<f64> {
        self.0.get(low).copied()
    }
}

/// A layer read over VADER's lexicon.
#[derive(Clone, Copy)]
struct Layered<'v> {
    base: &'v FxHashMap<Box<str>, f64>,
    layer: &'v Layer,
}

impl Lookup for Layered<'_> {
    fn get(&self, low: &str) -> Option<f64> {
        let key = layer_key(low);
        self.layer
            .entries
            .get(key)
            .or_else(|| self.base.get(key))
            .copied()
    }
}

/// The VADER scorer: the lexicon, the emoji descriptions, and optional extra entries layered on top.
#[derive(Debug, Clone)]
pub struct Vader {
    lexicon: FxHashMap<Box<str>, f64>,
    emojis: FxHashMap<char, Box<str>>,
    /// True when some emoji key is ASCII, which disables the pure-ASCII fast path.
    ascii_emoji: bool,
}

impl Vader {
    /// The reference lexicons, compiled into the binary.
    pub fn bundled() -> Vader {
        Vader::from_texts(BUNDLED_LEXICON, BUNDLED_EMOJI)
            .expect("the bundled VADER lexicons are well-formed")
    }

    /// Builds a scorer from the contents of `vader_lexicon.txt` and `emoji_utf8_lexicon.txt`,
    /// read as the reference reads them (the last duplicate wins).
    pub fn from_texts(lexicon: &str, emoji: &str) -> Result<Vader, VaderLexiconError> {
        let mut lex = FxHashMap::default();
        for (n, line) in lexicon.trim_end_matches('\n').split('\n').enumerate() {
            if line.is_empty() {
                continue;
            }
            let mut fields = line.trim_matches(is_py_space).split('\t');
            let (Some(word), Some(measure)) = (fields.next(), fields.next()) else {
                return Err(VaderLexiconError {
                    line: n + 1,
                    reason: "expected `token<TAB>mean<TAB>...`".into(),
                });
            };
            let value: f64 = measure.trim().parse().map_err(|_| VaderLexiconError {
                line: n + 1,
                reason: format!("mean {measure:?} is not a number"),
            })?;
            lex.insert(word.into(), value);
        }
        let mut emojis = FxHashMap::default();
        for (n, line) in emoji.trim_end_matches('\n').split('\n').enumerate() {
            let mut fields = line.trim_matches(is_py_space).split('\t');
            let (Some(key), Some(description)) = (fields.next(), fields.next()) else {
                return Err(VaderLexiconError {
                    line: n + 1,
                    reason: "expected `emoji<TAB>description`".into(),
                });
            };
            // The reference looks emoji up one character at a time, so longer keys never match.
            let mut chars = key.chars();
            if let (Some(c), None) = (chars.next(), chars.next()) {
                emojis.insert(c, description.into());
            }
        }
        let ascii_emoji = emojis.keys().any(char::is_ascii);
        Ok(Vader {
            lexicon: lex,
            emojis,
            ascii_emoji,
        })
    }

    /// Adds or replaces lexicon entries (a domain layer such as news words).
    pub fn extend<I: IntoIterator<Item = (String, f64)>>(&mut self, entries: I) {
        for (word, value) in entries {
            self.lexicon.insert(word.into_boxed_str(), value);
        }
    }

    /// The lexicon value of a lowercased token.
    pub fn valence_of(&self, lowercase_token: &str) -> Option<f64> {
        self.lexicon.get(lowercase_token).copied()
    }

    /// `polarity_scores(text)` of the reference, unrounded.
    pub fn polarity_scores(&self, text: &str, scratch: &mut VaderScratch) -> Polarity {
        let mut owned = std::mem::take(&mut scratch.text);
        let work = self.prepare(text, &mut owned);
        tokenize(work, scratch);
        let polarity = self.score_tokens(work, self.exact(), scratch);
        scratch.text = owned;
        polarity
    }

    /// The reference's scores and the scores with `layer` on top, from one tokenization. A
    /// token's valence depends on the lexicon only through its own word, the three before it
    /// and the one after, so the layered reading recomputes just the tokens within that reach
    /// of a word that reads differently through the layer, and none at all in most texts.
    pub fn polarity_scores_layered(
        &self,
        text: &str,
        layer: &Layer,
        scratch: &mut VaderScratch,
    ) -> (Polarity, Polarity) {
        let mut owned = std::mem::take(&mut scratch.text);
        let work = self.prepare(text, &mut owned);
        tokenize(work, scratch);
        scratch.sentiments.clear();
        token_valences(work, self.exact(), scratch, Recompute::All);
        scratch.first_pass.clear();
        scratch.first_pass.extend_from_slice(&scratch.sentiments);
        let exact = combine(work, scratch);
        let layered = Layered {
            base: &self.lexicon,
            layer,
        };
        let n = scratch.lower_spans.len();
        scratch.dirty.clear();
        scratch.dirty.resize(n, false);
        let mut differs = false;
        for k in 0..n {
            let (a, b) = scratch.lower_spans[k];
            let low = &scratch.lower[a..b];
            let key = layer_key(low);
            // Most words are neither in the small layer nor wrapped in curly quotes: one
            // lookup in the layer settles them.
            if (layer.contains(key) || key.len() != low.len())
                && layered.get(low) != self.lexicon.get(low).copied()
            {
                differs = true;
                for j in k.saturating_sub(1)..(k + 4).min(n) {
                    scratch.dirty[j] = true;
                }
            }
        }
        let with_layer = if differs {
            scratch.sentiments.clear();
            scratch.sentiments.extend_from_slice(&scratch.first_pass);
            token_valences(work, layered, scratch, Recompute::Dirty);
            combine(work, scratch)
        } else {
            exact
        };
        scratch.text = owned;
        (exact, with_layer)
    }

    fn exact(&self) -> Exact<'_> {
        Exact(&self.lexicon)
    }

    /// The text the rules read: emoji replaced by their descriptions, Python-trimmed.
    fn prepare<'t>(&self, text: &'t str, owned: &'t mut String) -> &'t str {
        if self.needs_emoji_pass(text) {
            self.replace_emoji(text, owned);
            owned.trim_matches(is_py_space)
        } else {
            text.trim_matches(is_py_space)
        }
    }

    fn needs_emoji_pass(&self, text: &str) -> bool {
        self.ascii_emoji || !text.is_ascii()
    }

    /// Replaces each emoji by its description, with the reference's spacing rule: a space before
    /// the description unless the previous character was a space, none after it.
    fn replace_emoji(&self, text: &str, out: &mut String) {
        out.clear();
        let mut prev_space = true;
        for c in text.chars() {
            if let Some(description) = self.emojis.get(&c) {
                if !prev_space {
                    out.push(' ');
                }
                out.push_str(description);
                prev_space = false;
            } else {
                out.push(c);
                prev_space = c == ' ';
            }
        }
    }

    /// The rules over the tokens in `scratch` (of `work`), reading valences through `lex`.
    fn score_tokens(&self, work: &str, lex: impl Lookup, scratch: &mut VaderScratch) -> Polarity {
        scratch.sentiments.clear();
        token_valences(work, lex, scratch, Recompute::All);
        combine(work, scratch)
    }
}

/// Which token valences [`token_valences`] computes.
#[derive(Clone, Copy, PartialEq)]
enum Recompute {
    /// Every token's, appended to an empty `sentiments`.
    All,
    /// Only those marked in `scratch.dirty`; the others keep the value in `sentiments`.
    Dirty,
}

/// Each token's valence before the "but" rule, into `scratch.sentiments`.
fn token_valences(work: &str, lex: impl Lookup, scratch: &mut VaderScratch, which: Recompute) {
    let tokens = Tokens {
        work,
        spans: &scratch.spans,
        lower: &scratch.lower,
        lower_spans: &scratch.lower_spans,
    };
    let n = tokens.len();
    let is_cap_diff = CapDiff::new(&tokens);
    let sentiments = &mut scratch.sentiments;
    for i in 0..n {
        if which == Recompute::Dirty && !scratch.dirty[i] {
            continue;
        }
        let low = tokens.low(i);
        let v = if booster(low).is_some()
            || (i + 1 < n && low == "kind" && tokens.low(i + 1) == "of")
        {
            0.0
        } else {
            sentiment_valence(lex, &tokens, i, &is_cap_diff)
        };
        match which {
            Recompute::All => sentiments.push(v),
            Recompute::Dirty => sentiments[i] = v,
        }
    }
}

/// The "but" rule and the sum into scores, over `scratch.sentiments`.
fn combine(work: &str, scratch: &mut VaderScratch) -> Polarity {
    let tokens = Tokens {
        work,
        spans: &scratch.spans,
        lower: &scratch.lower,
        lower_spans: &scratch.lower_spans,
    };
    but_check(&tokens, &mut scratch.sentiments, &mut scratch.nonzero);
    score_valence(&scratch.sentiments, work)
}

fn sentiment_valence(
    lex: impl Lookup,
    t: &Tokens<'_>,
    i: usize,
    is_cap_diff: &CapDiff<'_, '_>,
) -> f64 {
    let item_low = t.low(i);
    let Some(base) = lex.get(item_low) else {
        return 0.0;
    };
    let n = t.len();
    let mut v = base;
    if item_low == "no" && i != n - 1 && lex.contains(t.low(i + 1)) {
        v = 0.0;
    }
    if (i > 0 && t.low(i - 1) == "no")
        || (i > 1 && t.low(i - 2) == "no")
        || (i > 2 && t.low(i - 3) == "no" && matches!(t.low(i - 1), "or" | "nor"))
    {
        v = base * N_SCALAR;
    }
    if py_isupper(t.orig(i)) && is_cap_diff.get() {
        if v > 0.0 {
            v += C_INCR;
        } else {
            v -= C_INCR;
        }
    }
    for start_i in 0..3 {
        if i > start_i && !lex.contains(t.low(i - (start_i + 1))) {
            let prev = i - (start_i + 1);
            let mut s = scalar_inc_dec(t.orig(prev), t.low(prev), v, is_cap_diff);
            if start_i == 1 && s != 0.0 {
                s *= 0.95;
            }
            if start_i == 2 && s != 0.0 {
                s *= 0.9;
            }
            v += s;
            v = negation_check(v, t, start_i, i);
            if start_i == 2 {
                v = special_idioms_check(v, t, i);
            }
        }
    }
    least_check(lex, v, t, i)
}

fn least_check(lex: impl Lookup, v: f64, t: &Tokens<'_>, i: usize) -> f64 {
    if i > 1 && !lex.contains(t.low(i - 1)) && t.low(i - 1) == "least" {
        if t.low(i - 2) != "at" && t.low(i - 2) != "very" {
            return v * N_SCALAR;
        }
    } else if i > 0 && !lex.contains(t.low(i - 1)) && t.low(i - 1) == "least" {
        return v * N_SCALAR;
    }
    v
}

/// Splits on Python whitespace and strips ASCII punctuation from each token, keeping the token
/// whole when fewer than three characters would remain (emoticons, "no,").
fn tokenize(work: &str, scratch: &mut VaderScratch) {
    scratch.spans.clear();
    scratch.lower.clear();
    scratch.lower_spans.clear();
    if work.is_ascii() {
        tokenize_ascii(work, scratch);
    } else {
        tokenize_chars(work, scratch);
    }
}

/// [`tokenize`] for any text, character by character.
fn tokenize_chars(work: &str, scratch: &mut VaderScratch) {
    let base = work.as_ptr() as usize;
    for raw in work.split(is_py_space).filter(|t| !t.is_empty()) {
        let stripped = raw.trim_matches(is_py_punct);
        let token = if stripped.len() <= 2 || stripped.chars().nth(2).is_none() {
            raw
        } else {
            stripped
        };
        let start = token.as_ptr() as usize - base;
        scratch.spans.push((start, start + token.len()));
        let lstart = scratch.lower.len();
        if token.is_ascii() {
            scratch.lower.push_str(token);
            scratch.lower[lstart..].make_ascii_lowercase();
        } else if token.contains('Σ') {
            // Final-sigma rules need the whole word, as Python's `str.lower` applies them.
            scratch.lower.push_str(&token.to_lowercase());
        } else {
            for c in token.chars() {
                scratch.lower.extend(c.to_lowercase());
            }
        }
        scratch.lower_spans.push((lstart, scratch.lower.len()));
    }
}

/// [`tokenize`] for ASCII text: the same rules on bytes (one byte per character). Lowercasing
/// keeps every offset, so the text is lowercased once and each token's lowercase span is its
/// own span.
fn tokenize_ascii(work: &str, scratch: &mut VaderScratch) {
    scratch.lower.push_str(work);
    scratch.lower.make_ascii_lowercase();
    let b = work.as_bytes();
    // Python's whitespace among ASCII: \t \n \x0b \x0c \r \x1c-\x1f and space.
    let space = |c: u8| matches!(c, b' ' | b'\t'..=b'\r' | 0x1c..=0x1f);
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && space(b[i]) {
            i += 1;
        }
        let raw_start = i;
        i = non_space_run_end(b, i, space);
        if raw_start == i {
            break;
        }
        let (mut s, mut e) = (raw_start, i);
        while s < e && b[s].is_ascii_punctuation() {
            s += 1;
        }
        while e > s && b[e - 1].is_ascii_punctuation() {
            e -= 1;
        }
        if e - s <= 2 {
            (s, e) = (raw_start, i);
        }
        scratch.spans.push((s, e));
        scratch.lower_spans.push((s, e));
    }
}

/// The end of the run of bytes from `i` that are not whitespace by `space`.
///
/// A byte loop mispredicts its exit at the end of nearly every word. Every whitespace byte is
/// below 0x21, so eight bytes at a time are searched for the first byte below 0x21 (the
/// lowest flag of the classic has-less-than test is exact), and only that byte is tested.
fn non_space_run_end(b: &[u8], mut i: usize, space: impl Fn(u8) -> bool) -> usize {
    const ONES: u64 = u64::from_le_bytes([0x21; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    loop {
        while let Some(chunk) = b.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            let below = x.wrapping_sub(ONES) & !x & HIGH;
            if below != 0 {
                i += (below.trailing_zeros() / 8) as usize;
                break;
            }
            i += 8;
        }
        while b.get(i).is_some_and(|&c| c >= 0x21) {
            i += 1;
        }
        match b.get(i) {
            Some(&c) if !space(c) => i += 1, // a control character inside a word
            _ => return i,
        }
    }
}

/// The reference's `is_cap_diff` (some but not all tokens ALL CAPS), computed on first use: it
/// only matters for an all-caps lexicon word or booster, which most texts do not have.
struct CapDiff<'t, 'a> {
    tokens: &'t Tokens<'a>,
    value: std::cell::Cell<Option<bool>>,
}

impl<'t, 'a> CapDiff<'t, 'a> {
    fn new(tokens: &'t Tokens<'a>) -> Self {
        CapDiff {
            tokens,
            value: std::cell::Cell::new(None),
        }
    }

    fn get(&self) -> bool {
        if let Some(v) = self.value.get() {
            return v;
        }
        let n = self.tokens.len();
        let upper = (0..n).filter(|&i| py_isupper(self.tokens.orig(i))).count();
        let v = upper > 0 && upper < n;
        self.value.set(Some(v));
        v
    }
}

/// A view of the tokens of one text: the original spelling and the lowercased one.
struct Tokens<'a> {
    work: &'a str,
    spans: &'a [(usize, usize)],
    lower: &'a str,
    lower_spans: &'a [(usize, usize)],
}

impl<'a> Tokens<'a> {
    fn len(&self) -> usize {
        self.spans.len()
    }
    fn orig(&self, i: usize) -> &'a str {
        let (s, e) = self.spans[i];
        &self.work[s..e]
    }
    fn low(&self, i: usize) -> &'a str {
        let (s, e) = self.lower_spans[i];
        &self.lower[s..e]
    }
}

fn scalar_inc_dec(word: &str, word_low: &str, valence: f64, is_cap_diff: &CapDiff<'_, '_>) -> f64 {
    let Some(mut scalar) = booster(word_low) else {
        return 0.0;
    };
    if valence < 0.0 {
        scalar = -scalar;
    }
    if py_isupper(word) && is_cap_diff.get() {
        if valence > 0.0 {
            scalar += C_INCR;
        } else {
            scalar -= C_INCR;
        }
    }
    scalar
}

fn negation_check(v: f64, t: &Tokens<'_>, start_i: usize, i: usize) -> f64 {
    let so_or_this = |w: &str| w == "so" || w == "this";
    match start_i {
        0 => {
            if negated(t.low(i - 1)) {
                return v * N_SCALAR;
            }
        }
        1 => {
            if t.low(i - 2) == "never" && so_or_this(t.low(i - 1)) {
                return v * 1.25;
            } else if t.low(i - 2) == "without" && t.low(i - 1) == "doubt" {
                return v;
            } else if negated(t.low(i - 2)) {
                return v * N_SCALAR;
            }
        }
        _ => {
            // The reference's `a and (b or c) or (d or e)`: "so"/"this" right before the word
            // boosts even without "never".
            if (t.low(i - 3) == "never" && so_or_this(t.low(i - 2))) || so_or_this(t.low(i - 1)) {
                return v * 1.25;
            } else if t.low(i - 3) == "without"
                && (t.low(i - 2) == "doubt" || t.low(i - 1) == "doubt")
            {
                return v;
            } else if negated(t.low(i - 3)) {
                return v * N_SCALAR;
            }
        }
    }
    v
}

fn special_idioms_check(mut v: f64, t: &Tokens<'_>, i: usize) -> f64 {
    let w = |k: usize| t.low(k);
    let sequences: [&[&str]; 5] = [
        &[w(i - 1), w(i)],
        &[w(i - 2), w(i - 1), w(i)],
        &[w(i - 2), w(i - 1)],
        &[w(i - 3), w(i - 2), w(i - 1)],
        &[w(i - 3), w(i - 2)],
    ];
    if let Some(value) = sequences.iter().find_map(|seq| special_case(seq)) {
        v = value;
    }
    let n = t.len();
    if n - 1 > i {
        if let Some(value) = special_case(&[w(i), w(i + 1)]) {
            v = value;
        }
    }
    if n - 1 > i + 1 {
        if let Some(value) = special_case(&[w(i), w(i + 1), w(i + 2)]) {
            v = value;
        }
    }
    // Booster n-grams: "threetwoone" has three words and can never be a key.
    for (a, b) in [(i - 3, i - 2), (i - 2, i - 1)] {
        if let Some(value) = booster_bigram(w(a), w(b)) {
            v += value;
        }
    }
    v
}

/// The reference's `_but_check`, including its use of `list.index(value)`, which finds the first
/// slot holding an equal value while the list is being rewritten.
///
/// Zero slots can be left out of the simulation: rescaling a zero leaves it zero, and a zero
/// never equals the nonzero value searched for. So only the sentiment-bearing slots are walked,
/// searched linearly when few and through an index from value to slots when many, which keeps
/// the rule O(m log m) in their number m where the reference is quadratic in the text.
fn but_check(t: &Tokens<'_>, sentiments: &mut [f64], nonzero: &mut Vec<usize>) {
    let Some(bi) = (0..t.len()).find(|&k| t.low(k) == "but") else {
        return;
    };
    nonzero.clear();
    nonzero.extend((0..sentiments.len()).filter(|&i| sentiments[i] != 0.0));
    if nonzero.len() <= FEW_SLOTS {
        for &k in nonzero.iter() {
            let s = sentiments[k];
            let si = *nonzero
                .iter()
                .find(|&&q| sentiments[q] == s)
                .expect("the value was just read from the list");
            rescale_around_but(sentiments, si, bi, s);
        }
        return;
    }
    let mut slots: FxHashMap<u64, BTreeSet<usize>> = FxHashMap::default();
    for &i in nonzero.iter() {
        slots.entry(sentiments[i].to_bits()).or_default().insert(i);
    }
    for &k in nonzero.iter() {
        let s = sentiments[k];
        let holders = slots.get_mut(&s.to_bits()).expect("every value is indexed");
        let si = *holders
            .first()
            .expect("the value was just read from the list");
        holders.remove(&si);
        rescale_around_but(sentiments, si, bi, s);
        slots
            .entry(sentiments[si].to_bits())
            .or_default()
            .insert(si);
    }
}

/// Up to this many sentiment-bearing slots, `but_check` searches them linearly.
const FEW_SLOTS: usize = 64;

fn rescale_around_but(sentiments: &mut [f64], si: usize, bi: usize, s: f64) {
    if si < bi {
        sentiments[si] = s * 0.5;
    } else if si > bi {
        sentiments[si] = s * 1.5;
    }
}

fn punctuation_emphasis(text: &str) -> f64 {
    let bytes = text.as_bytes();
    let ep = bytes.iter().filter(|&&b| b == b'!').count().min(4);
    let qm = bytes.iter().filter(|&&b| b == b'?').count();
    let ep_amplifier = ep as f64 * 0.292;
    let qm_amplifier = if qm > 1 {
        if qm <= 3 {
            qm as f64 * 0.18
        } else {
            0.96
        }
    } else {
        0.0
    };
    ep_amplifier + qm_amplifier
}

fn normalize(score: f64) -> f64 {
    (score / (score * score + 15.0).sqrt()).clamp(-1.0, 1.0)
}

fn score_valence(sentiments: &[f64], text: &str) -> Polarity {
    if sentiments.is_empty() {
        return Polarity::default();
    }
    // CPython 3.11's `sum` adds left to right, starting from the integer 0.
    let mut sum_s = sentiments.iter().fold(0.0, |acc, &s| acc + s);
    let punct = punctuation_emphasis(text);
    if sum_s > 0.0 {
        sum_s += punct;
    } else if sum_s < 0.0 {
        sum_s -= punct;
    }
    let compound = normalize(sum_s);
    let (mut pos_sum, mut neg_sum, mut neu_count) = (0.0f64, 0.0f64, 0usize);
    for &s in sentiments {
        if s > 0.0 {
            pos_sum += s + 1.0;
        }
        if s < 0.0 {
            neg_sum += s - 1.0;
        }
        if s == 0.0 {
            neu_count += 1;
        }
    }
    if pos_sum > neg_sum.abs() {
        pos_sum += punct;
    } else if pos_sum < neg_sum.abs() {
        neg_sum -= punct;
    }
    let total = pos_sum + neg_sum.abs() + neu_count as f64;
    Polarity {
        neg: (neg_sum / total).abs(),
        neu: (neu_count as f64 / total).abs(),
        pos: (pos_sum / total).abs(),
        compound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each token's span and lowercase text.
    fn read_tokens(scratch: &VaderScratch) -> Vec<((usize, usize), String)> {
        let lows = scratch
            .lower_spans
            .iter()
            .map(|&(s, e)| scratch.lower[s..e].to_string());
        scratch.spans.iter().copied().zip(lows).collect()
    }

    proptest::proptest! {
        // Whitespace, control characters (below 0x21 like whitespace, but inside words),
        // punctuation and long words: the eight-byte search for a word's end and its tail.
        #[test]
        fn the_ascii_tokenizer_agrees_with_the_char_tokenizer(
            text in "[a-zA-Z!.,'\\- \t\n\r\x00-\x08\x0b\x0c\x0e-\x1f]{0,100}"
        ) {
            let (mut fast, mut slow) = (VaderScratch::default(), VaderScratch::default());
            tokenize(&text, &mut fast);
            tokenize_chars(&text, &mut slow);
            proptest::prop_assert_eq!(read_tokens(&fast), read_tokens(&slow));
        }
    }

    fn score(text: &str) -> Polarity {
        Vader::bundled()
            .polarity_scores(text, &mut VaderScratch::default())
            .rounded()
    }

    #[test]
    fn readme_examples_match_the_reference() {
        // Values printed by vaderSentiment 3.3.2 for the examples in its own README.
        assert_eq!(
            score("VADER is smart, handsome, and funny.").compound,
            0.8316
        );
        assert_eq!(score("The book was good.").compound, 0.4404);
        assert_eq!(score("At least it isn't a horrible book.").compound, 0.431);
    }

    #[test]
    fn documented_quirks_are_reproduced() {
        assert_eq!(score("kind but yeah").compound, 0.4215);
        assert_eq!(score("The treaty is hardly a success.").compound, 0.5302);
        assert_eq!(score("no no no no").compound, 0.5667);
        assert_eq!(score("a cake to die for").compound, -0.5994);
    }

    #[test]
    fn the_but_rule_agrees_between_short_and_long_paths() {
        // The same quirk-laden sentence padded past the short-text limit: the indexed path must
        // give what the reference's list search gives.
        let vader = Vader::bundled();
        let mut scratch = VaderScratch::default();
        let core = "kind good great but yeah kind good bad nice but great";
        let long = format!(
            "{} {core} {}",
            "good bad nice ".repeat(FEW_SLOTS),
            "ugly ".repeat(FEW_SLOTS)
        );
        let got = vader.polarity_scores(&long, &mut scratch);
        // Reference: the simple quadratic loop over the same tokens.
        let mut naive = VaderScratch::default();
        tokenize(long.trim(), &mut naive);
        let t = Tokens {
            work: long.trim(),
            spans: &naive.spans,
            lower: &naive.lower,
            lower_spans: &naive.lower_spans,
        };
        let n = t.len();
        let cap = CapDiff::new(&t);
        let mut sents: Vec<f64> = (0..n)
            .map(|i| {
                if booster(t.low(i)).is_some() {
                    0.0
                } else {
                    sentiment_valence(vader.exact(), &t, i, &cap)
                }
            })
            .collect();
        let bi = (0..n).find(|&k| t.low(k) == "but").unwrap();
        for k in 0..sents.len() {
            let s = sents[k];
            let si = sents.iter().position(|&x| x == s).unwrap();
            rescale_around_but(&mut sents, si, bi, s);
        }
        assert_eq!(got, score_valence(&sents, long.trim()));
    }

    #[test]
    fn empty_text_is_all_zero_but_punctuation_only_is_neutral() {
        assert_eq!(score("   "), Polarity::default());
        assert_eq!(score("is?").neu, 1.0);
    }
}
