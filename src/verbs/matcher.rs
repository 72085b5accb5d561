//! Finds a dictionary verb in a sentence and the most specific pattern of its block.
//!
//! The sentence arrives as word ids ([`VerbDictionary::word_ids`] maps lowercase tokens once
//! per sentence into a reused buffer): matching compares integers and allocates nothing.
//! Precedence follows PETRARCH: a block's patterns are tried longest first (the number of
//! words and prepositions they require; the file's order breaks ties), and when none matches
//! the verb's own code, else its block's, decides.

use super::{Atom, Code, Phrase, PrepPhrase, VerbDictionary, WordId, NO_WORD};

/// A verb found in a sentence, and what decided its code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerbMatch {
    /// The first word of the verb (a compound's front words included).
    pub start: usize,
    /// One past its last word.
    pub end: usize,
    /// The verb form (index into [`VerbDictionary::forms`]).
    pub form: u32,
    /// The pattern that decided, or `None` for the verb's (or block's) default code.
    pub pattern: Option<u32>,
}

impl VerbMatch {
    /// The code it gives; `None` for the null code (the verb gives no event here).
    pub fn code<'d>(&self, dict: &'d VerbDictionary) -> Option<&'d str> {
        self.code_of(dict).as_str()
    }

    fn code_of<'d>(&self, dict: &'d VerbDictionary) -> &'d Code {
        match self.pattern {
            Some(p) => &dict.patterns[p as usize].code,
            None => &dict.forms[self.form as usize].code,
        }
    }
}

/// Reused buffers of [`VerbDictionary::scan`]: which dictionary words the sentence holds,
/// as a bit set over word ids (set and cleared per sentence, never reallocated once grown).
#[derive(Debug, Clone, Default)]
pub struct MatchScratch {
    present: Vec<u64>,
}

/// Which words a sentence holds, for the patterns' quick check.
enum Presence<'a> {
    Bits(&'a [u64]),
    Scan(&'a [WordId]),
}

impl Presence<'_> {
    #[inline]
    fn has(&self, w: WordId) -> bool {
        match self {
            Presence::Bits(bits) => bits
                .get(w as usize / 64)
                .is_some_and(|b| b & (1 << (w % 64)) != 0),
            Presence::Scan(words) => words.contains(&w),
        }
    }
}

