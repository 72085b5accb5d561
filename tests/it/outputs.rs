//! What the matrix outputs, `merge` and `compare` show: each scorer's own evidence, partials that
//! cannot be counted twice, plain-worded refusals, numbers at the accumulator's resolution, and
//! flags that are honoured or refused, never ignored.

use std::collections::HashMap;
use std::path::Path;

use crate::cli::{stance, stderr, stdout, temp_dir};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/sample/libya_2019_2020.jsonl"
);

/// The scores of every attribution in an `--evidence` file, by (doc, sentence, source, target)
/// and scorer.
fn attribution_scores(path: &Path) -> HashMap<(String, u64, String, String, String), Vec<f64>> {
    let mut by_key: HashMap<_, Vec<f64>> = HashMap::new();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for (scorer, score) in v["scores"].as_object().unwrap() {
            let Some(score) = score.as_f64() else {
                continue;
            };
            by_key
                .entry((
                    v["doc"].as_str().unwrap().to_string(),
                    v["sentence"].as_u64().unwrap(),
                    v["source"].as_str().unwrap().to_string(),
                    v["target"].as_str().unwrap().to_string(),
                    scorer.clone(),
                ))
                .or_default()
                .push(score);
        }
    }
    by_key
}

/// Checks that `items` are evidence of `scorer` for the cell `source -> target`: each item's
/// score is a score that scorer gave that sentence for that dyad, the items are ranked by |score|,
/// and the first is the strongest score the scorer gave the dyad anywhere.
fn assert_own_evidence(
    scores: &HashMap<(String, u64, String, String, String), Vec<f64>>,
    scorer: &str,
    source: &str,
    target: &str,
    items: &[serde_json::Value],
) {
    assert!(
        !items.is_empty(),
        "{scorer} {source} -> {target}: no evidence"
    );
    let mut previous = f64::INFINITY;
    for item in items {
        let key = (
            item["doc"].as_str().unwrap().to_string(),
            item["sentence"].as_u64().unwrap(),
            source.to_string(),
            target.to_string(),
            scorer.to_string(),
        );
        let score = item["score"].as_f64().unwrap();
        let given = scores.get(&key).cloned().unwrap_or_default();
        assert!(
            given.iter().any(|s| (s - score).abs() < 1e-12),
            "{scorer} {source} -> {target}: evidence {} sentence {} shows {score}, but {scorer} gave it {given:?}",
            key.0,
            key.1
        );
        assert!(
            score.abs() <= previous,
            "{scorer} {source} -> {target}: not ranked by |score|"
        );
        previous = score.abs();
    }
    let strongest = scores
        .iter()
        .filter(|(k, _)| k.2 == source && k.3 == target && k.4 == scorer)
        .flat_map(|(_, v)| v.iter().map(|s| s.abs()))
        .fold(0.0, f64::max);
    let first = items[0]["score"].as_f64().unwrap().abs();
    assert!(
        (first - strongest).abs() < 1e-12,
        "{scorer} {source} -> {target}: first evidence |{first}| but the strongest is {strongest}"
    );
}

/// Issue 24, item 1: every cell of the JSON matrix shows its own scorer's evidence. The code of
/// afe3ff9 showed the first non-null score (conflict, else stance, else valence) in every cell.
#[test]
fn json_matrix_evidence_is_each_scorers_own() {
    let dir = temp_dir();
    let (matrix, evidence) = (dir.path().join("m.json"), dir.path().join("ev.jsonl"));
    let o = stance(
        &[
            "score",
            "-q",
            SAMPLE,
            "--format",
            "json",
            "-o",
            matrix.to_str().unwrap(),
            "--evidence",
            evidence.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let scores = attribution_scores(&evidence);
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&matrix).unwrap()).unwrap();
    let mut checked = HashMap::new();
    for cell in m["cells"].as_array().unwrap() {
        let scorer = cell["scorer"].as_str().unwrap();
        assert_own_evidence(
            &scores,
            scorer,
            cell["source"].as_str().unwrap(),
            cell["target"].as_str().unwrap(),
            cell["evidence"].as_array().unwrap(),
        );
        *checked.entry(scorer.to_string()).or_insert(0) += 1;
    }
    assert!(checked.len() == 3, "cells of every scorer: {checked:?}");
}

