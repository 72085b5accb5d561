//! Syntax: a part-of-speech tagger and a dependency parser, trained on UD English EWT.
//!
//! Both are greedy averaged perceptrons over hashed features: the tagger reads words left to
//! right ([`tagger`](self) module docs), the parser makes arc-hybrid transitions and was
//! trained with a dynamic oracle on jackknifed tags. The bundled model
//! (`lexicons/syntax/en_ewt.model`) is derived from UD English EWT, CC BY-SA 4.0.
//!
//! ```
//! use stance::syntax::{Parse, Syntax, SyntaxScratch, Upos};
//!
//! let syntax = Syntax::bundled();
//! let (mut parse, mut scratch) = (Parse::default(), SyntaxScratch::default());
//! syntax.parse(&["Serraj", "rejected", "the", "offer", "."], &mut parse, &mut scratch);
//! assert_eq!(parse.upos[1], Upos::Verb);
//! assert_eq!(parse.head[1], 0); // "rejected" is the root
//! assert_eq!(parse.head[0], 2); // "Serraj" hangs on "rejected"
//! assert_eq!(syntax.label(parse.deprel[0]), "nsubj");
//! ```
//!
//! # From engine tokens to parser words
//!
//! The parser expects UD's tokenisation: clitics apart (`do` `n't`, `Haftar` `'s`), punctuation
//! apart. The engine's tokenizer ([`crate::text::tokenize`]) already separates punctuation and
//! quote marks, but keeps `don't` and `Haftar's` whole; [`words::split_clitics`] splits them the
//! UD way and remembers which token each word came from.

pub mod conllu;
mod hashing;
pub mod model;
mod parser;
mod perceptron;
pub mod select;
mod tagger;
pub mod tags;
pub mod train;
pub mod words;

use std::sync::OnceLock;

pub use conllu::Sentence;
pub use model::ModelError;
pub use tags::Upos;

use hashing::WordKeys;
use parser::{Context, ParseScratch, Parser};
use tagger::{TagScratch, Tagger};

/// The bundled model's bytes.
const BUNDLED: &[u8] = include_bytes!("../../lexicons/syntax/en_ewt.model");

/// A tagger and parser, ready to use.
#[derive(Debug, Clone)]
pub struct Syntax {
    tagger: Tagger,
    parser: Parser,
}

/// One parsed sentence; buffers are reused from sentence to sentence.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parse {
    /// The part of speech of each word.
    pub upos: Vec<Upos>,
    /// The head of each word: 0 for the root, else the 1-based index of the head (as CoNLL-U).
    pub head: Vec<u32>,
    /// The relation of each word to its head: an index into [`Syntax::labels`].
    pub deprel: Vec<u16>,
}

/// Buffers the tagger and parser reuse, one per thread.
#[derive(Debug, Default)]
pub struct SyntaxScratch {
    keys: Vec<WordKeys>,
    tag: TagScratch,
    parse: ParseScratch,
}

