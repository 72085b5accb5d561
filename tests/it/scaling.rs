//! Linear work on adversarial text: each shape of `tests/data/adversarial_shapes.tsv` (a line
//! without sentence ends, every token an actor, a quote mark, a speech verb, a coordinator ...)
//! at n and 10n repeats. `benches/scaling.rs` times the same shapes.

use stance::corpus::Document;
use stance::{DocResult, Engine, Scratch};

/// The shapes: (name, unit).
fn shapes() -> Vec<(&'static str, &'static str)> {
    include_str!("../data/adversarial_shapes.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_once('\t').expect("name<TAB>unit"))
        .collect()
}

fn analyze(engine: &Engine, unit: &str, repeats: usize) -> DocResult {
    let doc = Document {
        text: format!("{unit} ").repeat(repeats),
        ..Document::default()
    };
    engine.analyze(&doc, &mut Scratch::default())
}

/// The scorers' work: the bytes of every scope they read, and one step per attribution.
fn scoring_work(r: &DocResult) -> usize {
    r.scored
        .iter()
        .map(|s| 1 + s.attribution.scope.end - s.attribution.scope.start)
        .sum()
}

/// Ten times the text gives at most about ten times the attributions and the scorers' work
/// (counted, not timed): a rule that paired every actor with every other, or scored each actor
/// of a long list on a scope that grows with the list, would grow a hundredfold.
#[test]
fn every_shape_gives_linear_scoring_work() {
    let engine = Engine::bundled();
    for (name, unit) in shapes() {
        let small = analyze(&engine, unit, 1_000);
        let large = analyze(&engine, unit, 10_000);
        assert_eq!(
            large.stats.mentions,
            10 * small.stats.mentions,
            "{name}: the mentions"
        );
        let (w1, w10) = (scoring_work(&small), scoring_work(&large));
        assert!(
            w10 <= 12 * w1 + 1_000,
            "{name}: work {w1} at n, {w10} at 10n"
        );
        let (a1, a10) = (small.scored.len(), large.scored.len());
        assert!(
            a10 <= 12 * a1 + 100,
            "{name}: {a1} attributions at n, {a10} at 10n"
        );
    }
}

/// A million tokens of each shape finish within a minute each (in the debug build they take
/// about a second; a quadratic stage takes hours: `Serraj said Haftar` at 100,000 repeats took
/// 74 s in a release build before attribution was made linear). The run is on its own thread so
/// that a slow shape fails the test instead of hanging it.
#[test]
fn a_million_tokens_of_each_shape_finish() {
    for (name, unit) in shapes() {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let tokens = unit.split_whitespace().count();
            let r = analyze(&Engine::bundled(), unit, 1_000_000 / tokens);
            let _ = tx.send(r.stats.mentions);
        });
        let mentions = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("{name}: a million tokens took over a minute"));
        assert!(mentions > 0, "{name}: no mention");
    }
}
