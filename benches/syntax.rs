//! Throughput of the tagger and parser, in words per second, on one thread.
//!
//! Input: the sentences of the bundled sample corpus, split and tokenized by the engine and
//! with clitics split the UD way, as `stance parse` does. The bench checks that every sentence
//! gets a tree (one root), so a parser that stops working cannot look fast.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use stance::syntax::words::split_clitics;
use stance::syntax::{Parse, Syntax, SyntaxScratch};
use stance::text::{split_sentences, tokenize, Span};

const SAMPLE: &str = include_str!("../src/sample/libya_2019_2020.jsonl");

/// Every sentence of the sample as its words.
fn sentences() -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for line in SAMPLE.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap();
        let mut spans: Vec<Span> = Vec::new();
        split_sentences(text, &mut spans);
        for s in spans {
            let mut tokens = Vec::new();
            tokenize(text, s, &mut tokens);
            let mut words = Vec::new();
            split_clitics(text, &tokens, &mut words);
            if !words.is_empty() {
                out.push(
                    words
                        .iter()
                        .map(|w| w.span.slice(text).to_string())
                        .collect(),
                );
            }
        }
    }
    out
}

fn bench_syntax(c: &mut Criterion) {
    let syntax = Syntax::bundled();
    let sentences = sentences();
    let words: usize = sentences.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("syntax");
    group.throughput(Throughput::Elements(words as u64));
    let (mut parse, mut scratch) = (Parse::default(), SyntaxScratch::default());
    group.bench_function("tag_and_parse", |b| {
        b.iter(|| {
            let mut roots = 0;
            for s in &sentences {
                syntax.parse(black_box(s), &mut parse, &mut scratch);
                roots += parse.head.iter().filter(|&&h| h == 0).count();
            }
            assert_eq!(roots, sentences.len());
        })
    });
    group.finish();
}

criterion_group!(benches, bench_syntax);
criterion_main!(benches);
