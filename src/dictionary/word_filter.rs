//! A Bloom filter in front of the dictionaries' trie of first words: most words of a scope start
//! no entry, and telling so from one hash of the word, in a few kilobytes that stay in cache,
//! spares the trie walk (a chain of dependent loads through a structure the size of the
//! dictionary, which also pushed the other stages' data out of cache).
//!
//! A filter has no false negatives: a word it turns away is neither an exact first word nor
//! starts with a stem of the dictionaries, so skipping it changes no score.

/// Hash state after one more byte (FxHash's step).
#[inline]
fn step(h: u64, b: u8) -> u64 {
    (h.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95)
}

/// Salts that make an exact word and a stem of the same bytes two different keys.
const EXACT: u64 = 0x2545_f491_4f6c_dd1d;
const STEM: u64 = 0x9e37_79b9_7f4a_7c15;

fn hash(key: &str) -> u64 {
    key.bytes().fold(0, step)
}

/// Collects the keys, then sizes the filter to them.
#[derive(Debug, Clone, Default)]
pub(crate) struct WordFilterBuilder {
    /// Salted hashes of the keys.
    keys: Vec<u64>,
    /// Bit `n` set when some stem is `n` bytes long.
    stem_lengths: u64,
    /// A stem too long for `stem_lengths`: the filter then lets every word through.
    long_stem: bool,
}

impl WordFilterBuilder {
    /// An exact first word.
    pub(crate) fn exact(&mut self, word: &str) {
        self.keys.push(hash(word) ^ EXACT);
    }

    /// A stem (`stem*`) a first word may start with.
    pub(crate) fn stem(&mut self, stem: &str) {
        match stem.len() {
            // An empty stem is never looked for (the trie's root holds no candidates).
            0 => {}
            n if n < 64 => {
                self.stem_lengths |= 1 << n;
                self.keys.push(hash(stem) ^ STEM);
            }
            _ => self.long_stem = true,
        }
    }

    /// The filter: about eight bits per key (a few percent of false positives with one
    /// probe), at least 4 KiB, at most 512 KiB.
    pub(crate) fn build(&self) -> WordFilter {
        let bits = (self.keys.len() * 8)
            .next_power_of_two()
            .clamp(1 << 15, 1 << 22);
        let mut f = WordFilter {
            bits: vec![0; bits / 64],
            shift: 64 - bits.trailing_zeros(),
            stem_lengths: self.stem_lengths,
            all: self.long_stem,
        };
        for &k in &self.keys {
            let at = f.slot(k);
            f.bits[at / 64] |= 1 << (at % 64);
        }
        f
    }
}

/// Whether a word may start an entry.
#[derive(Debug, Clone)]
pub(crate) struct WordFilter {
    bits: Vec<u64>,
    /// 64 less the log2 of the number of bits.
    shift: u32,
    stem_lengths: u64,
    /// Every word may (a stem longer than 63 bytes).
    all: bool,
}

impl Default for WordFilter {
    fn default() -> Self {
        WordFilterBuilder::default().build()
    }
}

impl WordFilter {
    #[inline]
    fn slot(&self, salted: u64) -> usize {
        (salted.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> self.shift) as usize
    }

    #[inline]
    fn has(&self, salted: u64) -> bool {
        let at = self.slot(salted);
        self.bits[at / 64] >> (at % 64) & 1 != 0
    }

    /// False when `word` (folded as the keys were) is no exact first word and starts with no
    /// stem; true when it may be or do either.
    #[inline]
    pub(crate) fn may_start_entry(&self, word: &[u8]) -> bool {
        if self.all {
            return true;
        }
        let mut h = 0u64;
        for (k, &b) in word.iter().enumerate() {
            h = step(h, b);
            let len = k + 1;
            if len < 64 && self.stem_lengths >> len & 1 != 0 && self.has(h ^ STEM) {
                return true;
            }
        }
        self.has(h ^ EXACT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_always_pass_and_most_other_words_do_not() {
        let mut b = WordFilterBuilder::default();
        b.exact("war");
        b.exact("peace");
        b.stem("threat");
        let f = b.build();
        for w in ["war", "peace", "threat", "threatens", "threatened"] {
            assert!(f.may_start_entry(w.as_bytes()), "{w}");
        }
        let others = [
            "the", "said", "minister", "wa", "warm", "peac", "threa", "talks",
        ];
        let passed = others
            .iter()
            .filter(|w| f.may_start_entry(w.as_bytes()))
            .count();
        assert!(
            passed <= 1,
            "{passed} of {} other words passed",
            others.len()
        );
    }

    #[test]
    fn a_stem_too_long_to_track_lets_everything_through() {
        let mut b = WordFilterBuilder::default();
        b.stem(&"x".repeat(70));
        assert!(b.build().may_start_entry(b"anything"));
    }
}
