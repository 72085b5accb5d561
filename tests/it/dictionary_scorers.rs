//! Dictionaries as scorers (issue 19, part 2): `--lexicon`, `--polarity`, `--scorers` on the
//! commands that score, what each kind of dictionary gives per attribution, partials that carry
//! their scorer list, and errors that name the file and line.

use std::path::{Path, PathBuf};

use stance::dictionary::scoring::{DictionaryScorers, DictionaryScratch, Mode};
use stance::dictionary::{self, ReadOptions};

use crate::cli::{stance, stderr, stdout, temp_dir};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/sample/libya_2019_2020.jsonl"
);

fn own(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/dictionaries")
        .join(name)
        .display()
        .to_string()
}

fn ok(args: &[&str]) -> String {
    let o = stance(args, None);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    stdout(&o)
}

fn fails(args: &[&str]) -> String {
    let o = stance(args, None);
    assert_ne!(o.status.code(), Some(0), "{args:?} should fail");
    stderr(&o)
}

/// The long CSV rows whose scorer is `scorer`.
fn rows_of<'a>(csv: &'a str, scorer: &str) -> Vec<&'a str> {
    csv.lines()
        .skip(1)
        .filter(|l| l.split(',').next() == Some(scorer))
        .collect()
}

#[test]
fn dictionaries_add_scorers_and_leave_the_built_in_cells_as_they_were() {
    let plain = ok(&["score", "-q", SAMPLE]);
    let moral = format!("moral={}", own("moral.dic"));
    let with = ok(&[
        "score",
        "-q",
        SAMPLE,
        "--lexicon",
        "afinn",
        "--lexicon",
        &moral,
    ]);
    for scorer in ["conflict", "stance", "valence"] {
        let before = rows_of(&plain, scorer);
        assert!(!before.is_empty(), "{scorer}");
        assert_eq!(before, rows_of(&with, scorer), "{scorer} changed");
    }
    let afinn = rows_of(&with, "afinn");
    assert!(afinn.len() > 10, "afinn scores few cells: {}", afinn.len());
    // A category dictionary gives one scorer per category.
    for category in ["moral.care", "moral.harm", "moral.fairness"] {
        assert!(
            with.lines()
                .skip(1)
                .any(|l| l.starts_with(&format!("{category},"))),
            "no {category} row"
        );
    }
    // Every row's scorer is one of the run's.
    let known = [
        "conflict",
        "stance",
        "valence",
        "afinn",
        "moral.care",
        "moral.harm",
        "moral.fairness",
    ];
    for l in with.lines().skip(1) {
        let scorer = l.split(',').next().unwrap();
        assert!(known.contains(&scorer), "{l}");
    }
}

/// The scorers' values in an `explain --json` run: (scope, scorer -> value) per attribution.
fn explained(
    text: &str,
    extra: &[&str],
) -> Vec<(String, serde_json::Map<String, serde_json::Value>)> {
    let mut args = vec!["explain", text, "--json"];
    args.extend_from_slice(extra);
    let out = ok(&args);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut got = Vec::new();
    for s in v.as_array().unwrap() {
        for a in s["attributions"].as_array().unwrap() {
            let scores = a["scores"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| (p[0].as_str().unwrap().to_string(), p[1].clone()))
                .collect();
            got.push((a["scope"].as_str().unwrap().to_string(), scores));
        }
    }
    got
}

#[test]
fn each_attribution_gets_the_dictionary_score_of_its_scope() {
    let text = "Serraj said that Haftar was a terrible and bad commander. Turkey praised the \
                good and well done work of the GNA.";
    let sentiment = format!("lsd={}", own("sentiment.lc3"));
    let got = explained(text, &["--lexicon", &sentiment, "--scorers", "lsd,valence"]);
    assert!(!got.is_empty(), "no attribution");
    // The same dictionary compiled here scores each scope the engine chose.
    let d = dictionary::read_file(Path::new(&own("sentiment.lc3")), ReadOptions::default())
        .unwrap()
        .dictionary;
    let set = DictionaryScorers::new(&[("lsd".into(), &d, Mode::implied(&d), true)]).unwrap();
    let mut signs = Vec::new();
    for (scope, scores) in &got {
        let names: Vec<&str> = scores.keys().map(String::as_str).collect();
        assert!(
            names.contains(&"lsd") && names.contains(&"valence"),
            "{names:?}"
        );
        assert_eq!(names.len(), 2, "--scorers keeps two: {names:?}");
        let mut out = vec![None];
        set.score(scope, &mut DictionaryScratch::default(), &mut out);
        assert_eq!(scores["lsd"].as_f64(), out[0], "{scope}");
        signs.extend(out[0]);
    }
    // "terrible and bad" is all negative, "good and well done" all positive.
    assert!(signs.contains(&-1.0) && signs.contains(&1.0), "{got:?}");
}

