//! The model file: a text header (what the model is, what it is derived from, its license),
//! a blank line, then one deflate stream of the lexicon, labels and quantised weights.
//!
//! Writing is deterministic: keys are written sorted, weights are rounded to 16-bit integers
//! with one scale per weight table, and deflate at a fixed level gives the same bytes for the
//! same input.

use std::io::{Read, Write};

use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;

use super::parser::Parser;
use super::perceptron::{Weight, Weights};
use super::tagger::{Lexicon, Tagger};
use super::Syntax;

/// The first line of every model file.
pub const MAGIC_LINE: &str = "stance syntax model 1";

/// The header written after the first line: credit and license of the training data.
pub const HEADER: &str = "\
# A part-of-speech tagger and dependency parser for the `stance` engine (src/syntax/).
# This model is derived from Universal Dependencies English EWT (UD v2.16; Silveira et al.
# 2014, the UD English team), licensed CC BY-SA 4.0:
# https://creativecommons.org/licenses/by-sa/4.0/ . As a derived work this file is shared
# under the same license. Trained with `stance train syntax` on en_ewt-ud-train.conllu,
# stopped on en_ewt-ud-dev.conllu.
";

/// A model file that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError(pub String);

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ModelError {}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Writes a weight table column by column (key deltas, row lengths, classes, values), each
/// column a run of like bytes: deflate packs them a fifth tighter than rows would be.
fn write_weights(out: &mut Vec<u8>, w: &Weights) {
    let rows = w.sorted_rows();
    out.extend_from_slice(&(w.n_classes() as u16).to_le_bytes());
    out.extend_from_slice(&w.scale().to_le_bytes());
    put_varint(out, rows.len() as u64);
    let (mut keys, mut lens, mut classes, mut values) = (vec![], vec![], vec![], vec![]);
    let mut last = 0u32;
    for (k, cells) in &rows {
        put_varint(&mut keys, u64::from(k - last));
        last = *k;
        lens.push(cells.len() as u8);
        for c in cells.iter() {
            classes.push(c.class as u8);
            // Zigzag: small magnitudes of either sign take one byte.
            let z = ((c.value << 1) ^ (c.value >> 15)) as u16;
            put_varint(&mut values, u64::from(z));
        }
    }
    for column in [keys, lens, classes, values] {
        put_varint(out, column.len() as u64);
        out.extend_from_slice(&column);
    }
}

/// Writes `syntax` as a model file.
pub fn write(syntax: &Syntax, out: &mut impl Write) -> std::io::Result<()> {
    let mut body = Vec::new();
    body.extend_from_slice(b"SYN1");
    let p = &syntax.parser;
    put_varint(&mut body, p.labels.len() as u64);
    for l in &p.labels {
        put_varint(&mut body, l.len() as u64);
        body.extend_from_slice(l.as_bytes());
    }
    put_varint(&mut body, p.root as u64);
    let lex = &syntax.tagger.lexicon;
    let mut sure: Vec<(u64, u8)> = lex.sure.iter().map(|(&k, &t)| (k, t)).collect();
    sure.sort_unstable();
    put_varint(&mut body, sure.len() as u64);
    for (k, t) in sure {
        body.extend_from_slice(&k.to_le_bytes());
        body.push(t);
    }
    let mut classes: Vec<(u64, u32)> = lex.classes.iter().map(|(&k, &c)| (k, c)).collect();
    classes.sort_unstable();
    put_varint(&mut body, classes.len() as u64);
    for (k, c) in classes {
        body.extend_from_slice(&k.to_le_bytes());
        body.extend_from_slice(&c.to_le_bytes());
    }
    write_weights(&mut body, &syntax.tagger.weights);
    write_weights(&mut body, &p.weights);

    writeln!(out, "{MAGIC_LINE}")?;
    out.write_all(HEADER.as_bytes())?;
    writeln!(out)?;
    let mut enc = DeflateEncoder::new(out, Compression::new(9));
    enc.write_all(&body)?;
    enc.finish()?;
    Ok(())
}

/// A cursor over the decompressed body, with errors that say what was cut short.
struct Reader<'b> {
    b: &'b [u8],
    at: usize,
}