/// Issue 24, item 1: `compare` shows the compared scorer's evidence, for both scorers it offers.
#[test]
fn compare_evidence_is_the_compared_scorers_own() {
    let dir = temp_dir();
    let evidence = dir.path().join("ev.jsonl");
    let o = stance(
        &[
            "score",
            "-q",
            SAMPLE,
            "-o",
            "/dev/null",
            "--evidence",
            evidence.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let scores = attribution_scores(&evidence);
    for scorer in ["stance", "valence"] {
        let o = stance(
            &[
                "compare", "SERRAJ", "HAFTAR", "TURKEY", SAMPLE, "-q", "--json", "--scorer", scorer,
            ],
            None,
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let cells = v["evidence"].as_array().unwrap();
        assert!(cells.len() >= 2, "{scorer}: {}", stdout(&o));
        for cell in cells {
            assert_own_evidence(
                &scores,
                scorer,
                cell["source"].as_str().unwrap(),
                cell["target"].as_str().unwrap(),
                cell["items"].as_array().unwrap(),
            );
        }
    }
}

/// Splits the bundled sample into two files of consecutive lines, in `dir`.
fn two_halves(dir: &Path) -> (String, String) {
    let text = std::fs::read_to_string(SAMPLE).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let (a, b) = lines.split_at(lines.len() / 2);
    let (pa, pb) = (dir.join("a.jsonl"), dir.join("b.jsonl"));
    std::fs::write(&pa, a.join("\n") + "\n").unwrap();
    std::fs::write(&pb, b.join("\n") + "\n").unwrap();
    (pa.display().to_string(), pb.display().to_string())
}

/// Scores `inputs` into the partial `name` in `dir`.
fn partial_of(dir: &Path, name: &str, inputs: &[&str]) -> String {
    let p = dir.join(name).display().to_string();
    let mut args = vec!["score", "-q", "-o", "/dev/null", "--partial", &p];
    args.extend(inputs);
    let o = stance(&args, None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    p
}

/// The documents read according to a merge's summary line.
fn merged_documents(err: &str) -> u64 {
    let at = err.find("merged: ").expect("a merge summary") + "merged: ".len();
    err[at..].split(' ').next().unwrap().parse().unwrap()
}

/// Issue 24, item 2: a partial merged twice, or two partials that read the same input (under any
/// name, or inside a staged merge), are refused with both files named; `--allow-overlap` merges
/// them when that is meant. The code of afe3ff9 merged `p1.json p1.json` and counted every
/// document twice.
#[test]
fn merging_the_same_records_twice_is_refused() {
    let dir = temp_dir();
    let d = dir.path();
    let (a, b) = two_halves(d);
    let pa = partial_of(d, "pa.json", &[&a]);
    let pb = partial_of(d, "pb.json", &[&b]);
    let pab = partial_of(d, "pab.json", &[&a, &b]);
    let copy = d.join("renamed.jsonl");
    std::fs::copy(&b, &copy).unwrap();
    let pcopy = partial_of(d, "pcopy.json", &[copy.to_str().unwrap()]);

    // Disjoint parts merge.
    let o = stance(&["merge", &pa, &pb, "-o", "/dev/null"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let whole = merged_documents(&stderr(&o));

    let refused = |args: &[&str], first: &str, second: &str| {
        let o = stance(args, None);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?} was accepted: {err}");
        assert!(
            err.contains(first) && err.contains(second) && err.contains("twice"),
            "{args:?}: {err}"
        );
        assert!(err.contains("--allow-overlap"), "{err}");
    };
    refused(&["merge", &pa, &pa, "-o", "/dev/null"], &pa, "given twice");
    refused(&["merge", &pab, &pb, "-o", "/dev/null"], &pab, &pb);
    refused(&["merge", &pb, &pcopy, "-o", "/dev/null"], &pb, &pcopy);
    // Records without ids (their id is their path:line) are caught under another name too.
    let (plain, plain_copy) = (d.join("plain.jsonl"), d.join("plain-copy.jsonl"));
    let text = "{\"text\":\"Alpha praised Beta.\"}\n{\"text\":\"Beta condemned Gamma.\"}\n";
    std::fs::write(&plain, text).unwrap();
    std::fs::write(&plain_copy, text).unwrap();
    let pp = partial_of(d, "pplain.json", &[plain.to_str().unwrap()]);
    let ppc = partial_of(d, "pplaincopy.json", &[plain_copy.to_str().unwrap()]);
    refused(&["merge", &pp, &ppc, "-o", "/dev/null"], &pp, &ppc);
    // A staged merge keeps what its parts read.
    let staged = d.join("staged.json").display().to_string();
    let o = stance(
        &["merge", &pa, &pb, "-o", "/dev/null", "--partial", &staged],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    refused(&["merge", &staged, &pa, "-o", "/dev/null"], &staged, &pa);

    // Asked for, the overlap is merged and counted as often as it occurs.
    let o = stance(
        &["merge", &pa, &pa, "--allow-overlap", "-o", "/dev/null"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o_one = stance(&["merge", &pa, "-o", "/dev/null"], None);
    assert_eq!(
        merged_documents(&stderr(&o)),
        2 * merged_documents(&stderr(&o_one))
    );
    assert!(whole > merged_documents(&stderr(&o_one)));
}

/// Issue 24, item 3: merge refusals say what is wrong in words and name the file(s); no Rust
/// internals such as `Some(2)` or `None vs Some("month")` (which afe3ff9 printed).
#[test]
fn merge_refusals_are_worded_and_name_the_files() {
    let dir = temp_dir();
    let d = dir.path();
    let (a, b) = two_halves(d);
    let pa = partial_of(d, "pa.json", &[&a]);
    let text = std::fs::read_to_string(&pa).unwrap();
    let edited = |name: &str, edit: &dyn Fn(&mut serde_json::Value)| {
        let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
        edit(&mut v);
        let p = d.join(name);
        std::fs::write(&p, v.to_string()).unwrap();
        p.display().to_string()
    };
    let newer = edited("newer.json", &|v| v["version"] = serde_json::json!(99));
    let old = edited("old.json", &|v| v["version"] = serde_json::json!(1));
    let no_version = edited("noversion.json", &|v| {
        v.as_object_mut().unwrap().remove("version");
    });
    let scorers = edited("scorers.json", &|v| {
        v["scorers"] = serde_json::json!(["stance", "valence"])
    });
    let mut monthly = vec!["score", "-q", "-o", "/dev/null", "--by", "month"];
    let pm = d.join("monthly.json").display().to_string();
    monthly.extend(["--partial", &pm, &b]);
    assert_eq!(stance(&monthly, None).status.code(), Some(0));
    let pg = d.join("group.json").display().to_string();
    let o = stance(
        &[
            "score",
            "-q",
            "-o",
            "/dev/null",
            "--level",
            "group",
            "--partial",
            &pg,
            &b,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let renamed = {
        let pb = partial_of(d, "pb.json", &[&b]);
        let mut v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&pb).unwrap()).unwrap();
        for actor in v["actors"].as_array_mut().unwrap() {
            actor["name"] = serde_json::json!(format!("{} (other lexicon)", actor["name"]));
        }
        std::fs::write(&pb, v.to_string()).unwrap();
        pb
    };
    let cases: [(&[&str], &str); 7] = [
        (&[&pa, &newer], "version 99 by a newer stance"),
        (&[&pa, &old], "older stance in partial format version 1"),
        (&[&pa, &no_version], "no format \"version\""),
        (
            &[&pa, &scorers],
            "names the scorer \"conflict\", which its scorers list lacks",
        ),
        (&[&pa, &pm], "sliced by month (--by month)"),
        (&[&pa, &pg], "at --level group"),
        (&[&pa, &renamed], "different actor lexicons"),
    ];
    for (files, words) in cases {
        let mut args = vec!["merge", "-o", "/dev/null"];
        args.extend(files);
        let o = stance(&args, None);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{files:?}: {err}");
        assert!(err.contains(words), "{files:?}: {err}");
        assert!(err.contains(files[1]), "names the file: {err}");
        for internal in ["Some(", "None", "\\\"", "[\""] {
            assert!(!err.contains(internal), "{internal} in: {err}");
        }
    }
    // Settings disagree: both files are named.
    for second in [&pm, &pg] {
        let o = stance(&["merge", "-o", "/dev/null", &pa, second], None);
        assert!(stderr(&o).contains(&pa), "{}", stderr(&o));
    }
}

/// The text of the statistics of every cell in a pretty JSON matrix, in cell order.
fn json_statistics_text(json: &str) -> Vec<[String; 4]> {
    let field = |line: &str, name: &str| {
        let rest = line.trim().strip_prefix(&format!("\"{name}\": "))?;
        Some(rest.trim_end_matches(',').to_string())
    };
    let lines: Vec<&str> = json.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(mean) = field(line, "mean") {
            let get = |k: usize, name: &str| {
                let v = field(lines[i + k], name).unwrap_or_else(|| panic!("{name} after mean"));
                if v == "null" {
                    String::new()
                } else {
                    v
                }
            };
            out.push([mean, get(1, "sd"), get(2, "ci_low"), get(3, "ci_high")]);
        }
    }
    out
}

/// Issue 24, item 4: means, sds and intervals are written as the shortest decimal within half a
/// quantum (2^-33) of the exact value, the same text in CSV and JSON. afe3ff9 wrote JSON means
/// such as 0.18999999994412065 and CSV with six decimals.
#[test]
fn statistics_print_the_same_shortest_decimal_in_csv_and_json() {
    let dir = temp_dir();
    let d = dir.path();
    let (json, csv, partial) = (d.join("m.json"), d.join("m.csv"), d.join("p.json"));
    for args in [
        vec!["--format", "json", "-o", json.to_str().unwrap()],
        vec![
            "-o",
            csv.to_str().unwrap(),
            "--partial",
            partial.to_str().unwrap(),
        ],
    ] {
        let mut all = vec!["score", "-q", SAMPLE];
        all.extend(args);
        let o = stance(&all, None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let from_json = json_statistics_text(&std::fs::read_to_string(&json).unwrap());
    let csv = std::fs::read_to_string(&csv).unwrap();
    let from_csv: Vec<[String; 4]> = csv
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            [f[4], f[5], f[6], f[7]].map(String::from)
        })
        .collect();
    assert!(from_csv.len() > 50, "{csv}");
    assert_eq!(from_json, from_csv, "the same text in JSON and CSV");

    // Each mean is within half a quantum of the exact mean of the partial's sums, and no shorter
    // decimal is.
    let p: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&partial).unwrap()).unwrap();
    let cells = p["cells"].as_array().unwrap();
    assert_eq!(cells.len(), from_csv.len());
    let half = 0.5 / 4_294_967_296.0;
    for (cell, printed) in cells.iter().zip(&from_csv) {
        let sum: i128 = cell["sum"].as_str().unwrap().parse().unwrap();
        let exact = sum as f64 / cell["n"].as_u64().unwrap() as f64 / 4_294_967_296.0;
        let text = &printed[0];
        let value: f64 = text.parse().unwrap();
        assert!((value - exact).abs() <= half, "{text} for {exact}");
        let decimals = text.split('.').nth(1).map_or(0, str::len);
        assert!((1..=10).contains(&decimals), "{text}");
        if decimals > 1 {
            let shorter: f64 = format!("{exact:.*}", decimals - 1).parse().unwrap();
            assert!(
                (shorter - exact).abs() > half,
                "{text} for {exact}: {shorter} is shorter and close enough"
            );
        }
    }
}

const GOLDEN_CORPUS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/golden/compare_corpus.jsonl"
);
const GOLDEN_ACTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/golden/compare_actors.tsv"
);

/// The long CSV's cells as (scorer, source, target) -> (n, mean).
fn long_cells(csv: &str) -> HashMap<(String, String, String), (String, String)> {
    csv.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                (f[0].into(), f[1].into(), f[2].into()),
                (f[3].into(), f[4].into()),
            )
        })
        .collect()
}