#[test]
fn scorers_picks_and_orders_what_is_printed() {
    let out = ok(&[
        "score",
        "-q",
        SAMPLE,
        "--lexicon",
        "afinn",
        "--scorers",
        "valence,afinn",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["scorers"], serde_json::json!(["valence", "afinn"]));
    let cells = v["cells"].as_array().unwrap();
    assert!(cells
        .iter()
        .all(|c| c["scorer"] == "valence" || c["scorer"] == "afinn"));
    assert!(cells.iter().any(|c| c["scorer"] == "afinn"));

    let err = fails(&[
        "score",
        "-q",
        SAMPLE,
        "--lexicon",
        "afinn",
        "--scorers",
        "afin",
    ]);
    assert!(
        err.contains("unknown scorer `afin`") && err.contains("conflict, stance, valence, afinn"),
        "{err}"
    );
    let err = fails(&["score", "-q", SAMPLE, "--scorers", "stance,stance"]);
    assert!(err.contains("named twice"), "{err}");
}

#[test]
fn polarity_maps_categories_to_a_signed_scorer() {
    // topics.csv has the categories peace and war: read as polarity, one scorer `topics`.
    let out = ok(&[
        "score",
        "-q",
        SAMPLE,
        "--lexicon",
        &own("topics.csv"),
        "--polarity",
        "peace,war",
        "--scorers",
        "topics",
    ]);
    let rows = rows_of(&out, "topics");
    assert!(!rows.is_empty(), "{out}");
    assert_eq!(rows.len(), out.lines().count() - 1);
    let err = fails(&[
        "score",
        "-q",
        SAMPLE,
        "--lexicon",
        &own("topics.csv"),
        "--polarity",
        "peace,conflict",
    ]);
    assert!(
        err.contains("topics.csv: --polarity names the category `conflict`")
            && err.contains("peace, war"),
        "{err}"
    );
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn a_bad_dictionary_is_named_by_file_and_line_and_nothing_is_scored() {
    let dir = temp_dir();
    let bad = write(
        dir.path(),
        "bad.dic",
        "%\n1\tcare\n%\nprotect*\t1\nsafe\t7\n",
    );
    let shown = bad.display().to_string();
    let o = stance(&["score", "-q", SAMPLE, "--lexicon", &shown], None);
    assert_ne!(o.status.code(), Some(0));
    assert!(stdout(&o).is_empty(), "something was printed");
    let err = stderr(&o);
    assert!(err.contains(&format!("{shown}:5:")), "{err}");
    assert!(err.contains("nothing was scored"), "{err}");
    // Two dictionaries with one name.
    let err = fails(&[
        "score",
        "-q",
        SAMPLE,
        "--lexicon",
        "afinn",
        "--lexicon",
        "afinn",
    ]);
    assert!(err.contains("two scorers are named `afinn`"), "{err}");
}

#[test]
fn partials_carry_their_scorers_and_merge_only_with_the_same() {
    let dir = temp_dir();
    let d = dir.path();
    let lines: Vec<&str> = include_str!("../../src/sample/libya_2019_2020.jsonl")
        .lines()
        .collect();
    let half = lines.len() / 2;
    let a = write(d, "a.jsonl", &(lines[..half].join("\n") + "\n"));
    let b = write(d, "b.jsonl", &(lines[half..].join("\n") + "\n"));
    let partial = |input: &Path, name: &str, extra: &[&str]| {
        let p = d.join(name).display().to_string();
        let mut args = vec!["score", "-q", input.to_str().unwrap(), "--partial", &p];
        args.extend_from_slice(extra);
        ok(&args);
        p
    };
    let lex = ["--lexicon", "afinn"];
    let pa = partial(&a, "a.partial.json", &lex);
    let pb = partial(&b, "b.partial.json", &lex);
    let pb_plain = partial(&b, "b-plain.partial.json", &[]);
    // Merged with the same scorers: the matrix of one run over the whole.
    let merged = ok(&["merge", &pa, &pb]);
    let whole = ok(&["score", "-q", SAMPLE, "--lexicon", "afinn"]);
    assert_eq!(merged, whole);
    assert!(!rows_of(&merged, "afinn").is_empty());
    let err = fails(&["merge", &pa, &pb_plain]);
    assert!(
        err.contains("holds the scorers conflict, stance, valence, afinn")
            && err.contains("the same scorers"),
        "{err}"
    );
}

#[test]
fn pictures_and_compare_take_a_dictionary_scorer() {
    let dir = temp_dir();
    let svg = dir.path().join("afinn.svg").display().to_string();
    ok(&[
        "score",
        "-q",
        SAMPLE,
        "--lexicon",
        "afinn",
        "--heatmap",
        &svg,
        "--picture-scorer",
        "afinn",
    ]);
    let drawn = std::fs::read_to_string(&svg).unwrap();
    assert!(
        drawn.contains("(afinn: source rows"),
        "title names the scorer"
    );
    let err = fails(&[
        "score",
        "-q",
        SAMPLE,
        "--heatmap",
        &svg,
        "--picture-scorer",
        "afinn",
    ]);
    assert!(
        err.contains("--picture-scorer afinn: not a scorer of this run"),
        "{err}"
    );
    let out = ok(&[
        "compare",
        "SERRAJ",
        "HAFTAR",
        SAMPLE,
        "-q",
        "--lexicon",
        "afinn",
        "--scorer",
        "afinn",
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["scorer"], "afinn");
}
