//! `stance eval` on the shared dev/valid splits: the figures #3 is judged by, with floors just
//! under what was measured so that a regression fails here, and the thresholds' provenance.

use crate::cli::{stance, stderr, stdout};
use crate::shared::shared_path;

fn eval_json(args: &[&str]) -> serde_json::Value {
    let o = stance(args, None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).expect("one JSON object")
}

#[test]
fn dse_valid_and_newsmtsc_dev() {
    let (Some(dse), Some(rw)) = (
        shared_path("data/directed_sentiment_dse/valid.txt"),
        shared_path("data/newsmtsc/hf_flat/rw/dev.jsonl"),
    ) else {
        return;
    };
    let v = eval_json(&["eval", "dse", dse.to_str().unwrap(), "--json"]);
    assert_eq!(v["format"], "dse");
    assert_eq!(v["n"], 1461);
    let f1 = v["macro_f1"].as_f64().unwrap();
    eprintln!(
        "DSE valid: 5-class macro-F1 {f1:.3}, 3-class {}",
        v["macro_f1_3class"]
    );
    // Measured 0.410; the majority class gives 0.158 and lexicon baselines 0.256.
    assert!(f1 >= 0.37, "DSE macro-F1 {f1}");
    assert!(v["macro_f1_3class"].as_f64().unwrap() >= 0.50);
    assert!(v["thresholds"]["fitted_on"]
        .as_str()
        .unwrap()
        .contains("train"));

    let v = eval_json(&["eval", "newsmtsc", rw.to_str().unwrap(), "--json"]);
    assert_eq!(v["n"], 343);
    let f1 = v["macro_f1"].as_f64().unwrap();
    eprintln!("NewsMTSC rw dev: macro-F1 {f1:.3}");
    // Measured 0.633; VADER on the whole sentence reaches 0.51-0.53.
    assert!(f1 >= 0.59, "NewsMTSC macro-F1 {f1}");
}

