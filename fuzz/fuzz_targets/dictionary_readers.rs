//! Arbitrary bytes as a content-analysis dictionary in every format (and recognised by
//! content): problems are returned, never panics, and a dictionary that reads can be counted
//! and scored over its own text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use stance::dictionary::count::Counter;
use stance::dictionary::scoring::{DictionaryScorers, DictionaryScratch, Mode};
use stance::dictionary::{parse, Format, ReadOptions};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let formats = std::iter::once(None).chain(Format::ALL.into_iter().map(Some));
    for format in formats {
        let options = ReadOptions {
            format,
            ..ReadOptions::default()
        };
        let Ok(loaded) = parse("fuzz", "fuzz", None, data, options) else {
            continue;
        };
        let d = &loaded.dictionary;
        let _ = Counter::new(d).count(&text);
        let mode = Mode::implied(d);
        if let Ok(set) = DictionaryScorers::new(&[("fuzz".into(), d, mode, true)]) {
            let mut out = vec![None; set.names().len()];
            set.score(&text, &mut DictionaryScratch::default(), &mut out);
            assert!(out.iter().flatten().all(|v| v.is_finite()));
        }
    }
});
