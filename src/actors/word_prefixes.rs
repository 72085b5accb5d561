//! Alias lookup word by word: a hash table of every alias prefix that ends on a word's end.
//!
//! An alias that starts with a letter or digit can only match where a word starts, and its words
//! line up with the text's words: where the alias's word ends, the text's word ends too (either
//! the alias goes on with the same non-word character as the text, or the alias ends, and a match
//! must end on a word edge). So from each word start, the text is read one word at a time, and the
//! folded bytes read so far are looked up among the aliases' prefixes; the walk stops at the first
//! prefix that no alias has. Most words are one hash and one table probe, whatever the number of
//! aliases, where an automaton over tens of thousands of aliases scans every byte through a table
//! far larger than the cache.
//!
//! Hashes are only a filter: every candidate is compared byte for byte before it counts.

use rustc_hash::{FxHashMap, FxHasher};
use std::hash::Hasher;

/// One alias prefix that ends where a word ends.
#[derive(Debug, Clone, Default)]
struct Node {
    /// The aliases that complete here or in the non-word characters right after (as "u.s." after
    /// "u.s"): a range of `completions`.
    completions: std::ops::Range<u32>,
    /// The first bytes (modulo 64) of the words that aliases go on with after this prefix; 0
    /// when none goes on. Most words after a common first word ("the", "in") start no alias, and
    /// this says so before their hash is looked up.
    next_initials: u64,
}

/// An alias that completes at a node.
#[derive(Debug, Clone, Copy)]
struct Completion {
    pattern: u32,
    /// The alias's folded length in bytes.
    len: u32,
}

/// Bits in the prefix filter: 128 KB, which stays in the cache, where the table does not.
const FILTER_BITS: u32 = 20;

/// The prefix table over the aliases that start with a letter or digit.
#[derive(Debug, Clone, Default)]
pub(super) struct WordPrefixes {
    /// One bit per prefix hash (its top bits): most words of a text start no alias, and this
    /// says so without a probe into `nodes`, which is megabytes for a large dictionary.
    filter: Vec<u64>,
    /// Prefix hash -> its node.
    nodes: FxHashMap<u64, Node>,
    completions: Vec<Completion>,
    /// The folded aliases, by pattern index (empty for the ones not in this table).
    folded: Vec<Box<str>>,
    /// The longest folded alias, in bytes: no walk reads further.
    max_len: usize,
}

/// A match of a whole alias at a word start, in folded bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct WordMatch {
    pub start: usize,
    pub end: usize,
    pub pattern: u32,
}

impl WordPrefixes {
    /// Whether an alias belongs in this table: it starts with a letter or digit.
    pub fn accepts(folded_alias: &str) -> bool {
        folded_alias
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    }

    /// Builds the table over `aliases`: (pattern index, folded alias), each accepted by
    /// [`WordPrefixes::accepts`].
    pub fn build<'a>(aliases: impl IntoIterator<Item = (u32, &'a str)>) -> WordPrefixes {
        let mut table = WordPrefixes {
            filter: vec![0; 1 << (FILTER_BITS - 6)],
            ..WordPrefixes::default()
        };
        // Completions are gathered per node first, then laid out contiguously.
        let mut pending: FxHashMap<u64, Vec<Completion>> = FxHashMap::default();
        for (pattern, alias) in aliases {
            debug_assert!(Self::accepts(alias));
            let p = pattern as usize;
            if table.folded.len() <= p {
                table.folded.resize(p + 1, Box::from(""));
            }
            table.folded[p] = Box::from(alias);
            table.max_len = table.max_len.max(alias.len());
            let mut hasher = FxHasher::default();
            let mut from = 0;
            let mut last_hash = None;
            let mut words = Words::new(alias, 0);
            while let Some((start, end)) = words.next_word() {
                if let Some(hash) = last_hash {
                    table.nodes.entry(hash).or_default().next_initials |=
                        initial_bit(alias.as_bytes()[start]);
                }
                hasher.write(&alias.as_bytes()[from..end]);
                from = end;
                let hash = hasher.finish();
                table.nodes.entry(hash).or_default();
                let bit = filter_bit(hash);
                table.filter[bit / 64] |= 1 << (bit % 64);
                last_hash = Some(hash);
            }
            let hash = last_hash.expect("an accepted alias has a first word");
            pending.entry(hash).or_default().push(Completion {
                pattern,
                len: alias.len() as u32,
            });
        }
        // Sorted by hash so that the layout does not depend on the map's iteration order.
        let mut pending: Vec<_> = pending.into_iter().collect();
        pending.sort_unstable_by_key(|(hash, _)| *hash);
        for (hash, list) in pending {
            let start = table.completions.len() as u32;
            table.completions.extend(list);
            table
                .nodes
                .get_mut(&hash)
                .expect("inserted above")
                .completions = start..table.completions.len() as u32;
        }
        table
    }

    /// Whether the table holds no alias.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Calls `found` with every alias that matches `hay` (folded text) at a word start, with both
    /// of its ends on word edges, in the order of their starts.
    pub fn find(&self, hay: &str, mut found: impl FnMut(WordMatch)) {
        if self.nodes.is_empty() {
            return;
        }
        let mut words = Words::new(hay, 0);
        while let Some((start, end)) = words.next_word() {
            self.walk(hay, start, end, &mut found);
        }
    }

    /// Follows the aliases that start with the word `hay[start..first_end]`, word by word.
    fn walk(&self, hay: &str, start: usize, first_end: usize, found: &mut impl FnMut(WordMatch)) {
        let bytes = hay.as_bytes();
        let mut hasher = FxHasher::default();
        let mut from = start;
        let mut end = first_end;
        let mut rest = Words::new(hay, first_end);
        loop {
            if end - start > self.max_len {
                return;
            }
            hasher.write(&bytes[from..end]);
            let hash = hasher.finish();
            let bit = filter_bit(hash);
            if self.filter[bit / 64] & (1 << (bit % 64)) == 0 {
                return;
            }
            let Some(node) = self.nodes.get(&hash) else {
                return;
            };
            for c in
                &self.completions[node.completions.start as usize..node.completions.end as usize]
            {
                let alias_end = start + c.len as usize;
                let alias = self.folded[c.pattern as usize].as_bytes();
                // The end is a word edge: either the text's word ends there, or the alias
                // ends in a non-word character.
                if bytes.get(start..alias_end) == Some(alias) {
                    found(WordMatch {
                        start,
                        end: alias_end,
                        pattern: c.pattern,
                    });
                }
            }
            // The next word is read only if some alias goes on after this prefix.
            if node.next_initials == 0 {
                return;
            }
            let Some((next_start, next_end)) = rest.next_word() else {
                return;
            };
            if node.next_initials & initial_bit(bytes[next_start]) == 0 {
                return;
            }
            from = end;
            end = next_end;
        }
    }
}

