//! The seed article and its hand annotation: the engine's first acceptance test.

use crate::cli::{stance, stderr, stdout};
use crate::shared::shared_path;

/// One cell of the long CSV.
struct Row {
    scorer: String,
    source: String,
    target: String,
    n: u64,
    mean: f64,
}

fn rows(csv: &str) -> Vec<Row> {
    csv.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            Row {
                scorer: f[0].into(),
                source: f[1].into(),
                target: f[2].into(),
                n: f[3].parse().unwrap(),
                mean: f[4].parse().unwrap(),
            }
        })
        .collect()
}

#[test]
fn serraj_opposes_haftar_and_no_required_dyad_has_the_wrong_sign() {
    let (Some(article), Some(gold)) = (
        shared_path("seed/serraj_haftar.txt"),
        shared_path("seed/gold.tsv"),
    ) else {
        return;
    };
    let o = stance(&["score", "-q", article.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let cells = rows(&stdout(&o));
    let stance_cell = |s: &str, t: &str| {
        cells
            .iter()
            .find(|r| r.scorer == "stance" && r.source == s && r.target == t)
    };

    let main = stance_cell("SERRAJ", "HAFTAR").expect("a SERRAJ -> HAFTAR stance cell");
    assert!(
        main.mean < 0.0 && main.n >= 3,
        "SERRAJ -> HAFTAR: n {} mean {}",
        main.n,
        main.mean
    );

    let gold = std::fs::read_to_string(gold).unwrap();
    let mut wrong = Vec::new();
    // Distinct required dyads (a dyad annotated in several sentences is one cell), and those
    // without any cell in the matrix.
    let mut required = std::collections::BTreeSet::new();
    let mut missing = std::collections::BTreeSet::new();
    for line in gold.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (source, target, sign, is_required) = (f[1], f[2], f[3], f[4]);
        if is_required != "yes" {
            continue;
        }
        required.insert((source, target));
        let Some(cell) = stance_cell(source, target) else {
            missing.insert(format!("{source} -> {target}"));
            continue;
        };
        let opposite = if sign == "+" {
            cell.mean < 0.0
        } else {
            cell.mean > 0.0
        };
        if opposite {
            wrong.push(format!(
                "{source} -> {target}: gold {sign}, mean {}",
                cell.mean
            ));
        }
    }
    assert!(
        required.len() >= 10,
        "read {} distinct required dyads",
        required.len()
    );
    assert!(
        missing.is_empty(),
        "{} of {} required dyads found; no cell for {missing:?}",
        required.len() - missing.len(),
        required.len()
    );
    assert!(
        wrong.is_empty(),
        "required dyads with the wrong sign: {wrong:?}"
    );
}
