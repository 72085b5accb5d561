//! Time at n and 10n repeats of each adversarial shape of `tests/data/adversarial_shapes.tsv`
//! (`cargo bench --bench scaling`): linear stages give a ratio of about 10 between the two.

use criterion::measurement::WallTime;
use criterion::{
    black_box, criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput,
};
use stance::corpus::Document;
use stance::{Engine, Scratch};

/// Times `engine` on each shape (name, unit) repeated `small` and ten times `small` times.
fn shapes_at_n_and_10n(
    group: &mut BenchmarkGroup<'_, WallTime>,
    engine: &Engine,
    shapes: &[(&str, &str)],
    small: usize,
) {
    group
        .sample_size(10)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    for (name, unit) in shapes {
        for repeats in [small, 10 * small] {
            let doc = Document {
                text: format!("{unit} ").repeat(repeats),
                ..Document::default()
            };
            let mut scratch = Scratch::default();
            group.throughput(Throughput::Bytes(doc.text.len() as u64));
            group.bench_function(format!("{name}/{repeats}"), |b| {
                b.iter(|| black_box(engine.analyze(&doc, &mut scratch).scored.len()))
            });
        }
    }
}

fn scaling(c: &mut Criterion) {
    let shapes: Vec<(&str, &str)> = include_str!("../tests/data/adversarial_shapes.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_once('\t').expect("name<TAB>unit"))
        .collect();
    let mut group = c.benchmark_group("scaling");
    shapes_at_n_and_10n(&mut group, &Engine::bundled(), &shapes, 10_000);
    group.finish();
}

/// The same with the syntax layer on, for shapes that its structure filter reads: the
/// news-like fuzz target found a cubic one (`relative_named`). Fewer repeats: every word of a
/// sentence naming two actors is parsed.
fn scaling_syntax(c: &mut Criterion) {
    let shapes = [
        ("said", "Serraj said Haftar"),
        (
            "relative_named",
            "Serraj which Haftar Khalifa Haftar praised",
        ),
    ];
    let mut group = c.benchmark_group("scaling_syntax");
    let engine = Engine::bundled().with_syntax(true);
    shapes_at_n_and_10n(&mut group, &engine, &shapes, 1_000);
    group.finish();
}

criterion_group!(benches, scaling, scaling_syntax);
criterion_main!(benches);
