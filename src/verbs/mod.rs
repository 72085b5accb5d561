//! PETRARCH-2's CAMEO verb dictionary, read as it is, and a matcher over a sentence's words.
//!
//! A verb dictionary (`CAMEO.2.0.txt`, or the PETRARCH unit tests' `PETR.Validate.verbs.txt`)
//! holds synsets (`&NAME` with `+WORD` members), verb blocks (`--- NAME [code] ---`) whose verb
//! lines give the forms of each verb, and patterns (`- words * words (PREP words) [code]`) that
//! refine the block's code by the words around the verb. [`reader`] turns the file into a
//! [`VerbDictionary`] (every error named by file and line), [`forms`] spells the regular
//! verb forms as PETRARCH does, [`matcher`] finds a verb in a sentence and its most specific
//! pattern, and [`goldstein`] weighs a CAMEO code on the Goldstein conflict-cooperation scale.
//!
//! What PETRARCH reads from its parse tree we read from word order: words before `*` must
//! occur, in order, before the verb; words after it, after the verb; a prepositional phrase
//! `(PREP w ...)` is the preposition after the verb followed by its words. Source and target
//! markers (`$`, `+`, `^`, `%`) need actors, which the matcher does not see: they are read,
//! counted and not required. Transformations (`~ ...`) re-code nested events (a SAY whose
//! content is an ATTACK) and need the event structure of a parse: they are read, kept as text
//! and counted, never applied.

pub mod forms;
pub mod goldstein;
pub mod matcher;
pub mod reader;
pub mod unittests;

use rustc_hash::FxHashMap;

pub use goldstein::GoldsteinScale;
pub use matcher::VerbMatch;
pub use reader::VerbCounts;

/// The bundled dictionary: PETRARCH-2's `CAMEO.2.0.txt` (MIT, Open Event Data Alliance).
pub const BUNDLED_NAME: &str = "lexicons/verbs/CAMEO.2.0.txt";

/// An interned dictionary word (lowercase); [`NO_WORD`] for a sentence word the dictionary
/// does not know.
pub type WordId = u32;

/// A sentence word that no pattern, synset or verb mentions.
pub const NO_WORD: WordId = u32::MAX;

/// A CAMEO event code as the dictionary writes it between brackets, with PETRARCH's
/// conventions applied: `[---]` is the null code (no event); `[042:043]` codes the source's
/// action and the target's reply, of which we keep the first (`[:190]` keeps 190).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code(Option<Box<str>>);

impl Code {
    /// The null code: the verb or pattern gives no event.
    pub const NULL: Code = Code(None);

    /// Reads the text between brackets; `None` when it is not a code (empty after trimming
    /// is the null code, as `---` is).
    pub fn parse(inside: &str) -> Option<Code> {
        let inside = inside.trim();
        let (first, second) = inside.split_once(':').unwrap_or((inside, ""));
        let pick = |part: &str| {
            let part = part.trim();
            (!part.is_empty() && part != "---").then(|| part.to_owned())
        };
        for part in [first, second] {
            let part = part.trim();
            if part.chars().any(char::is_whitespace) {
                return None;
            }
        }
        Some(Code(
            pick(first)
                .or_else(|| pick(second))
                .map(String::into_boxed_str),
        ))
    }

    /// The code, or `None` for the null code.
    pub fn as_str(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

/// One element of a pattern: a word or a synset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Atom {
    /// This word.
    Word(WordId),
    /// Any member of this synset (an index into [`VerbDictionary::synsets`]).
    Synset(u32),
}

/// Consecutive atoms: one word, or a `{A B}` phrase.
pub type Phrase = Vec<Atom>;

/// A prepositional phrase of a pattern: `(PREP w ...)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrepPhrase {
    /// The preposition.
    pub prep: Atom,
    /// What it governs, in order (may be empty: `(TO)`).
    pub objects: Vec<Phrase>,
}

/// A pattern of a verb block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Its block (index into [`VerbDictionary::blocks`]).
    pub block: u32,
    /// The code it gives.
    pub code: Code,
    /// Phrases that must occur before the verb, in order.
    pub before: Vec<Phrase>,
    /// Phrases that must occur after the verb, in order.
    pub after: Vec<Phrase>,
    /// Prepositional phrases after the verb (before-verb ones are kept in `before_preps`).
    pub preps: Vec<PrepPhrase>,
    /// Prepositional phrases before the verb.
    pub before_preps: Vec<PrepPhrase>,
    /// How many words and prepositions it requires: longer patterns are tried first.
    pub specificity: u16,
    /// Every plain word it requires (synsets aside): a sentence lacking one of them cannot
    /// match, which the matcher checks first.
    pub required: Box<[WordId]>,
    /// The 1-based line in the dictionary file.
    pub line: u32,
}

