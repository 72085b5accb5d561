//! The bundled sample corpus: short articles about Libya 2019-2020, written for this project. It
//! is what `stance score` reads when no input is given, and what examples and tests can score
//! without a file.

use super::{CorpusReader, Document, Event, Format, ReadOptions};

/// The sample corpus as JSON Lines, byte for byte as bundled.
pub const SAMPLE_JSONL: &[u8] = include_bytes!("../sample/libya_2019_2020.jsonl");

/// The name the sample's records are reported under (`LABEL:line`).
pub const SAMPLE_LABEL: &str = "sample/libya_2019_2020.jsonl (bundled)";

impl CorpusReader {
    /// A reader over the bundled sample corpus, read as `options.format` (JSON Lines unless
    /// given), as `stance score` reads it when no input is named.
    pub fn sample(options: ReadOptions) -> CorpusReader {
        let format = options.format.unwrap_or(Format::Jsonl);
        CorpusReader::from_stream(SAMPLE_LABEL, Box::new(SAMPLE_JSONL), format, options)
    }

    /// A reader over `inputs` (files, directories, `-`), or over the bundled sample when there
    /// are none. Does not check that the inputs exist: see [`super::check_inputs`].
    pub fn inputs_or_sample(inputs: &[String], options: ReadOptions) -> CorpusReader {
        if inputs.is_empty() {
            CorpusReader::sample(options)
        } else {
            CorpusReader::new(inputs, options)
        }
    }
}

/// The documents of the bundled sample, in order: scoring them gives what `stance score` gives
/// with no input.
pub fn sample_documents() -> Vec<Document> {
    CorpusReader::sample(ReadOptions::default())
        .filter_map(|event| match event {
            Event::Document { doc, .. } => Some(doc),
            // The sample is part of the build and read in tests: it has no bad record.
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_line_is_a_document() {
        let lines = SAMPLE_JSONL
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .count();
        let docs = sample_documents();
        assert_eq!(docs.len(), lines);
        assert!(docs.iter().all(|d| !d.text.is_empty() && !d.id.is_empty()));
    }
}
