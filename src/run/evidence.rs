//! The evidence stream: one JSON line per attribution, in document order, with its scores, its
//! sentence and its scope. This is the schema of `stance score --evidence`.

use std::io::{self, Write};

use serde::Serialize;

use super::Observer;
use crate::attribution::Source;
use crate::corpus::Document;
use crate::matrix::source_id;
use crate::{Engine, Scored};

/// One attribution as an evidence line: who toward whom, by which rule, the scores of every
/// scorer (`null` where a scorer did not score it), the sentence and the scope scored.
#[derive(Debug, Serialize)]
pub struct EvidenceLine<'a> {
    /// Document id.
    pub doc: &'a str,
    /// Document date, as written.
    pub date: Option<&'a str>,
    /// Sentence index in the document.
    pub sentence: usize,
    /// Source id (`@author` for the document's own voice).
    pub source: &'a str,
    /// Target id.
    pub target: &'a str,
    /// The attribution rule.
    pub rule: &'a str,
    /// Whose words the scope is.
    pub voice: &'a str,
    /// Score per scorer, by scorer name.
    pub scores: serde_json::Map<String, serde_json::Value>,
    /// The sentence.
    pub text: &'a str,
    /// The words scored.
    pub scope: &'a str,
    /// The CAMEO code of the verb pattern that weighed most in the scope (with --verbs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cameo: Option<&'a str>,
}

impl<'a> EvidenceLine<'a> {
    /// The evidence line of `scored`, an attribution found in `doc` by `engine`.
    pub fn new(engine: &'a Engine, doc: &'a Document, scored: &'a Scored) -> EvidenceLine<'a> {
        let a = &scored.attribution;
        let actors = engine.actors();
        let scores = engine
            .scorer_names()
            .iter()
            .zip(&scored.scores)
            .map(|(s, v)| {
                (
                    s.clone(),
                    v.map_or(serde_json::Value::Null, serde_json::Value::from),
                )
            })
            .collect();
        EvidenceLine {
            doc: &doc.id,
            date: doc.date.as_deref(),
            sentence: a.sentence,
            source: source_id(actors, a.source),
            target: source_id(actors, Source::Actor(a.target)),
            rule: a.rule.as_str(),
            voice: a.voice.as_str(),
            scores,
            text: scored.sentence_span.slice(&doc.text),
            scope: a.scope.slice(&doc.text),
            cameo: scored.cameo.as_ref().map(|c| c.as_str()),
        }
    }
}

/// An [`Observer`] that writes every attribution as an [`EvidenceLine`] to `W`, one JSON object
/// per line, in document order.
pub struct EvidenceWriter<W: Write> {
    out: W,
    /// Reused buffer for one line: one write per line, no allocation per attribution.
    line: Vec<u8>,
}

impl<W: Write> EvidenceWriter<W> {
    /// Writes evidence lines to `out`.
    pub fn new(out: W) -> EvidenceWriter<W> {
        EvidenceWriter {
            out,
            line: Vec::new(),
        }
    }

    /// The writer, after the run.
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write + Send> Observer for EvidenceWriter<W> {
    fn attribution(&mut self, engine: &Engine, doc: &Document, scored: &Scored) -> io::Result<()> {
        self.line.clear();
        serde_json::to_writer(&mut self.line, &EvidenceLine::new(engine, doc, scored))?;
        self.line.push(b'\n');
        self.out.write_all(&self.line)
    }
}
