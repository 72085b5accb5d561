//! Parsing inside the engine: only the sentences that need a tree.
//!
//! Attribution needs syntax where it must choose between actors: a sentence naming two or more
//! distinct actors, or an actor and a speech verb (who said it), as issue #15 puts it. A
//! sentence naming one actor twice ("Haftar ... Haftar's forces") and no speech verb is not
//! parsed: a dyad there needs its second actor from a pronoun, and such dyads go unfiltered
//! as in a sentence with one mention. Other sentences are not parsed, which
//! keeps a corpus run fast. The trees are kept per document in [`DocParses`], for the
//! attribution rules to read.

use crate::actors::Mention;
use crate::attribution::quotes::is_speech_verb;
use crate::text::{Span, Token, TokenKind};

use super::words::{split_clitics, Word};
use super::{Parse, Syntax, SyntaxScratch};

/// The parsed sentences of one document, in flat buffers reused from document to document.
#[derive(Debug, Default)]
pub struct DocParses {
    /// Per parsed sentence: its index among the document's sentences and its range of words.
    pub sentences: Vec<(u32, std::ops::Range<u32>)>,
    /// Every parsed sentence's words, one after another.
    pub words: Vec<Word>,
    /// The tree of those words: `head` is 1-based within the word's own sentence (0: root).
    pub parse: Parse,
    one: Parse,
    scratch: SyntaxScratch,
}

impl DocParses {
    /// Forgets the last document.
    pub fn clear(&mut self) {
        self.sentences.clear();
        self.words.clear();
        self.parse.upos.clear();
        self.parse.head.clear();
        self.parse.deprel.clear();
    }
}

/// Whether a sentence with these actor mentions and tokens needs a parse.
fn needs_parse(text: &str, tokens: &[Token], mentions: &[Mention]) -> bool {
    let Some(first) = mentions.first() else {
        return false;
    };
    mentions.iter().any(|m| m.actor != first.actor)
        || tokens
            .iter()
            .any(|t| t.kind() == TokenKind::Word && is_speech_verb(t.text(text)))
}

/// Parses the sentences of a document that need it (see the module docs) into `out`.
/// `tokens` and `mentions` are the document's, sorted by position.
pub fn parse_needed(
    syntax: &Syntax,
    text: &str,
    sentences: &[Span],
    tokens: &[Token],
    mentions: &[Mention],
    out: &mut DocParses,
) {
    out.clear();
    let mut m = 0;
    for (k, s) in sentences.iter().enumerate() {
        while m < mentions.len() && mentions[m].span.start < s.start {
            m += 1;
        }
        let first = m;
        let mut end = m;
        while end < mentions.len() && mentions[end].span.start < s.end {
            end += 1;
        }
        let t0 = tokens.partition_point(|t| t.span().start < s.start);
        let t1 = tokens.partition_point(|t| t.span().start < s.end);
        if !needs_parse(text, &tokens[t0..t1], &mentions[first..end]) {
            continue;
        }
        let start = out.words.len();
        split_clitics(text, &tokens[t0..t1], &mut out.words);
        for w in &mut out.words[start..] {
            w.token += t0 as u32; // index into the document's tokens
        }
        if out.words.len() == start {
            continue;
        }
        syntax.parse_words(text, &out.words[start..], &mut out.one, &mut out.scratch);
        out.parse.upos.extend_from_slice(&out.one.upos);
        out.parse.head.extend_from_slice(&out.one.head);
        out.parse.deprel.extend_from_slice(&out.one.deprel);
        out.sentences
            .push((k as u32, start as u32..out.words.len() as u32));
    }
}
