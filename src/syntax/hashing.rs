//! Feature keys: templates and values folded into one `u64`, and the per-word values both
//! models read (form, lowercase, affixes, shape), computed once per word without allocating.

/// Folds `v` into the running key `h` (the FxHash step: cheap and good enough for keys that a
/// hash map hashes again).
#[inline]
pub(crate) fn mix(h: u64, v: u64) -> u64 {
    (h.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// A final avalanche, so that keys differing in one input differ in many bits (the model file
/// stores them sorted, and the map's own hash takes the high bits).
#[inline]
pub(crate) fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The key of template `t` with values `vs`.
#[inline]
pub(crate) fn key(t: u64, vs: &[u64]) -> u64 {
    let mut h = mix(0x9e37_79b9_7f4a_7c15, t);
    for &v in vs {
        h = mix(h, v);
    }
    finish(h)
}

/// Longest suffix the tagger reads, in characters.
pub(crate) const MAX_SUFFIX: usize = 4;
/// Longest prefix the tagger reads, in characters.
pub(crate) const MAX_PREFIX: usize = 3;

/// What the models know of one word, as hashes (0 never stands for a real value).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct WordKeys {
    /// The form as written.
    pub form: u64,
    /// The lowercase form.
    pub lower: u64,
    /// Lowercase suffixes of 1..=MAX_SUFFIX characters (a short word repeats its whole form).
    pub suffix: [u64; MAX_SUFFIX],
    /// Lowercase prefixes of 1..=MAX_PREFIX characters.
    pub prefix: [u64; MAX_PREFIX],
    /// The shape: X for an uppercase letter, x lowercase, d digit, other characters as they
    /// are, runs of the same class cut at two ("Xxx", "dd.d", "XX").
    pub shape: u64,
}

/// Hashes of a sequence of characters, not allocating.
#[inline]
fn hash_chars(chars: impl Iterator<Item = char>) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for c in chars {
        h = mix(h, c as u64);
    }
    finish(h) | 1
}

fn lower(c: char) -> char {
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        // Most letters lower to one character; the rare ones that lower to several keep the
        // first, which is all a feature needs.
        c.to_lowercase().next().unwrap_or(c)
    }
}

impl WordKeys {
    /// The keys of `word`.
    pub(crate) fn of(word: &str) -> WordKeys {
        let form = hash_chars(word.chars());
        let lower_h = hash_chars(word.chars().map(lower));
        let mut suffix = [0u64; MAX_SUFFIX];
        let mut h = 0x1234_5678u64;
        let mut n = 0;
        for c in word.chars().rev().take(MAX_SUFFIX) {
            h = mix(h, lower(c) as u64);
            suffix[n] = finish(h) | 1;
            n += 1;
        }
        for k in n..MAX_SUFFIX {
            suffix[k] = suffix[n.saturating_sub(1)];
        }
        let mut prefix = [0u64; MAX_PREFIX];
        let mut h = 0x8765_4321u64;
        let mut n = 0;
        for c in word.chars().take(MAX_PREFIX) {
            h = mix(h, lower(c) as u64);
            prefix[n] = finish(h) | 1;
            n += 1;
        }
        for k in n..MAX_PREFIX {
            prefix[k] = prefix[n.saturating_sub(1)];
        }
        let mut h = 0x5151u64;
        let mut last = '\0';
        let mut run = 0;
        for c in word.chars() {
            let class = if c.is_uppercase() {
                'X'
            } else if c.is_lowercase() {
                'x'
            } else if c.is_ascii_digit() {
                'd'
            } else if c.is_alphabetic() {
                'a'
            } else {
                c
            };
            if class == last {
                run += 1;
            } else {
                last = class;
                run = 1;
            }
            if run <= 2 {
                h = mix(h, class as u64);
            }
        }
        WordKeys {
            form,
            lower: lower_h,
            suffix,
            prefix,
            shape: finish(h) | 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_case_and_share_affixes() {
        let a = WordKeys::of("Talks");
        let b = WordKeys::of("talks");
        assert_ne!(a.form, b.form);
        assert_eq!(a.lower, b.lower);
        assert_eq!(a.suffix, b.suffix);
        assert_eq!(WordKeys::of("parks").suffix[..2], a.suffix[..2]);
        assert_ne!(WordKeys::of("parks").suffix[2], a.suffix[2]);
        assert_eq!(WordKeys::of("Libya").shape, WordKeys::of("Tripoli").shape);
        assert_ne!(WordKeys::of("UN").shape, WordKeys::of("Un").shape);
        let short = WordKeys::of("a");
        assert!(short.suffix.iter().all(|&s| s == short.suffix[0] && s != 0));
    }
}
