//! What dictionary scorers add to the built-in scorers, per scope (issue 19's speed target):
//! the built-in three alone, with AFINN and a 10-category LIWC-format dictionary, and with 1, 9
//! and 10 weight lists (the tenth should cost less than the first: one index serves them all).
//!
//! Scopes: the sentences of the bundled sample corpus. The 10-category dictionary and the weight
//! lists are cut from the bundled AFINN (a third of the words made prefixes), so the bench needs
//! nothing outside the repository. Run with `cargo bench --bench dictionaries`.
//!
//! `end_to_end` runs the whole pipeline (matching, attribution, scoring, the matrix) over the
//! bundled sample on one thread, with the same scorer sets wired into the engine: the ratio
//! `builtin` / `builtin+afinn+liwc10` is the one issue 19 asks to keep at 0.8 or above, and
//! `builtin+1cat10` / `builtin` (the first category dictionary) should cost more than
//! `builtin+10cat10` / `builtin+9cat10` (the tenth).

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use stance::actors::ActorSet;
use stance::attribution::Voice;
use stance::corpus::sample_documents;
use stance::dictionary::scoring::{DictionaryScorers, DictionaryScratch, Mode};
use stance::dictionary::{self, Dictionary, ReadOptions};
use stance::scorers::ScorerSet;
use stance::text::{split_sentences, Span};
use stance::vader::VaderScratch;
use stance::{Engine, Run, RunOptions};
use std::num::NonZeroUsize;

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
    liwc10_of(&afinn_terms())
}

/// Category dictionary `j` of 10: every tenth AFINN term from the `j`-th (339 or 338 terms),
/// dealt into 10 categories as [`liwc10`] deals them.
fn liwc10_part(j: usize) -> Dictionary {
    let terms: Vec<(String, String)> = afinn_terms().into_iter().skip(j).step_by(10).collect();
    liwc10_of(&terms)
}

/// A LIWC-format dictionary of 10 categories: `terms` dealt round-robin, a third of the
/// single words made prefixes.
fn liwc10_of(terms: &[(String, String)]) -> Dictionary {
    let mut text = String::from("%\n");
    for k in 1..=10 {
        text.push_str(&format!("{k}\tcategory{k}\n"));
    }
    text.push_str("%\n");
    for (i, (term, _)) in terms.iter().enumerate() {
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

/// The scorer sets of `end_to_end`: built-ins alone, with AFINN and the 10-category
/// dictionary, with one and with ten weight lists, and with 1, 9 and 10 category dictionaries
/// of 10 categories each (the first dictionary against the tenth).
fn engine_sets() -> Vec<(&'static str, ScorerSet)> {
    let afinn = dictionary::bundled("afinn").unwrap().unwrap().dictionary;
    let liwc = liwc10();
    let lists: Vec<Dictionary> = (0..10).map(weights).collect();
    let parts: Vec<Dictionary> = (0..10).map(liwc10_part).collect();
    let with = |ds: Vec<(String, &Dictionary, Mode, bool)>| {
        ScorerSet::bundled()
            .with_dictionaries(DictionaryScorers::new(&ds).unwrap())
            .unwrap()
    };
    let n_lists = |n: usize| {
        with(
            (0..n)
                .map(|j| (format!("w{j}"), &lists[j], Mode::Weights, true))
                .collect(),
        )
    };
    let n_parts = |n: usize| {
        with(
            (0..n)
                .map(|j| (format!("c{j}"), &parts[j], Mode::Categories, false))
                .collect(),
        )
    };
    vec![
        ("builtin", ScorerSet::bundled()),
        (
            "builtin+afinn+liwc10",
            with(vec![
                ("afinn".into(), &afinn, Mode::Weights, true),
                ("liwc".into(), &liwc, Mode::Categories, false),
            ]),
        ),
        ("builtin+1list", n_lists(1)),
        ("builtin+10lists", n_lists(10)),
        ("builtin+1cat10", n_parts(1)),
        ("builtin+9cat10", n_parts(9)),
        ("builtin+10cat10", n_parts(10)),
    ]
}

fn end_to_end(c: &mut Criterion) {
    let docs = sample_documents();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    // As `stance score` runs for CSV output: one thread, no evidence sentences in the cells.
    let options = RunOptions {
        threads: NonZeroUsize::new(1),
        cell_evidence: false,
        ..RunOptions::default()
    };
    let mut group = c.benchmark_group("end_to_end");
    group.throughput(Throughput::Bytes(bytes as u64));
    for (name, set) in engine_sets() {
        let run = Run::new(
            Engine::with_scorers(ActorSet::bundled(), set),
            options.clone(),
        );
        group.bench_function(name, |b| {
            b.iter(|| {
                let out = run.score_documents(docs.clone(), &mut ()).unwrap();
                assert!(!out.acc.is_empty(), "nothing scored");
                black_box(out.acc.len())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench, end_to_end);
criterion_main!(benches);