/// The bit of `Node::next_initials` for a word's first byte.
#[inline]
fn initial_bit(byte: u8) -> u64 {
    1 << (byte % 64)
}

/// The filter bit of a prefix hash.
#[inline]
fn filter_bit(hash: u64) -> usize {
    (hash >> (64 - FILTER_BITS)) as usize
}

/// Whether byte `i` of the folded text sits between a word character and a non-word character
/// (or the text's edge): no letter or digit on both sides.
pub(super) fn is_word_edge(hay: &str, i: usize) -> bool {
    let before = hay[..i].chars().next_back();
    let after = hay[i..].chars().next();
    !(before.is_some_and(char::is_alphanumeric) && after.is_some_and(char::is_alphanumeric))
}

/// Letters and digits among ASCII bytes, as `char::is_alphanumeric` says.
static ASCII_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// Whether the non-ASCII character at byte `i` is a letter or digit, and its length.
fn non_ascii_word_char(hay: &str, i: usize) -> (bool, usize) {
    let c = hay[i..].chars().next().expect("i is a char boundary");
    (c.is_alphanumeric(), c.len_utf8())
}

/// The words (maximal runs of letters and digits) of a text, from a byte offset on.
struct Words<'a> {
    hay: &'a str,
    pos: usize,
}

impl<'a> Words<'a> {
    fn new(hay: &'a str, pos: usize) -> Self {
        Words { hay, pos }
    }

    /// The next word, as (start, end).
    #[inline]
    fn next_word(&mut self) -> Option<(usize, usize)> {
        let bytes = self.hay.as_bytes();
        let mut i = self.pos;
        // ASCII bytes are classified by table; only the rest is decoded.
        let start = loop {
            let Some(&b) = bytes.get(i) else {
                self.pos = i;
                return None;
            };
            if b < 0x80 {
                if ASCII_WORD[b as usize] {
                    break i;
                }
                i += 1;
            } else {
                let (word, n) = non_ascii_word_char(self.hay, i);
                if word {
                    break i;
                }
                i += n;
            }
        };
        while let Some(&b) = bytes.get(i) {
            if b < 0x80 {
                if !ASCII_WORD[b as usize] {
                    break;
                }
                i += 1;
            } else {
                let (word, n) = non_ascii_word_char(self.hay, i);
                if !word {
                    break;
                }
                i += n;
            }
        }
        self.pos = i;
        Some((start, i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches(aliases: &[&str], hay: &str) -> Vec<(usize, usize, u32)> {
        let table = WordPrefixes::build(aliases.iter().enumerate().map(|(i, a)| (i as u32, *a)));
        let mut out = Vec::new();
        table.find(hay, |m| out.push((m.start, m.end, m.pattern)));
        out.sort_unstable();
        out
    }

    #[test]
    fn aliases_match_whole_words_only() {
        let aliases = ["haftar", "al-serraj", "u.s.", "u.s", "united states", "un"];
        assert_eq!(
            matches(&aliases, "haftarists met al-serraj and the u.s. un"),
            vec![(15, 24, 1), (33, 36, 3), (33, 37, 2), (38, 40, 5)],
            "'u.s.' and 'u.s' both match"
        );
        assert_eq!(
            matches(&aliases, "the united  states, united states"),
            vec![(20, 33, 4)]
        );
        assert!(matches(&aliases, "al serraj, unhcr, haftar1").is_empty());
        assert_eq!(
            matches(&aliases, "u.s.a"),
            vec![(0, 3, 3), (0, 4, 2)],
            "an alias that ends in punctuation ends on a word edge"
        );
    }

    #[test]
    fn non_ascii_letters_are_word_characters() {
        assert!(matches(&["ali"], "éali alié").is_empty());
        assert_eq!(matches(&["ali"], "é ali"), vec![(3, 6, 0)]);
    }
}