impl VerbDictionary {
    /// Maps words to ids into `out` (cleared first), lowercasing through `scratch` only when
    /// a word has capitals: one hash lookup per word, no allocation once the buffers grew.
    pub fn word_ids<'w>(
        &self,
        words: impl IntoIterator<Item = &'w str>,
        scratch: &mut String,
        out: &mut Vec<WordId>,
    ) {
        out.clear();
        for word in words {
            let id = if word.bytes().any(|b| b.is_ascii_uppercase() || b >= 0x80) {
                scratch.clear();
                scratch.extend(word.chars().flat_map(char::to_lowercase));
                self.word_id(scratch)
            } else {
                self.word_id(word)
            };
            out.push(id);
        }
    }

    /// The verb form at `pos`, with the span of its compound words: compounds (`ask for`)
    /// are tried before the single word.
    pub fn verb_at(&self, words: &[WordId], pos: usize) -> Option<(u32, usize, usize)> {
        let word = *words.get(pos)?;
        if word == NO_WORD {
            return None;
        }
        for &f in self.by_word.get(&word)? {
            let form = &self.forms[f as usize];
            let front_ok =
                form.front.len() <= pos && words[pos - form.front.len()..pos] == form.front[..];
            let back_end = pos + 1 + form.back.len();
            let back_ok = back_end <= words.len() && words[pos + 1..back_end] == form.back[..];
            if front_ok && back_ok {
                return Some((f, pos - form.front.len(), back_end));
            }
        }
        None
    }

    /// The verb at `pos` and the most specific pattern of its block that matches the words
    /// around it; `None` when no dictionary verb is at `pos`.
    pub fn match_at(&self, words: &[WordId], pos: usize) -> Option<VerbMatch> {
        self.match_with(words, pos, &Presence::Scan(words))
    }

    fn match_with(&self, words: &[WordId], pos: usize, present: &Presence) -> Option<VerbMatch> {
        let (form, start, end) = self.verb_at(words, pos)?;
        let block = &self.blocks[self.forms[form as usize].block as usize];
        let pattern = block.patterns.iter().copied().find(|&p| {
            self.patterns[p as usize]
                .required
                .iter()
                .all(|&w| present.has(w))
                && self.pattern_matches(p, words, start, end)
        });
        Some(VerbMatch {
            start,
            end,
            form,
            pattern,
        })
    }

    /// Every verb of the sentence with its match, in order, into `out` (cleared first).
    pub fn scan(&self, words: &[WordId], scratch: &mut MatchScratch, out: &mut Vec<VerbMatch>) {
        out.clear();
        let bits = &mut scratch.present;
        bits.resize(self.words.len().div_ceil(64), 0);
        for &w in words.iter().filter(|&&w| w != NO_WORD) {
            bits[w as usize / 64] |= 1 << (w % 64);
        }
        let present = Presence::Bits(bits);
        out.extend((0..words.len()).filter_map(|pos| self.match_with(words, pos, &present)));
        for &w in words.iter().filter(|&&w| w != NO_WORD) {
            bits[w as usize / 64] = 0;
        }
    }

    fn pattern_matches(&self, p: u32, words: &[WordId], start: usize, end: usize) -> bool {
        let pattern = &self.patterns[p as usize];
        let len = words.len();
        self.sequence_end(&pattern.before, words, 0, start)
            .is_some()
            && pattern
                .before_preps
                .iter()
                .all(|prep| self.prep_found(prep, words, 0, start))
            && self.sequence_end(&pattern.after, words, end, len).is_some()
            && pattern
                .preps
                .iter()
                .all(|prep| self.prep_found(prep, words, end, len))
    }

    /// The preposition somewhere in `from..limit`, followed (in order) by its objects.
    fn prep_found(&self, prep: &PrepPhrase, words: &[WordId], from: usize, limit: usize) -> bool {
        (from..limit).any(|p| {
            self.atoms_end(std::slice::from_ref(&prep.prep), words, p, limit)
                .is_some_and(|after| {
                    self.sequence_end(&prep.objects, words, after, limit)
                        .is_some()
                })
        })
    }

    /// Where the phrases, in order, can end within `from..limit` (each at its earliest).
    fn sequence_end(
        &self,
        phrases: &[Phrase],
        words: &[WordId],
        from: usize,
        limit: usize,
    ) -> Option<usize> {
        let mut at = from;
        for phrase in phrases {
            at = (at..limit).find_map(|p| self.atoms_end(phrase, words, p, limit))?;
        }
        Some(at)
    }

    /// The earliest end of consecutive `atoms` starting exactly at `p`, within `limit`.
    fn atoms_end(&self, atoms: &[Atom], words: &[WordId], p: usize, limit: usize) -> Option<usize> {
        let Some((first, rest)) = atoms.split_first() else {
            return Some(p);
        };
        if p >= limit || words[p] == NO_WORD {
            return None;
        }
        match *first {
            Atom::Word(w) => (words[p] == w).then(|| self.atoms_end(rest, words, p + 1, limit))?,
            Atom::Synset(s) => {
                let members = self.synset_by_first.get(&(s, words[p]))?;
                members
                    .iter()
                    .filter_map(|&m| {
                        let member = &self.synsets[s as usize].members[m as usize];
                        let end = p + member.len();
                        (end <= limit && words[p..end] == member[..])
                            .then(|| self.atoms_end(rest, words, end, limit))?
                    })
                    .min()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::reader;
    use super::*;

    const DICT: &str = "\
&WEAPON
+MISSILE
+MACHINE_GUN

--- ACCUSE [112] ---
ACCUSE
DENOUNCE [111]
+LASH_OUT {+LASHES_OUT +LASHED_OUT +LASHING_OUT}
- * (OF &WEAPON) [1123]
- * (OF {WAR CRIMES}) [1122]
- ALLIES * [---]

--- SEND [---] ---
SEND {SENDS SENT SENDING}
- * &WEAPON (TO) [194]
- * AID [070]
";

    fn ids(dict: &VerbDictionary, sentence: &str) -> Vec<WordId> {
        let mut out = Vec::new();
        dict.word_ids(sentence.split_whitespace(), &mut String::new(), &mut out);
        out
    }

    fn code_at(dict: &VerbDictionary, sentence: &str, verb: &str) -> Option<String> {
        let words = ids(dict, sentence);
        let pos = sentence.split_whitespace().position(|w| w == verb).unwrap();
        dict.match_at(&words, pos)
            .and_then(|m| m.code(dict).map(str::to_owned))
    }

    #[test]
    fn the_most_specific_pattern_decides_else_the_default() {
        let dict = reader::parse("t.txt", DICT).unwrap();
        assert_eq!(
            code_at(&dict, "Gondor accused Rohan", "accused").as_deref(),
            Some("112")
        );
        assert_eq!(
            code_at(&dict, "Gondor denounces Rohan", "denounces").as_deref(),
            Some("111")
        );
        assert_eq!(
            code_at(&dict, "Gondor accused Rohan of war crimes today", "accused").as_deref(),
            Some("1122")
        );
        assert_eq!(
            code_at(&dict, "Gondor accused Rohan of using missiles", "accused").as_deref(),
            Some("1123"),
            "a synset member's plural, in a prepositional phrase"
        );
        // Words of a pattern after `*` are not found before the verb.
        assert_eq!(
            code_at(&dict, "war crimes of Gondor accused", "accused").as_deref(),
            Some("112")
        );
        // A pattern with the null code says: no event.
        assert_eq!(code_at(&dict, "the allies accused Rohan", "accused"), None);
        assert_eq!(
            code_at(&dict, "Gondor sent missiles to Rohan", "sent").as_deref(),
            Some("194")
        );
        assert_eq!(
            code_at(&dict, "Gondor sent a letter", "sent"),
            None,
            "block default is null"
        );
        let words = ids(&dict, "Gondor sends aid");
        assert!(dict.match_at(&words, 0).is_none(), "not a verb");
    }

    #[test]
    fn compound_verbs_match_their_words_together() {
        let dict = reader::parse("t.txt", DICT).unwrap();
        let words = ids(&dict, "Rohan lashed out at Gondor");
        let m = dict.match_at(&words, 1).unwrap();
        assert_eq!((m.start, m.end), (1, 3));
        assert_eq!(m.code(&dict), Some("112"));
        let words = ids(&dict, "Rohan lashed Gondor");
        assert!(
            dict.match_at(&words, 1).is_none(),
            "`lashed` alone is not in the block"
        );
    }

    #[test]
    fn scan_finds_every_verb() {
        let dict = reader::parse("t.txt", DICT).unwrap();
        let words = ids(&dict, "Gondor accused Rohan and sent aid");
        let mut found = Vec::new();
        dict.scan(&words, &mut MatchScratch::default(), &mut found);
        let codes: Vec<_> = found.iter().map(|m| m.code(&dict)).collect();
        assert_eq!(codes, [Some("112"), Some("070")]);
    }

    #[test]
    fn scan_with_its_word_set_agrees_with_match_at() {
        let dict = VerbDictionary::bundled();
        let sentences = [
            "The government asked for humanitarian aid and rushed police to the border",
            "Rebels launched rockets from the city and the army vowed to fight the rebels",
            "Officials said they would ask the court for an investigation of the killings",
        ];
        let mut scratch = MatchScratch::default();
        let mut found = Vec::new();
        let mut coded = 0;
        for sentence in sentences {
            let words = ids(&dict, sentence);
            dict.scan(&words, &mut scratch, &mut found);
            let one_by_one: Vec<VerbMatch> = (0..words.len())
                .filter_map(|p| dict.match_at(&words, p))
                .collect();
            assert_eq!(found, one_by_one, "{sentence}");
            coded += found.iter().filter(|m| m.pattern.is_some()).count();
        }
        assert!(coded >= 3, "patterns decided {coded} verbs");
        assert!(
            scratch.present.iter().all(|&b| b == 0),
            "the word set is cleared"
        );
    }
}