impl Syntax {
    /// The bundled model, read once per process (the first call takes about 0.1 s).
    ///
    /// # Panics
    /// If the bundled model is broken, which the tests rule out.
    pub fn bundled() -> &'static Syntax {
        static SYNTAX: OnceLock<Syntax> = OnceLock::new();
        SYNTAX.get_or_init(|| Syntax::from_bytes(BUNDLED).expect("the bundled syntax model reads"))
    }

    /// A model from a model file's bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Syntax, ModelError> {
        model::read(bytes)
    }

    /// A model from a file.
    pub fn read_file(path: &std::path::Path) -> Result<Syntax, ModelError> {
        let bytes = std::fs::read(path)
            .map_err(|e| ModelError(format!("{}: cannot read: {e}", path.display())))?;
        model::read(&bytes).map_err(|e| ModelError(format!("{}: {e}", path.display())))
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        model::write(self, &mut out).expect("writing to memory does not fail");
        out
    }

    /// The relation names; [`Parse::deprel`] indexes them.
    pub fn labels(&self) -> &[String] {
        &self.parser.labels
    }

    /// The name of relation `deprel`.
    pub fn label(&self, deprel: u16) -> &str {
        &self.parser.labels[usize::from(deprel)]
    }

    /// Tags and parses one sentence of words (UD tokenisation) into `out`.
    pub fn parse<S: AsRef<str>>(&self, words: &[S], out: &mut Parse, scratch: &mut SyntaxScratch) {
        scratch.keys.clear();
        scratch
            .keys
            .extend(words.iter().map(|w| WordKeys::of(w.as_ref())));
        self.tagger
            .tag(&scratch.keys, &mut scratch.tag, &mut out.upos);
        self.parse_tagged(out, scratch);
    }

    /// Tags and parses one sentence given as spans of `text` (see [`words::split_clitics`]).
    pub fn parse_words(
        &self,
        text: &str,
        words: &[words::Word],
        out: &mut Parse,
        scratch: &mut SyntaxScratch,
    ) {
        scratch.keys.clear();
        scratch
            .keys
            .extend(words.iter().map(|w| WordKeys::of(w.span.slice(text))));
        self.tagger
            .tag(&scratch.keys, &mut scratch.tag, &mut out.upos);
        self.parse_tagged(out, scratch);
    }

    /// Tags one sentence of words into `out` (heads and relations are cleared).
    pub fn tag<S: AsRef<str>>(
        &self,
        words: &[S],
        out: &mut Vec<Upos>,
        scratch: &mut SyntaxScratch,
    ) {
        scratch.keys.clear();
        scratch
            .keys
            .extend(words.iter().map(|w| WordKeys::of(w.as_ref())));
        self.tagger.tag(&scratch.keys, &mut scratch.tag, out);
    }

    /// Parses words whose keys are in `scratch` and whose tags are in `out.upos`.
    fn parse_tagged(&self, out: &mut Parse, scratch: &mut SyntaxScratch) {
        let ctx = Context {
            words: &scratch.keys,
            tags: &out.upos,
        };
        self.parser.parse(&ctx, &mut scratch.parse);
        let st = &scratch.parse.state;
        let n = scratch.keys.len() as u32;
        out.head.clear();
        out.deprel.clear();
        for d in 0..n as usize {
            let h = st.heads[d];
            out.head.push(if h == n { 0 } else { h + 1 });
            out.deprel.push(st.labels[d] as u16);
        }
    }

    /// Parses one sentence with the tags given (gold tags, for evaluation).
    pub fn parse_with_tags<S: AsRef<str>>(
        &self,
        words: &[S],
        tags: &[Upos],
        out: &mut Parse,
        scratch: &mut SyntaxScratch,
    ) {
        scratch.keys.clear();
        scratch
            .keys
            .extend(words.iter().map(|w| WordKeys::of(w.as_ref())));
        out.upos.clear();
        out.upos.extend_from_slice(tags);
        self.parse_tagged(out, scratch);
    }

    /// The sizes of the model: tagger rows and weights, parser rows and weights.
    pub fn size(&self) -> [usize; 4] {
        let (a, b) = self.tagger.weights.size();
        let (c, d) = self.parser.weights.size();
        [a, b, c, d]
    }
}

/// Accuracy of predicted tags and trees against a treebank.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct UdScores {
    /// Words whose predicted part of speech is the gold one.
    pub upos_accuracy: f64,
    /// Unlabelled attachment score: words with the gold head (punctuation included).
    pub uas: f64,
    /// Labelled attachment score: words with the gold head and the gold relation, compared on
    /// the universal part (`nsubj:pass` = `nsubj`), as the CoNLL 2018 shared task does.
    pub las: f64,
    /// Sentences read.
    pub sentences: usize,
    /// Words read.
    pub words: usize,
    /// Words tagged and parsed per second, on one thread.
    pub tokens_per_s: f64,
}

fn universal(label: &str) -> &str {
    label.split(':').next().unwrap_or(label)
}

/// Tags and parses every sentence of a treebank (gold tokenisation, predicted tags) and scores
/// the result.
pub fn evaluate(syntax: &Syntax, sentences: &[Sentence]) -> UdScores {
    let mut parse = Parse::default();
    let mut scratch = SyntaxScratch::default();
    let (mut tags, mut uas, mut las, mut words) = (0usize, 0usize, 0usize, 0usize);
    let mut seconds = 0.0;
    for s in sentences {
        // Only the tagging and parsing is timed, not the scoring.
        let start = std::time::Instant::now();
        syntax.parse(&s.words, &mut parse, &mut scratch);
        seconds += start.elapsed().as_secs_f64();
        for k in 0..s.len() {
            words += 1;
            tags += usize::from(parse.upos[k] == s.upos[k]);
            if parse.head[k] == s.heads[k] {
                uas += 1;
                las += usize::from(
                    universal(syntax.label(parse.deprel[k])) == universal(&s.deprels[k]),
                );
            }
        }
    }
    let w = words.max(1) as f64;
    UdScores {
        upos_accuracy: tags as f64 / w,
        uas: uas as f64 / w,
        las: las as f64 / w,
        sentences: sentences.len(),
        words,
        tokens_per_s: words as f64 / seconds.max(1e-9),
    }
}
