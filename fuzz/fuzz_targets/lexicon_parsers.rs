//! Arbitrary text as actor (TSV and PETRARCH/Phoenix), cue and VADER lexicons: errors are
//! returned, never panics, and a set that builds can match.
#![no_main]
use libfuzzer_sys::fuzz_target;
use stance::actors::{lexicon, phoenix, ActorSet};
use stance::matrix::period::Date;
use stance::scorers::cues::CueLexicon;
use stance::vader::Vader;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = lexicon::decode("fuzz.tsv", data) else { return };
    let (records, _) = lexicon::parse_actor_tsv("fuzz.tsv", &text);
    if let Ok(set) = ActorSet::build(records) {
        let mut out = Vec::new();
        set.find_mentions(&text, None, &mut Default::default(), &mut out);
    }
    let (entries, _, _) = phoenix::parse_phoenix("fuzz.txt", &text);
    if let Ok((set, _)) = ActorSet::build_phoenix(entries) {
        let mut out = Vec::new();
        set.find_mentions(&text, Date::parse("20110301"), &mut Default::default(), &mut out);
    }
    let _ = CueLexicon::parse("fuzz.tsv", &text);
    let _ = Vader::from_texts(&text, &text);
});