/// A verb block: a set of synonymous verbs sharing patterns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Its name (`ACCELERATE`).
    pub name: Box<str>,
    /// Its default code.
    pub code: Code,
    /// Its patterns, most specific first (indices into [`VerbDictionary::patterns`]).
    pub patterns: Vec<u32>,
}

/// One form of a verb: the word tagged as the verb, and the words joined to it by `_`
/// (`RE_+ARREST`: "re" before "arrest"; `+ASK_FOR`: "for" after "ask").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerbForm {
    /// The verb word.
    pub word: WordId,
    /// Words immediately before it.
    pub front: Vec<WordId>,
    /// Words immediately after it.
    pub back: Vec<WordId>,
    /// Its block.
    pub block: u32,
    /// The verb's own code, or the block's when the verb line has none.
    pub code: Code,
    /// The 1-based line of the verb in the dictionary file.
    pub line: u32,
}

/// A synset: a name and its members, each a sequence of words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synset {
    /// Its name with the `&`.
    pub name: Box<str>,
    /// Members (generated plurals included).
    pub members: Vec<Vec<WordId>>,
}

/// A verb dictionary, read once and matched against many sentences.
#[derive(Debug, Clone, Default)]
pub struct VerbDictionary {
    /// Lowercase word -> id.
    words: FxHashMap<Box<str>, WordId>,
    /// Synsets, in file order.
    pub synsets: Vec<Synset>,
    /// Verb blocks, in file order.
    pub blocks: Vec<Block>,
    /// Every verb form.
    pub forms: Vec<VerbForm>,
    /// Patterns, in file order.
    pub patterns: Vec<Pattern>,
    /// Transformations (`~` lines), kept as text: never applied.
    pub transformations: Vec<Box<str>>,
    /// Verb word -> its forms (indices into `forms`), longest compounds first.
    by_word: FxHashMap<WordId, Vec<u32>>,
    /// (synset, first word) -> members of the synset starting with that word.
    synset_by_first: FxHashMap<(u32, WordId), Vec<u32>>,
    /// What was read.
    counts: VerbCounts,
}

impl VerbDictionary {
    /// The id of a lowercase word, or [`NO_WORD`].
    #[inline]
    pub fn word_id(&self, lowercase: &str) -> WordId {
        self.words.get(lowercase).copied().unwrap_or(NO_WORD)
    }

    /// What was read: blocks, verbs, forms, patterns, synsets, transformations.
    pub fn counts(&self) -> &VerbCounts {
        &self.counts
    }

    /// The text of a word id (for explanations and tests; linear in the vocabulary).
    pub fn word_text(&self, id: WordId) -> Option<&str> {
        self.words
            .iter()
            .find(|(_, &v)| v == id)
            .map(|(k, _)| k.as_ref())
    }
}

/// `../shared/data` when it is there (unit tests that read PETRARCH's files skip otherwise,
/// and fail when `STANCE_REQUIRE_SHARED=1`).
#[cfg(test)]
pub(crate) fn tests_shared_dir() -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if dir.join("petrarch2_dictionaries/CAMEO.2.0.txt").exists() {
        return Some(dir);
    }
    assert!(
        std::env::var("STANCE_REQUIRE_SHARED").as_deref() != Ok("1"),
        "../shared/data is missing and STANCE_REQUIRE_SHARED=1"
    );
    skipped_notice();
    None
}

#[cfg(test)]
#[allow(clippy::print_stderr)]
fn skipped_notice() {
    eprintln!("skipped: ../shared/data not found");
}

/// The bundled dictionary's text.
const BUNDLED_TEXT: &str = include_str!("../../lexicons/verbs/CAMEO.2.0.txt");

impl VerbDictionary {
    /// The bundled `CAMEO.2.0.txt`, with its known malformed lines skipped (see
    /// `lexicons/README.md`; `stance lexicon check --verbs` lists them).
    pub fn bundled() -> VerbDictionary {
        reader::parse_lenient(BUNDLED_NAME, BUNDLED_TEXT).0
    }

    /// Reads a dictionary file leniently: the dictionary and the lines it had to skip.
    pub fn from_file(
        path: &std::path::Path,
    ) -> Result<(VerbDictionary, Vec<crate::actors::LexiconError>), crate::actors::LexiconError>
    {
        let shown = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| crate::actors::LexiconError {
            path: shown.clone(),
            line: 0,
            reason: format!("cannot read: {e}"),
        })?;
        Ok(reader::parse_lenient(&shown, &reader::decode(&bytes)))
    }
}