/// Issue 24, item 5: `--layout wide --value n` gives the n of every cell the wide means show (the
/// wide layout of afe3ff9 had no way to get n).
#[test]
fn wide_layout_can_give_n() {
    let score = |extra: &[&str]| {
        let mut args = vec!["score", "-q", GOLDEN_CORPUS, "--actors", GOLDEN_ACTORS];
        args.extend(extra);
        let o = stance(&args, None);
        assert_eq!(o.status.code(), Some(0), "{extra:?}: {}", stderr(&o));
        stdout(&o)
    };
    let long = long_cells(&score(&[]));
    let n = score(&["--layout", "wide", "--value", "n"]);
    let mean = score(&["--layout", "wide"]);
    assert_eq!(mean, score(&["--layout", "wide", "--value", "mean"]));
    let header: Vec<&str> = n.lines().next().unwrap().split(',').collect();
    assert_eq!(
        header,
        mean.lines().next().unwrap().split(',').collect::<Vec<_>>()
    );
    let mut seen = 0;
    for (n_row, mean_row) in n.lines().zip(mean.lines()).skip(1) {
        let (n_row, mean_row): (Vec<&str>, Vec<&str>) =
            (n_row.split(',').collect(), mean_row.split(',').collect());
        assert_eq!(n_row[..2], mean_row[..2]);
        for (i, target) in header.iter().enumerate().skip(2) {
            let key = (
                n_row[0].to_string(),
                n_row[1].to_string(),
                target.to_string(),
            );
            match long.get(&key) {
                Some((cell_n, cell_mean)) => {
                    assert_eq!(n_row[i], cell_n, "{key:?}");
                    assert_eq!(mean_row[i], cell_mean, "{key:?}");
                    seen += 1;
                }
                None => assert_eq!((n_row[i], mean_row[i]), ("", ""), "{key:?}"),
            }
        }
    }
    assert_eq!(seen, long.len(), "every cell in the wide tables");
    // --value is for the wide layout only.
    let o = stance(&["score", "-q", "--value", "n"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--layout wide"), "{}", stderr(&o));
}

/// Issue 24, item 5: the `undated` period comes after the dated ones in every output (afe3ff9
/// put it first).
#[test]
fn undated_period_sorts_last() {
    let dir = temp_dir();
    let corpus = dir.path().join("c.jsonl");
    std::fs::write(
        &corpus,
        "{\"id\":\"u\",\"text\":\"Alpha praised Beta for the excellent agreement.\"}\n\
         {\"id\":\"d2\",\"date\":\"2020-02-02\",\"text\":\"Beta condemned Alpha for the brutal attack.\"}\n\
         {\"id\":\"d1\",\"date\":\"2020-01-05\",\"text\":\"Gamma criticised Beta over the deadly shelling.\"}\n",
    )
    .unwrap();
    for extra in [&[][..], &["--layout", "wide"], &["--format", "json"]] {
        let mut args = vec![
            "score",
            "-q",
            corpus.to_str().unwrap(),
            "--actors",
            GOLDEN_ACTORS,
            "--by",
            "month",
        ];
        args.extend(extra);
        let o = stance(&args, None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let out = stdout(&o);
        let periods: Vec<String> = if extra.contains(&"json") {
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            v["cells"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["period"].as_str().unwrap().to_string())
                .collect()
        } else {
            out.lines()
                .skip(1)
                .map(|l| l.split(',').next().unwrap().to_string())
                .collect()
        };
        let mut order: Vec<&str> = periods.iter().map(String::as_str).collect();
        order.dedup();
        assert_eq!(order, ["2020-01", "2020-02", "undated"], "{extra:?}: {out}");
    }
}

/// Issue 24, item 6: `compare` matches actor ids ignoring case, and an unknown id gets the
/// nearest ids as suggestions, on a corpus and with `--from`. afe3ff9 refused `serraj haftar`
/// with no suggestion.
#[test]
fn compare_ids_ignore_case_and_unknown_ones_get_suggestions() {
    let o = stance(&["compare", "serraj", "Haftar", "-q"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("SERRAJ -> HAFTAR:"), "{}", stdout(&o));
    for (args, hint) in [
        (
            &["compare", "seraj", "HAFTAR", "-q"][..],
            "did you mean SERRAJ?",
        ),
        (
            &["compare", "SERRAJ", "HAFTAR", "TURKY", "-q"],
            "did you mean TURKEY?",
        ),
    ] {
        let o = stance(args, None);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(hint), "{args:?}: {}", stderr(&o));
    }
    let dir = temp_dir();
    let m = dir.path().join("m.json");
    let o = stance(
        &[
            "score",
            "-q",
            GOLDEN_CORPUS,
            "--actors",
            GOLDEN_ACTORS,
            "--format",
            "json",
            "-o",
            m.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = stance(
        &["compare", "alpha", "Beta", "--from", m.to_str().unwrap()],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("ALPHA -> BETA:"), "{}", stdout(&o));
    let o = stance(
        &["compare", "ALPAH", "BETA", "--from", m.to_str().unwrap()],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean ALPHA?"), "{}", stderr(&o));
}

/// Issue 24, item 7: flags that afe3ff9 ignored or obeyed by surprise are refused before any
/// work, with a message saying why and what to do, and nothing is written: `--heatmap x.png`
/// (it wrote SVG into a .png), `--format json --layout wide` (the layout was ignored), and
/// `-o m.npy` with `--by` (periods pooled silently) or with `--format json`.
#[test]
fn surprising_flag_combinations_are_refused() {
    let dir = temp_dir();
    let d = dir.path();
    let (png, npy) = (d.join("x.png"), d.join("m.npy"));
    let (png_s, npy_s) = (png.to_str().unwrap(), npy.to_str().unwrap());
    let cases: [(&[&str], &str); 5] = [
        (&["--heatmap", png_s, "-o", "/dev/null"], "SVG only"),
        (
            &["--format", "json", "--layout", "wide"],
            "--layout wide is a CSV layout",
        ),
        (
            &["-o", npy_s, "--by", "month"],
            "pool the --by month slices",
        ),
        (&["-o", npy_s, "--format", "json"], "do not apply"),
        (&["-o", npy_s, "--layout", "wide"], "do not apply"),
    ];
    for (flags, words) in cases {
        let mut args = vec!["score", "-q"];
        args.extend(flags);
        let o = stance(&args, None);
        assert_eq!(o.status.code(), Some(2), "{flags:?} was accepted");
        assert!(stderr(&o).contains(words), "{flags:?}: {}", stderr(&o));
        assert!(o.stdout.is_empty(), "{flags:?} wrote a matrix");
        assert!(!png.exists() && !npy.exists(), "{flags:?} wrote a file");
    }
    // A merge of partials sliced by month cannot pool them into an array either.
    let p = d.join("p.json");
    let o = stance(
        &[
            "score",
            "-q",
            "--by",
            "month",
            "--partial",
            p.to_str().unwrap(),
            "-o",
            "/dev/null",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = stance(&["merge", p.to_str().unwrap(), "-o", npy_s], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--by month"), "{}", stderr(&o));
    assert!(!npy.exists());
    // What stays allowed: an SVG in any case of its extension, an array without --by.
    let svg = d.join("h.SVG");
    let o = stance(
        &[
            "score",
            "-q",
            "--heatmap",
            svg.to_str().unwrap(),
            "-o",
            npy_s,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(svg.exists() && npy.exists());
}

/// Issue 24, item 4, in `compare --json`: its means and sds are the numbers the matrix writes
/// (afe3ff9 wrote the full binary fraction there too).
#[test]
fn compare_json_statistics_are_the_matrix_numbers() {
    let o = stance(&["score", "-q", SAMPLE], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = stdout(&o);
    let row = |source: &str, target: &str| -> Vec<String> {
        csv.lines()
            .map(|l| l.split(',').map(String::from).collect::<Vec<_>>())
            .find(|f| f[0] == "stance" && f[1] == source && f[2] == target)
            .unwrap_or_else(|| panic!("no stance cell {source} -> {target}"))
    };
    let o = stance(
        &["compare", "SERRAJ", "HAFTAR", SAMPLE, "-q", "--json"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let pair = &v["pairs"][0];
    for (cell, source, target) in [
        ("a_to_b", "SERRAJ", "HAFTAR"),
        ("b_to_a", "HAFTAR", "SERRAJ"),
    ] {
        let f = row(source, target);
        let mean = pair[cell]["mean"].as_f64().unwrap();
        assert_eq!(
            mean,
            f[4].parse::<f64>().unwrap(),
            "{cell}: {mean} vs {}",
            f[4]
        );
        if !f[5].is_empty() {
            assert_eq!(
                pair[cell]["sd"].as_f64().unwrap(),
                f[5].parse::<f64>().unwrap()
            );
        }
    }
}