/// Each stored band is what fitting on the file it names gives: NewsMTSC's was fitted on train,
/// not on dev, and PerSenT's on dev (see the cross-fitting test below).
#[test]
fn stored_bands_are_the_fits_on_the_files_they_name() {
    for (format, file, scorer) in [
        ("newsmtsc", "data/newsmtsc/original/train.jsonl", "stance"),
        ("persent", "data/persent/dev.csv", "stance"),
        ("newsmtsc", "data/newsmtsc/original/train.jsonl", "conflict"),
        ("persent", "data/persent/dev.csv", "conflict"),
    ] {
        let Some(path) = shared_path(file) else {
            return;
        };
        let o = stance(
            &[
                "eval",
                format,
                path.to_str().unwrap(),
                "--scorer",
                scorer,
                "--fit",
            ],
            None,
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let fitted = stdout(&o);
        let row: Vec<&str> = fitted.trim().split('\t').collect();
        let stored = include_str!("../../lexicons/calibration/thresholds.tsv");
        let stored_row = stored
            .lines()
            .find(|l| l.starts_with(&format!("{format}\t{scorer}\t")))
            .expect("a stored band");
        let stored_row: Vec<&str> = stored_row.split('\t').collect();
        // The whole row, the file's name included (issue 24, item 6: `--fit` printed only
        // `train.jsonl`, so a printed row could not be pasted into the file as it is).
        assert_eq!(
            row, stored_row,
            "refit {fitted:?} differs from the stored row"
        );
    }
}

/// PerSenT's bands are fitted on its dev split (it has no other in ../shared), so scoring dev
/// must not use them: each half is read with a band fitted on the other half.
#[test]
fn persent_dev_is_cross_fitted_not_read_with_its_own_band() {
    let Some(dev) = shared_path("data/persent/dev.csv") else {
        return;
    };
    let v = eval_json(&["eval", "persent", dev.to_str().unwrap(), "--json"]);
    assert_eq!(v["n"], 578);
    assert_eq!(v["thresholds"]["fitted_on"], "persent/dev.csv");
    let folds = v["cross_fitted"].as_array().expect("cross-fitted bands");
    assert_eq!(folds.len(), 2);
    assert_ne!(folds[0], folds[1], "each half has its own fit");
    let f1 = v["macro_f1"].as_f64().unwrap();
    eprintln!("PerSenT dev (cross-fitted): macro-F1 {f1:.3}");
    // Measured 0.466 (stance) and 0.462 (valence); VADER baselines reach 0.36-0.40.
    assert!(f1 >= 0.40, "PerSenT macro-F1 {f1}");
}

#[test]
fn seed_gold_required_dyads_have_the_right_sign() {
    let (Some(gold), Some(doc)) = (
        shared_path("seed/gold.tsv"),
        shared_path("seed/serraj_haftar.txt"),
    ) else {
        return;
    };
    let v = eval_json(&[
        "eval",
        "gold",
        gold.to_str().unwrap(),
        "--doc",
        doc.to_str().unwrap(),
        "--json",
    ]);
    let outcomes = v["outcomes"].as_array().unwrap();
    let wrong_sign: Vec<&serde_json::Value> = outcomes
        .iter()
        .filter(|o| o["predicted_sign"].as_i64().unwrap() == -o["sign"].as_i64().unwrap())
        .collect();
    assert!(
        wrong_sign.is_empty(),
        "dyads with the wrong sign: {wrong_sign:?}"
    );
    let (right, total) = (
        v["required_right"][0].as_u64().unwrap(),
        v["required_right"][1].as_u64().unwrap(),
    );
    eprintln!("seed: required dyads right {right}/{total}");
    // The acceptance line: every required dyad comes out with its sign, and no weak one
    // with the wrong sign.
    assert!(right == total && total == 18, "{right}/{total}");
    assert_eq!(v["weak_wrong"], 0);
}

#[test]
fn malformed_labelled_data_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.txt");
    std::fs::write(&path, "[A] met [B].\tA\tB\t0\nno brackets here\tA\tB\t1\n").unwrap();
    let o = stance(&["eval", "dse", path.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(
        err.contains("bad.txt:2:") && err.contains("two [bracketed] entities"),
        "{err}"
    );
    let o = stance(&["eval", "nosuch", path.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("expected dse, newsmtsc, persent or gold"));
}

#[test]
fn explain_shows_rule_scope_and_cues() {
    let o = stance(&["explain", "Serraj does not support Haftar."], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("SERRAJ -> HAFTAR  [subject]"), "{out}");
    assert!(
        out.contains("\"support\"") && out.contains("(negated)"),
        "{out}"
    );
    let o = stance(
        &["explain", "--json", "--brackets", "[Alpha] praised [Beta]."],
        None,
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let a = &v[0]["attributions"];
    assert!(a
        .as_array()
        .unwrap()
        .iter()
        .any(|x| x["source"] == "E1" && x["target"] == "E2" && x["rule"] == "subject"));
}

#[test]
fn valence_news_layer_is_opt_in() {
    let text: &[u8] = b"The ceasefire held despite new sanctions.\n";
    let exact = stdout(&stance(&["valence"], Some(text)));
    let news = stdout(&stance(&["valence", "--news"], Some(text)));
    assert!(exact.ends_with("\t0.0\n"), "{exact}");
    assert!(!news.ends_with("\t0.0\n"), "{news}");
}

/// A reader that goes away (`stance explain ... | head`) ends the run quietly with exit 0.
#[test]
fn explain_into_a_closed_pipe_exits_cleanly() {
    use std::process::{Command, Stdio};
    let text = "Serraj condemned Haftar. ".repeat(3000); // far more output than a pipe buffers
    let mut child = Command::new(env!("CARGO_BIN_EXE_stance"))
        .args(["explain", &text])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // close the reading end before the report is written
    let out = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// Issue 16's real-news dev set (ids and labels in tests/data, texts in ../shared): every
/// annotated sentence is found, and signed precision and recall of actor -> actor pairs stay at
/// least where they were measured (afe3ff9: precision 0.206, recall 0.137, stance scorer).
#[test]
fn realnews_pairs_dev_set_reads_whole_and_holds_its_floor() {
    let Some(corpora) = shared_path("data/corpora") else {
        return;
    };
    let labels = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/realnews_dev_pairs.tsv"
    );
    let v = eval_json(&[
        "eval",
        "pairs",
        labels,
        "--corpora",
        corpora.to_str().unwrap(),
        "--json",
    ]);
    let rows = std::fs::read_to_string(labels)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#'))
        .count()
        - 1;
    assert_eq!(v["pairs"].as_u64().unwrap() as usize, rows);
    // The set was drawn with afe3ff9's mentions; since then a wire dateline ("BRUSSELS
    // (Reuters) -") names no actor, so its pairs lose their mentions. A few may; many would
    // mean the texts or the actor files are not the ones annotated.
    let lost = v["pairs_without_mentions"].as_u64().unwrap() as usize;
    assert!(
        lost * 50 <= rows,
        "{lost} of {rows} pairs have no mention: {v}"
    );
    let (p, r) = (
        v["precision"].as_f64().unwrap(),
        v["recall"].as_f64().unwrap(),
    );
    eprintln!("real-news dev pairs: signed precision {p:.3}, recall {r:.3}");
    assert!(p >= 0.18 && r >= 0.11, "{v}");
}

/// Issue 16's real-news training pairs, read by `--folds`: every annotated document falls in
/// one fold, so the pooled signed pairs are the file's; each fold has its own fitted band, and
/// the same command gives the same figures twice (the folds are dealt, not drawn).
#[test]
fn realnews_training_pairs_cross_validate_over_every_document_deterministically() {
    let Some(corpora) = shared_path("data/corpora") else {
        return;
    };
    let labels = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/realnews_train_pairs.tsv"
    );
    let args = [
        "eval",
        "pairs",
        labels,
        "--corpora",
        corpora.to_str().unwrap(),
        "--folds",
        "5",
        "--json",
    ];
    let v = eval_json(&args);
    let signed = std::fs::read_to_string(labels)
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && (l.ends_with("\t+") || l.ends_with("\t-")))
        .count();
    assert_eq!(v["gold_signed"].as_u64().unwrap() as usize, signed, "{v}");
    assert_eq!(v["bands"].as_array().unwrap().len(), 5, "{v}");
    assert!(
        v["correct"].as_u64() <= v["predicted_signed"].as_u64(),
        "{v}"
    );
    for band in v["bands"].as_array().unwrap() {
        let (low, high) = (band[0].as_f64().unwrap(), band[1].as_f64().unwrap());
        assert!(low <= 0.0 && 0.0 <= high, "{v}");
    }
    assert_eq!(eval_json(&args), v);
}
