//! The analyst's commands and outputs: compare, time slices, roll-up, pictures and arrays.

use crate::cli::{stance, stderr, stdout, temp_dir};
use crate::golden::{golden, Golden};

fn golden_args() -> [String; 4] {
    [
        golden("compare_corpus.jsonl").display().to_string(),
        "--actors".into(),
        golden("compare_actors.tsv").display().to_string(),
        "-q".into(),
    ]
}

/// The readable report on a small corpus of our own, checked by hand once and pinned: pairs in
/// both directions with the asymmetry, profiles, similarity and evidence with id and date.
#[test]
fn compare_report_is_pinned() {
    let mut args = vec!["compare", "ALPHA", "BETA", "GAMMA"];
    let extra = golden_args();
    args.extend(extra.iter().map(String::as_str));
    let o = stance(&args, None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut pinned = Golden::default();
    pinned.check("compare.txt", &stdout(&o));
    pinned.finish();
}

#[test]
fn compare_from_a_saved_matrix_equals_compare_on_the_corpus() {
    let dir = temp_dir();
    let matrix = dir.path().join("m.json");
    let extra = golden_args();
    let mut score = vec![
        "score",
        "--format",
        "json",
        "--by",
        "month",
        "-o",
        matrix.to_str().unwrap(),
    ];
    score.extend(extra.iter().map(String::as_str));
    assert_eq!(stance(&score, None).status.code(), Some(0));
    let mut direct = vec!["compare", "ALPHA", "BETA", "--json"];
    direct.extend(extra.iter().map(String::as_str));
    let a: serde_json::Value = serde_json::from_slice(&stance(&direct, None).stdout).unwrap();
    let from = stance(
        &[
            "compare",
            "ALPHA",
            "BETA",
            "--json",
            "--from",
            matrix.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(from.status.code(), Some(0), "{}", stderr(&from));
    let b: serde_json::Value = serde_json::from_slice(&from.stdout).unwrap();
    // The saved matrix is by month: pooling its periods must give the whole-run cells back.
    let mean = |v: &serde_json::Value| v["pairs"][0]["a_to_b"]["mean"].as_f64().unwrap();
    assert!(
        (mean(&a) - mean(&b)).abs() < 1e-9,
        "{} vs {}",
        mean(&a),
        mean(&b)
    );
    assert_eq!(a["pairs"][0]["a_to_b"]["n"], b["pairs"][0]["a_to_b"]["n"]);
    assert_eq!(a["evidence"], b["evidence"]);
    assert_eq!(b["evidence"][0]["items"][0]["doc"], "g1");
}

#[test]
fn compare_needs_two_known_actors() {
    let o = stance(&["compare", "SERRAJ", "NOBODY", "-q"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("\"NOBODY\" is not an actor id of the lexicon"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn by_month_adds_a_period_column_in_time_order() {
    let o = stance(&["score", "-q", "--by", "month"], None);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with("period,scorer,source,target,n,mean,sd,ci_low,ci_high\n"));
    let periods: Vec<&str> = out
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    assert!(
        periods.contains(&"2019-04") && periods.contains(&"2020-10"),
        "{periods:?}"
    );
    let mut sorted = periods.clone();
    sorted.sort();
    assert_eq!(periods, sorted, "rows come in time order");
}

#[test]
fn undated_documents_are_counted() {
    let o = stance(
        &["score", "--by", "week", "-"],
        Some(b"Egypt praised Haftar."),
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stderr(&o).contains("(1 document(s) without a date, in period `undated`)"),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o)
        .lines()
        .skip(1)
        .all(|l| l.starts_with("undated,")));
}

#[test]
fn group_level_rolls_persons_into_their_groups() {
    let o = stance(&["score", "-q", "--level", "group"], None);
    let out = stdout(&o);
    assert!(
        !out.lines().any(|l| l.split(',').nth(1) == Some("SERRAJ")),
        "{out}"
    );
    assert!(
        out.contains("stance,GNA,LNA,") || out.contains("stance,LNA,GNA,"),
        "{out}"
    );
}

#[test]
fn heatmap_graph_and_npy_outputs() {
    let dir = temp_dir();
    let d = dir.path();
    let (svg, graphml, gexf, npy) = (
        d.join("h.svg"),
        d.join("g.graphml"),
        d.join("g.gexf"),
        d.join("m.npy"),
    );
    let o = stance(
        &[
            "score",
            "-q",
            "--heatmap",
            svg.to_str().unwrap(),
            "--graph",
            graphml.to_str().unwrap(),
            "-o",
            npy.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = stance(
        &[
            "score",
            "-q",
            "--graph",
            gexf.to_str().unwrap(),
            "--format",
            "json",
        ],
        None,
    );
    let matrix: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let cells = matrix["cells"].as_array().unwrap();
    let stance_cells = cells.iter().filter(|c| c["scorer"] == "stance").count();
    let actor_edges = cells
        .iter()
        .filter(|c| c["scorer"] == "stance" && c["source"] != "@author")
        .count();

    let svg = std::fs::read_to_string(svg).unwrap();
    assert!(svg.starts_with("<svg ") && svg.trim_end().ends_with("</svg>"));
    assert_eq!(
        svg.matches("<title>").count(),
        stance_cells,
        "one labelled cell per stance cell"
    );
    assert!(svg.contains("faded: fewer than"));

    for (path, edge) in [(graphml, "<edge "), (gexf, "<edge ")] {
        let xml = std::fs::read_to_string(path).unwrap();
        assert_eq!(xml.matches(edge).count(), actor_edges);
        assert!(xml.contains("SERRAJ"));
    }

    let bytes = std::fs::read(&npy).unwrap();
    assert_eq!(&bytes[..6], b"\x93NUMPY");
    let header = String::from_utf8_lossy(&bytes[10..bytes.len().min(200)]);
    let labels: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("m.labels.json")).unwrap()).unwrap();
    let shape = format!(
        "'shape': (3, {}, {})",
        labels["sources"].as_array().unwrap().len(),
        labels["targets"].as_array().unwrap().len()
    );
    assert!(header.contains(&shape), "{header} lacks {shape}");
    assert!(header.contains("'descr': '<f8'"));
}

#[test]
fn actors_suggest_lists_uncovered_names() {
    let dir = temp_dir();
    let f = dir.path().join("c.jsonl");
    std::fs::write(
        &f,
        "{\"text\":\"Serraj met Khalid al-Mishri. Khalid al-Mishri backed the talks.\"}\n{\"text\":\"Aguila Saleh and Khalid al-Mishri met in Rabat.\"}\n",
    )
    .unwrap();
    let o = stance(
        &["actors", "suggest", f.to_str().unwrap(), "--json", "-q"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v[0]["name"], "Khalid al-Mishri");
    assert_eq!(v[0]["count"], 3);
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .all(|s| s["name"] != "Aguila Saleh"),
        "a lexicon name: {v}"
    );
}

/// Every output format on the small corpus of our own, checked by hand once and pinned, so that
/// any change to what users load into pandas, R, Gephi or a browser shows up here.
#[test]
fn every_output_format_is_pinned() {
    let dir = temp_dir();
    let extra = golden_args();
    let mut pinned = Golden::default();
    let on_stdout: [(&[&str], &str); 4] = [
        (&[], "score_long.csv"),
        (&["--layout", "wide"], "score_wide.csv"),
        (&["--by", "month"], "score_by_month.csv"),
        (&["--format", "json"], "score.json"),
    ];
    for (flags, golden_name) in on_stdout {
        let mut args = vec!["score"];
        args.extend(extra.iter().map(String::as_str));
        args.extend(flags);
        let o = stance(&args, None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        pinned.check(golden_name, &stdout(&o));
    }
    for (flag, golden_name) in [
        ("--graph", "score.graphml"),
        ("--graph", "score.gexf"),
        ("--heatmap", "score.svg"),
    ] {
        let out = dir.path().join(golden_name);
        let mut args = vec!["score", "-o", "/dev/null", flag, out.to_str().unwrap()];
        args.extend(extra.iter().map(String::as_str));
        let o = stance(&args, None);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        pinned.check(golden_name, &std::fs::read_to_string(&out).unwrap());
    }
    pinned.finish();
}
