//! Arbitrary text as actor, cue and VADER lexicons: errors are returned, never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use stance::actors::{lexicon, ActorSet};
use stance::scorers::cues::CueLexicon;
use stance::vader::Vader;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = lexicon::decode("fuzz.tsv", data) else { return };
    let (records, _) = lexicon::parse_actor_tsv("fuzz.tsv", &text);
    if let Ok(set) = ActorSet::build(records) {
        let mut out = Vec::new();
        set.find_mentions(&text, None, &mut Default::default(), &mut out);
    }
    let _ = CueLexicon::parse("fuzz.tsv", &text);
    let _ = Vader::from_texts(&text, &text);
});
