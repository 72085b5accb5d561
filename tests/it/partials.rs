//! Partial results: k parts scored apart and merged give the bytes of one run over the whole.

use std::path::Path;

use crate::cli::{stance, stderr, temp_dir};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/sample/libya_2019_2020.jsonl"
);

fn run_ok(args: &[&str]) {
    let o = stance(args, None);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
}

/// Splits the sample into `k` files of consecutive lines.
fn split(dir: &Path, k: usize) -> Vec<String> {
    let lines: Vec<&str> = include_str!("../../src/sample/libya_2019_2020.jsonl")
        .lines()
        .collect();
    let per = lines.len().div_ceil(k);
    lines
        .chunks(per)
        .enumerate()
        .map(|(i, chunk)| {
            let p = dir.join(format!("part{i}.jsonl"));
            std::fs::write(&p, chunk.join("\n") + "\n").unwrap();
            p.display().to_string()
        })
        .collect()
}

#[test]
fn merging_k_partials_equals_one_run_byte_for_byte() {
    let dir = temp_dir();
    let d = dir.path();
    for (format, by) in [("csv", None), ("json", Some("month"))] {
        let whole = d.join(format!("whole.{format}"));
        let mut args = vec![
            "score",
            "-q",
            SAMPLE,
            "--format",
            format,
            "-o",
            whole.to_str().unwrap(),
        ];
        if let Some(g) = by {
            args.extend(["--by", g]);
        }
        run_ok(&args);
        for k in [1, 3, 7] {
            let parts = split(d, k);
            let mut partials = Vec::new();
            for (i, part) in parts.iter().enumerate() {
                let partial = d
                    .join(format!("p{k}-{i}.partial.json"))
                    .display()
                    .to_string();
                let mut args = vec![
                    "score",
                    "-q",
                    part.as_str(),
                    "--partial",
                    partial.as_str(),
                    "-o",
                    "/dev/null",
                ];
                if let Some(g) = by {
                    args.extend(["--by", g]);
                }
                run_ok(&args);
                partials.push(partial);
            }
            partials.reverse(); // the order of parts must not matter
            let merged = d.join(format!("merged{k}.{format}"));
            let mut args = vec!["merge", "--format", format, "-o", merged.to_str().unwrap()];
            args.extend(partials.iter().map(String::as_str));
            run_ok(&args);
            let (merged, whole) = (
                std::fs::read_to_string(&merged).unwrap(),
                std::fs::read_to_string(&whole).unwrap(),
            );
            let first_difference = merged.lines().zip(whole.lines()).position(|(a, b)| a != b);
            assert!(
                merged == whole,
                "{format}, {k} parts: first different line {first_difference:?}"
            );
        }
    }
}

/// The partial of the bundled sample, written into `dir`.
fn sample_partial(dir: &Path) -> std::path::PathBuf {
    let good = dir.join("good.json");
    run_ok(&[
        "score",
        "-q",
        "--partial",
        good.to_str().unwrap(),
        "-o",
        "/dev/null",
    ]);
    good
}

#[test]
fn bad_partials_are_named_and_refused() {
    let dir = temp_dir();
    let d = dir.path();
    let good = sample_partial(d);
    let text = std::fs::read_to_string(&good).unwrap();
    let cases = [
        (
            "truncated.json",
            text[..text.len() / 2].to_string(),
            "truncated partial",
        ),
        (
            "corrupt.json",
            "this is not json".to_string(),
            "not a stance partial",
        ),
        (
            "version.json",
            text.replacen("\"version\":2", "\"version\":1", 1),
            "older stance in partial format version 1",
        ),
        (
            "other.json",
            "{\"format\":\"something-else\",\"version\":1}".to_string(),
            "not a stance partial",
        ),
        (
            "sum.json",
            text.replacen("\"sum\":\"", "\"sum\":\"x", 1),
            "is not an integer",
        ),
    ];
    for (name, content, message) in cases {
        let p = d.join(name);
        std::fs::write(&p, content).unwrap();
        let o = stance(
            &["merge", good.to_str().unwrap(), p.to_str().unwrap()],
            None,
        );
        assert_eq!(o.status.code(), Some(2), "{name}");
        let err = stderr(&o);
        assert!(
            err.contains(&p.display().to_string()) && err.contains(message),
            "{name}: {err}"
        );
    }
    let monthly = d.join("monthly.json");
    run_ok(&[
        "score",
        "-q",
        "--by",
        "month",
        "--partial",
        monthly.to_str().unwrap(),
        "-o",
        "/dev/null",
    ]);
    let o = stance(
        &["merge", good.to_str().unwrap(), monthly.to_str().unwrap()],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("is not sliced by time (no --by) but")
            && stderr(&o).contains("is sliced by month (--by month)"),
        "{}",
        stderr(&o)
    );
}

/// Regression (fuzzing, partial_reader): evidence naming a dyad without a cell was accepted, and
/// the partial could then not be written back. Such a file is now refused.
#[test]
fn evidence_without_a_cell_is_refused() {
    let dir = temp_dir();
    let good = sample_partial(dir.path());
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&good).unwrap()).unwrap();
    let mut orphan = v["evidence"][0].clone();
    orphan["period"] = serde_json::json!(4242);
    v["evidence"].as_array_mut().unwrap().push(orphan);
    let bad = dir.path().join("orphan.json");
    std::fs::write(&bad, v.to_string()).unwrap();
    let o = stance(&["merge", bad.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("has no cell"), "{}", stderr(&o));
}