impl<'b> Reader<'b> {
    fn bytes(&mut self, n: usize, what: &str) -> Result<&'b [u8], ModelError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.b.len());
        let end = end.ok_or_else(|| ModelError(format!("model file cut short in {what}")))?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn varint(&mut self, what: &str) -> Result<u64, ModelError> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.bytes(1, what)?[0];
            v |= u64::from(b & 0x7f) << shift;
            if b < 0x80 {
                return Ok(v);
            }
        }
        Err(ModelError(format!("bad number in {what}")))
    }

    fn u64(&mut self, what: &str) -> Result<u64, ModelError> {
        Ok(u64::from_le_bytes(
            self.bytes(8, what)?.try_into().expect("8"),
        ))
    }

    fn column(&mut self, what: &str) -> Result<Reader<'b>, ModelError> {
        let n = self.varint(what)? as usize;
        Ok(Reader {
            b: self.bytes(n, what)?,
            at: 0,
        })
    }

    fn weights(&mut self, what: &str) -> Result<Weights, ModelError> {
        let n_classes = usize::from(u16::from_le_bytes(
            self.bytes(2, what)?.try_into().expect("2"),
        ));
        let scale = f32::from_le_bytes(self.bytes(4, what)?.try_into().expect("4"));
        let n_rows = self.varint(what)? as usize;
        let mut keys = self.column(what)?;
        let mut lens = self.column(what)?;
        let mut classes = self.column(what)?;
        let mut values = self.column(what)?;
        let mut index = Vec::with_capacity(n_rows.min(1 << 24));
        let mut cells = Vec::with_capacity(classes.b.len());
        let mut key = 0u32;
        for _ in 0..n_rows {
            let delta = u32::try_from(keys.varint(what)?)
                .map_err(|_| ModelError(format!("bad key in {what}")))?;
            key = key.wrapping_add(delta);
            let n = usize::from(lens.bytes(1, what)?[0]);
            index.push((key, cells.len() as u32, n));
            for &class in classes.bytes(n, what)? {
                let z = u16::try_from(values.varint(what)?)
                    .map_err(|_| ModelError(format!("bad weight in {what}")))?;
                let value = ((z >> 1) as i16) ^ -((z & 1) as i16);
                cells.push(Weight {
                    class: u16::from(class),
                    value,
                });
            }
        }
        if [&keys, &lens, &classes, &values]
            .iter()
            .any(|c| c.at != c.b.len())
        {
            return Err(ModelError(format!("{what}: columns of different lengths")));
        }
        Weights::from_flat(n_classes, scale, &index, cells)
            .map_err(|e| ModelError(format!("{what}: {e}")))
    }
}

/// Reads a model file's bytes.
pub fn read(bytes: &[u8]) -> Result<Syntax, ModelError> {
    let first_line_end = bytes
        .iter()
        .position(|&b| b == b'\n')
        .unwrap_or(bytes.len());
    if &bytes[..first_line_end] != MAGIC_LINE.as_bytes() {
        return Err(ModelError(format!(
            "not a stance syntax model: expected the first line {MAGIC_LINE:?}"
        )));
    }
    let body_start = bytes
        .windows(2)
        .position(|w| w == b"\n\n")
        .map(|k| k + 2)
        .ok_or_else(|| ModelError("model header has no end (a blank line)".into()))?;
    let mut body = Vec::new();
    DeflateDecoder::new(&bytes[body_start..])
        .read_to_end(&mut body)
        .map_err(|e| ModelError(format!("model body does not decompress: {e}")))?;
    let mut r = Reader { b: &body, at: 0 };
    if r.bytes(4, "the magic")? != b"SYN1" {
        return Err(ModelError("model body has an unknown format".into()));
    }
    let n_labels = r.varint("labels")? as usize;
    let mut labels = Vec::with_capacity(n_labels.min(256));
    for _ in 0..n_labels {
        let len = r.varint("labels")? as usize;
        let s = std::str::from_utf8(r.bytes(len, "labels")?)
            .map_err(|_| ModelError("a label is not UTF-8".into()))?;
        labels.push(s.to_string());
    }
    let root = r.varint("labels")? as usize;
    if labels.len() < 2 || root >= labels.len() {
        return Err(ModelError("model labels are inconsistent".into()));
    }
    let mut lexicon = Lexicon::default();
    let n = r.varint("tag dictionary")? as usize;
    for _ in 0..n {
        let k = r.u64("tag dictionary")?;
        let t = r.bytes(1, "tag dictionary")?[0];
        if usize::from(t) >= super::tags::N_UPOS {
            return Err(ModelError(format!(
                "tag {t} out of range in the tag dictionary"
            )));
        }
        lexicon.sure.insert(k, t);
    }
    let n = r.varint("ambiguity classes")? as usize;
    for _ in 0..n {
        let k = r.u64("ambiguity classes")?;
        let c = u32::from_le_bytes(r.bytes(4, "ambiguity classes")?.try_into().expect("4"));
        lexicon.classes.insert(k, c);
    }
    let tag_weights = r.weights("tagger weights")?;
    if tag_weights.n_classes() != super::tags::N_UPOS {
        return Err(ModelError(
            "tagger weights have the wrong number of tags".into(),
        ));
    }
    let parse_weights = r.weights("parser weights")?;
    if parse_weights.n_classes() != Parser::n_classes(labels.len()) {
        return Err(ModelError("parser weights do not match its labels".into()));
    }
    if r.at != body.len() {
        return Err(ModelError("model body has trailing bytes".into()));
    }
    Ok(Syntax {
        tagger: Tagger {
            lexicon,
            weights: tag_weights,
        },
        parser: Parser {
            labels,
            root,
            weights: parse_weights,
        },
    })
}
