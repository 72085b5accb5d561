//! What dictionary scorers add to the built-in scorers, per scope (issue 19's speed target):
//! the built-in three alone, with AFINN and a 10-category LIWC-format dictionary, and with 1, 9
//! and 10 weight lists (the tenth should cost less than the first: one index serves them all).
//!
//! Scopes: the sentences of the bundled sample corpus. The 10-category dictionary and the weight
//! lists are cut from the bundled AFINN (a third of the words made prefixes), so the bench needs
//! nothing outside the repository. Run with `cargo bench --bench dictionaries`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use stance::attribution::Voice;
use stance::dictionary::scoring::{DictionaryScorers, DictionaryScratch, Mode};
use stance::dictionary::{self, Dictionary, ReadOptions};
use stance::scorers::ScorerSet;
use stance::text::{split_sentences, Span};
use stance::vader::VaderScratch;

const SAMPLE: &str = include_str!("../src/sample/libya_2019_2020.jsonl");

fn scopes() -> Vec<String> {
    let mut out = Vec::new();
    let mut spans = Vec::new();
    for line in SAMPLE.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap();
        spans.clear();
        split_sentences(text, &mut spans);
        out.extend(spans.iter().map(|s: &Span| s.slice(text).to_string()));
    }
    out
}

fn afinn_terms() -> Vec<(String, String)> {
    let d = dictionary::bundled("afinn").unwrap().unwrap().dictionary;
    d.categories[0]
        .entries
        .iter()
        .map(|e| (e.pattern.to_string(), e.weight.unwrap().to_string()))
        .collect()
}

fn read(ext: &str, text: &str) -> Dictionary {
    dictionary::parse(
        "bench",
        "bench",
        Some(ext),
        text.as_bytes(),
        ReadOptions::default(),
    )
    .unwrap()
    .dictionary
}

/// A LIWC-format dictionary of 10 categories: AFINN's terms dealt round-robin.
fn liwc10() -> Dictionary {
    let mut text = String::from("%\n");
    for k in 1..=10 {
        text.push_str(&format!("{k}\tcategory{k}\n"));
    }
    text.push_str("%\n");
    for (i, (term, _)) in afinn_terms().iter().enumerate() {
        let star = if i % 3 == 0 && !term.contains(' ') {
            "*"
        } else {
            ""
        };
        text.push_str(&format!("{term}{star}\t{}\n", i % 10 + 1));
    }
    read("dic", &text)
}

/// Weight list `j` of 10: every tenth AFINN term from the `j`-th.
fn weights(j: usize) -> Dictionary {
    let text: String = afinn_terms()
        .iter()
        .enumerate()
        .filter(|(i, _)| i % 10 == j)
        .map(|(_, (t, w))| format!("{t}\t{w}\n"))
        .collect();
    read("tsv", &text)
}

fn bench(c: &mut Criterion) {
    let scopes = scopes();
    let bytes: usize = scopes.iter().map(String::len).sum();
    let builtin = ScorerSet::bundled();
    let afinn = dictionary::bundled("afinn").unwrap().unwrap().dictionary;
    let liwc = liwc10();
    let lists: Vec<Dictionary> = (0..10).map(weights).collect();
    let with = |ds: Vec<(String, &Dictionary, Mode, bool)>| DictionaryScorers::new(&ds).unwrap();
    let sets: Vec<(&str, Option<DictionaryScorers>)> = vec![
        ("builtin", None),
        (
            "builtin+afinn+liwc10",
            Some(with(vec![
                ("afinn".into(), &afinn, Mode::Weights, true),
                ("liwc".into(), &liwc, Mode::Categories, false),
            ])),
        ),
        (
            "builtin+1list",
            Some(with(vec![("w0".into(), &lists[0], Mode::Weights, true)])),
        ),
        (
            "builtin+9lists",
            Some(with(
                (0..9)
                    .map(|j| (format!("w{j}"), &lists[j], Mode::Weights, true))
                    .collect(),
            )),
        ),
        (
            "builtin+10lists",
            Some(with(
                (0..10)
                    .map(|j| (format!("w{j}"), &lists[j], Mode::Weights, true))
                    .collect(),
            )),
        ),
    ];
    let mut group = c.benchmark_group("dictionary_scorers");
    group.throughput(Throughput::Bytes(bytes as u64));
    for (name, set) in &sets {
        group.bench_function(*name, |b| {
            let mut vs = VaderScratch::default();
            let mut ds = DictionaryScratch::default();
            let mut out = vec![None; set.as_ref().map_or(0, |s| s.names().len())];
            b.iter(|| {
                let mut scored = 0usize;
                for scope in &scopes {
                    let s = builtin.score(scope, Voice::Reported, &mut vs);
                    scored += s.iter().flatten().count();
                    if let Some(set) = set {
                        set.score(scope, &mut ds, &mut out);
                        scored += out.iter().flatten().count();
                    }
                }
                assert!(scored > 0, "the scorers found nothing");
                black_box(scored)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
