//! The sentence splitter and tokenizer on arbitrary UTF-8: every span is in bounds, on char
//! boundaries, and in order.
#![no_main]
use libfuzzer_sys::fuzz_target;
use stance::text::{split_sentences, tokenize, Span};

fuzz_target!(|text: &str| {
    let mut sentences = Vec::new();
    split_sentences(text, &mut sentences);
    let mut tokens = Vec::new();
    tokenize(text, Span::new(0, text.len()), &mut tokens);
    let mut last = 0;
    for s in &sentences {
        assert!(last <= s.start && s.start < s.end && s.end <= text.len());
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        last = s.end;
    }
    last = 0;
    for t in tokens.iter().map(|t| t.span()) {
        assert!(last <= t.start && t.start < t.end && t.end <= text.len());
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        last = t.end;
    }
});
