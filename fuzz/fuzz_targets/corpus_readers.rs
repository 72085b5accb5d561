//! Arbitrary bytes through every corpus format: events come out, nothing panics, and each
//! document's text is non-empty UTF-8 (it was validated).
#![no_main]
use libfuzzer_sys::fuzz_target;
use stance::corpus::{CorpusReader, Event, Format, ReadOptions};

fuzz_target!(|data: &[u8]| {
    for format in [Format::Text, Format::Jsonl, Format::Csv, Format::Tsv] {
        let stream = Box::new(std::io::Cursor::new(data.to_vec()));
        for event in CorpusReader::from_stream("fuzz", stream, format, ReadOptions::default()) {
            if let Event::Document { doc, .. } = event {
                assert!(!doc.text.trim().is_empty());
            }
        }
    }
});
