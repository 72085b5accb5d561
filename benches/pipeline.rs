//! Throughput of each stage and of the whole pipeline, in bytes per second.
//!
//! Input: the bundled sample corpus, repeated to about 1 MB. Each bench asserts a count so that
//! a stage that silently stops working cannot look fast. Run with `cargo bench`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use stance::actors::lexicon::parse_actor_tsv;
use stance::actors::{ActorSet, LexiconFormat, MatchScratch, BUNDLED_LIBYA};
use stance::corpus::Document;
use stance::text::{split_sentences, tokenize, Span};
use stance::vader::{Vader, VaderScratch};
use stance::{Engine, Scratch};

const SAMPLE: &str = include_str!("../src/sample/libya_2019_2020.jsonl");

fn corpus() -> Vec<String> {
    let texts: Vec<String> = SAMPLE
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["text"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let one: usize = texts.iter().map(String::len).sum();
    let copies = (1_000_000 / one).max(1);
    std::iter::repeat_n(texts, copies).flatten().collect()
}

/// Actor sets of about 100 aliases (the first actors of the bundled lexicon) and of the 34k
/// aliases of the Phoenix dictionaries, when `../shared` has them.
fn matcher_sets() -> Vec<(String, ActorSet)> {
    let (records, _) = parse_actor_tsv("bundled", BUNDLED_LIBYA);
    let mut small = Vec::new();
    let mut aliases = 0;
    for r in records {
        aliases += 1 + r.aliases.len();
        let mut r = r;
        r.groups.clear();
        small.push(r);
        if aliases >= 100 {
            break;
        }
    }
    let small = ActorSet::build(small).expect("a subset of the bundled lexicon is valid");
    let mut sets = vec![(
        format!("{}_aliases", small.matcher().pattern_count()),
        small,
    )];
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/data/petrarch2_dictionaries/"
    );
    let files: Vec<String> = [
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
    ]
    .iter()
    .map(|f| format!("{dir}{f}"))
    .collect();
    match ActorSet::from_files(&files, LexiconFormat::Phoenix) {
        Ok((phoenix, _)) => sets.push((
            format!("{}_aliases_phoenix", phoenix.matcher().pattern_count()),
            phoenix,
        )),
        Err(_) => eprintln!(
            "notice: ../shared Phoenix dictionaries absent; the 27k-alias bench is skipped"
        ),
    }
    sets
}

fn stages(c: &mut Criterion) {
    let texts = corpus();
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(20);

    group.bench_function("sentences_and_tokens", |b| {
        let (mut sentences, mut tokens) = (Vec::new(), Vec::new());
        b.iter(|| {
            let mut n = 0;
            for t in &texts {
                sentences.clear();
                tokens.clear();
                split_sentences(t, &mut sentences);
                tokenize(t, Span::new(0, t.len()), &mut tokens);
                n += sentences.len() + tokens.len();
            }
            assert!(n > texts.len() * 10);
            black_box(n)
        })
    });

    for (name, actors) in matcher_sets() {
        group.bench_function(format!("actor_matcher_{name}"), |b| {
            let (mut scratch, mut out) = (MatchScratch::default(), Vec::new());
            b.iter(|| {
                out.clear();
                for t in &texts {
                    actors.find_mentions(t, None, &mut scratch, &mut out);
                }
                assert!(out.len() > texts.len() / 2, "{} mentions", out.len());
                black_box(out.len())
            })
        });
    }

    let vader = Vader::bundled();
    group.bench_function("vader_valence", |b| {
        let mut scratch = VaderScratch::default();
        b.iter(|| {
            let mut nonzero = 0;
            for t in &texts {
                nonzero += usize::from(vader.polarity_scores(t, &mut scratch).compound != 0.0);
            }
            assert!(nonzero > texts.len() / 2);
            black_box(nonzero)
        })
    });

    // The verb matcher over every word of the corpus: word ids, then every verb and its
    // most specific pattern (the bundled CAMEO.2.0.txt).
    let verbs = stance::verbs::VerbDictionary::bundled();
    group.bench_function("verb_matcher_cameo", |b| {
        let (mut sentences, mut tokens, mut ids, mut lower, mut found) = (
            Vec::new(),
            Vec::new(),
            Vec::new(),
            String::new(),
            Vec::new(),
        );
        let mut scratch = stance::verbs::matcher::MatchScratch::default();
        b.iter(|| {
            let mut coded = 0;
            for t in &texts {
                sentences.clear();
                split_sentences(t, &mut sentences);
                for &sentence in &sentences {
                    tokens.clear();
                    tokenize(t, sentence, &mut tokens);
                    verbs.word_ids(tokens.iter().map(|k| k.text(t)), &mut lower, &mut ids);
                    verbs.scan(&ids, &mut scratch, &mut found);
                    coded += found.iter().filter(|m| m.code(&verbs).is_some()).count();
                }
            }
            assert!(coded > texts.len(), "{coded} coded verbs");
            black_box(coded)
        })
    });

    let engine = Engine::bundled();
    let docs: Vec<Document> = texts
        .iter()
        .map(|t| Document {
            text: t.clone(),
            ..Document::default()
        })
        .collect();
    group.bench_function("whole_pipeline", |b| {
        let mut scratch = Scratch::default();
        b.iter(|| {
            let attributions: usize = docs
                .iter()
                .map(|d| engine.analyze(d, &mut scratch).scored.len())
                .sum();
            assert!(attributions > docs.len());
            black_box(attributions)
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
