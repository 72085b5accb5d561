//! The whole per-document analysis on arbitrary text: attributions stay inside their sentence,
//! scores stay in [-1, 1], and VADER never panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use stance::corpus::Document;
use stance::{Engine, Scratch};

static ENGINE: OnceLock<Engine> = OnceLock::new();

fuzz_target!(|text: &str| {
    let engine = ENGINE.get_or_init(Engine::bundled);
    let doc = Document { text: text.to_string(), ..Document::default() };
    let result = engine.analyze(&doc, &mut Scratch::default());
    for s in &result.scored {
        assert!(s.sentence_span.contains(s.attribution.scope));
        assert!(text.is_char_boundary(s.attribution.scope.start));
        for score in s.scores.iter().flatten() {
            assert!((-1.0..=1.0).contains(score), "score {score}");
        }
    }
});
