//! Arbitrary text as a partial file: an error or a partial, never a panic; a partial that reads
//! writes back to a partial that reads to the same cells.
#![no_main]
use libfuzzer_sys::fuzz_target;
use stance::matrix::partial::{read_partial, write_partial};

fuzz_target!(|text: &str| {
    let Ok(p) = read_partial(text) else { return };
    let mut out = Vec::new();
    write_partial(&mut out, &p.acc, &p.actors, &p.stats, p.by.as_deref(), &p.level, &p.inputs).unwrap();
    let again = read_partial(std::str::from_utf8(&out).unwrap()).expect("written partials read back");
    assert_eq!(again.acc.len(), p.acc.len());
});
