//! Time at n and 10n repeats of each adversarial shape of `tests/data/adversarial_shapes.tsv`
//! (`cargo bench --bench scaling`): linear stages give a ratio of about 10 between the two.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use stance::corpus::Document;
use stance::{Engine, Scratch};

fn scaling(c: &mut Criterion) {
    let engine = Engine::bundled();
    let mut group = c.benchmark_group("scaling");
    group
        .sample_size(10)
        .warm_up_time(std::time::Duration::from_millis(500))
        .measurement_time(std::time::Duration::from_secs(2));
    for line in include_str!("../tests/data/adversarial_shapes.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (name, unit) = line.split_once('\t').expect("name<TAB>unit");
        for repeats in [10_000, 100_000] {
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
    group.finish();
}

criterion_group!(benches, scaling);
criterion_main!(benches);
