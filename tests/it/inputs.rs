//! Inputs, lexicons and flags as a newcomer meets them (issue 24): every problem reported at
//! once and by place, nothing lost silently, every flag a help text lists doing what it says.

use std::path::{Path, PathBuf};

use crate::cli::{counts, stance, stderr, stdout, temp_dir};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// Issue 24, item 7: `lexicon check` promises every error at once; duplicates, unknown groups
/// and alias clashes used to wait until the malformed lines were fixed.
#[test]
fn lexicon_check_reports_malformed_lines_and_set_errors_in_one_pass() {
    let dir = temp_dir();
    let lex = write(
        dir.path(),
        "actors.tsv",
        b"id\tkind\tname\taliases\tgroups\n\
          A\tperson\tAnn\t\tNOPE\n\
          B\tplanet\tBee\t\t\n\
          A\tperson\tAnn again\t\t\n\
          C\tperson\tCee\tann\t\n",
    );
    let o = stance(&["lexicon", "check", lex.to_str().unwrap()], None);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let p = lex.display();
    for expected in [
        format!("{p}:2: unknown group \"NOPE\""),
        format!("{p}:3: kind \"planet\""),
        format!("{p}:4: duplicate id A"),
        format!("{p}:5: alias \"ann\" of C is already claimed by A"),
    ] {
        assert!(err.contains(&expected), "{expected:?} missing in {err}");
    }
    assert!(err.contains("4 error(s)"), "{err}");
    // In file order, so that a user can walk down the file.
    let at = |needle: &str| err.find(needle).unwrap();
    assert!(at(":2: ") < at(":3: ") && at(":3: ") < at(":4: ") && at(":4: ") < at(":5: "));
}

/// Issue 24, item 1: a format forced against the content, or a lexicon that yields no actor,
/// used to load "0 actors", write an empty matrix and exit 0.
#[test]
fn a_lexicon_that_yields_no_actor_is_an_error_naming_the_file() {
    let dir = temp_dir();
    let tsv = write(
        dir.path(),
        "my.tsv",
        b"# mine\nid\tkind\tname\taliases\tgroups\nACME\torganisation\tAcme Corp\tAcme\t\n",
    );
    let doc = write(dir.path(), "d.txt", b"Acme praised Bolt.");
    let (tsv_s, doc_s) = (tsv.to_str().unwrap(), doc.to_str().unwrap());
    let o = stance(
        &[
            "score",
            "--actors",
            tsv_s,
            "--actors-format",
            "phoenix",
            doc_s,
        ],
        None,
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("{tsv_s}:2: this is a TSV actor lexicon")),
        "{err}"
    );
    assert!(stdout(&o).is_empty(), "no matrix may be written");

    // A dictionary whose entries carry no code at all.
    let codeless = write(
        dir.path(),
        "codeless.txt",
        b"ACME_CORP_\n+ACME_\nBOLT_INC_\n",
    );
    let o = stance(
        &["score", "--actors", codeless.to_str().unwrap(), doc_s],
        None,
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!(
            "{}:1: no actor: 2 entries without a code",
            codeless.display()
        )),
        "{err}"
    );

    // A TSV lexicon with a header and nothing else.
    let empty = write(
        dir.path(),
        "empty.tsv",
        b"id\tkind\tname\taliases\tgroups\n",
    );
    let o = stance(&["score", "--actors", empty.to_str().unwrap(), doc_s], None);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("{}: no actor: expected one line", empty.display())),
        "{err}"
    );
}

/// Issue 24, item 3: a loop of symbolic links was reported as a "broken symbolic link"; every
/// entry of a walked directory that cannot be read is named and counted.
#[test]
fn a_loop_of_symbolic_links_is_reported_as_a_loop_and_counted() {
    use std::os::unix::fs::symlink;
    let dir = temp_dir();
    let d = dir.path().join("corpus");
    std::fs::create_dir(&d).unwrap();
    write(&d, "good.txt", b"Egypt praised Haftar.");
    symlink(d.join("b.txt"), d.join("a.txt")).unwrap();
    symlink(d.join("a.txt"), d.join("b.txt")).unwrap();
    symlink("self.txt", d.join("self.txt")).unwrap();
    symlink(d.join("missing.txt"), d.join("z_broken.txt")).unwrap();
    let o = stance(&["score", d.to_str().unwrap()], None);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let p = d.display();
    for name in ["a.txt", "b.txt", "self.txt"] {
        assert!(
            err.contains(&format!("{p}/{name}: symbolic link loop")),
            "{name}: {err}"
        );
    }
    assert!(
        err.contains(&format!("{p}/z_broken.txt: broken symbolic link")),
        "{err}"
    );
    assert!(
        err.contains("1 documents read: 1 scored, 0 skipped (4 file problem(s))"),
        "{err}"
    );
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

/// Issue 24, item 2: gzip piped into `score -` (or hiding behind a `.jsonl` name) was read as
/// text, one "binary data" message per line of it.
#[test]
fn gzip_is_recognised_by_its_bytes_on_stdin_and_behind_any_name() {
    let lines: String = (0..40)
        .map(|i| {
            format!("{{\"id\":\"d{i}\",\"text\":\"Egypt praised Haftar for the ceasefire.\"}}\n")
        })
        .collect();
    let gz = gzip(lines.as_bytes());
    let o = stance(&["score", "-", "--input-format", "jsonl"], Some(&gz));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(counts(&err), (40, 40, 0), "{err}");
    assert!(
        stdout(&o).contains("stance,EGYPT,HAFTAR,40,"),
        "{}",
        stdout(&o)
    );

    let dir = temp_dir();
    let disguised = write(dir.path(), "x.jsonl", &gz);
    let o = stance(&["score", disguised.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(counts(&stderr(&o)), (40, 40, 0));
}

/// Issue 24, item 2: a file of records that all fail alike shows a few of them and a tally,
/// not one line each; the summary still counts every one.
#[test]
fn repeated_problems_of_one_kind_are_capped_per_file_and_counted_exactly() {
    let dir = temp_dir();
    let mut bad = String::new();
    for i in 0..50 {
        bad += &format!("{{\"id\": \"d{i}\", \"text\": {i}}}\n");
    }
    bad += "{\"text\": \"Egypt praised Haftar.\"}\n{not json\n";
    let f = write(dir.path(), "bad.jsonl", bad.as_bytes());
    let other = write(dir.path(), "other.jsonl", b"{\"text\": 7}\n");
    let o = stance(
        &["score", f.to_str().unwrap(), other.to_str().unwrap()],
        None,
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let p = f.display();
    let number_lines = err
        .lines()
        .filter(|l| l.contains("is a number") && !l.contains("more like it"))
        .count();
    assert_eq!(
        number_lines,
        3 + 1,
        "three of bad.jsonl, one of other.jsonl: {err}"
    );
    assert!(
        err.contains(&format!(
            "{p}: ... and 47 more like it (field \"text\" is a number"
        )),
        "{err}"
    );
    assert!(err.contains(&format!("{p}:52: malformed JSON")), "{err}");
    assert_eq!(counts(&err), (53, 1, 52), "{err}");
}

/// Issue 24, item 5: `explain --doc` ignored --input-format, --text-field, gzip and `-`, the
/// flags its help lists; it now reads as `score` does, every document of the file in turn.
#[test]
fn explain_doc_reads_as_score_reads() {
    let dir = temp_dir();
    let csv = write(
        dir.path(),
        "a.dat",
        b"id,body\nd1,Serraj does not support Haftar.\nd2,\"Egypt praised Turkey, and the UAE.\"\n",
    );
    let o = stance(
        &[
            "explain",
            "--doc",
            csv.to_str().unwrap(),
            "--input-format",
            "csv",
            "--text-field",
            "body",
        ],
        None,
    );
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.contains("== d1\n") && out.contains("== d2\n"), "{out}");
    assert!(out.contains("SERRAJ -> HAFTAR"), "{out}");
    assert!(!out.contains("id,body"), "the header is no text: {out}");

    // Gzip on standard input, as JSON Lines; JSON output names each sentence's document.
    let gz = gzip(b"{\"id\": \"g1\", \"text\": \"Serraj does not support Haftar.\"}\n");
    let o = stance(
        &["explain", "--json", "--doc", "-", "--input-format", "jsonl"],
        Some(&gz),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let sentences: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(sentences[0]["text"], "Serraj does not support Haftar.");
    assert!(
        sentences[0].get("doc").is_none(),
        "one document: {sentences}"
    );

    // A record that cannot be read is reported and makes the exit code 1.
    let bad = write(
        dir.path(),
        "b.jsonl",
        b"{\"text\": \"Serraj met Haftar.\"}\n{oops\n",
    );
    let o = stance(&["explain", "--doc", bad.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!("{}:2: malformed JSON", bad.display())),
        "{}",
        stderr(&o)
    );
}

/// Issue 24, item 4: a cue file could be checked but never used. `--cues` replaces the bundled
/// cue lexicon (or, with --with-bundled-cues, adds to it) in score, compare, explain and bench.
#[test]
fn cues_flag_uses_your_own_cue_lexicon() {
    let dir = temp_dir();
    let cues = write(
        dir.path(),
        "my_cues.tsv",
        b"# mine\ncue\tcameo\tweight\nzorbled|zorbles\t-\t-0.8\n",
    );
    let doc = write(
        dir.path(),
        "d.txt",
        b"Egypt zorbled Haftar. Turkey condemned Haftar.",
    );
    let (cues_s, doc_s) = (cues.to_str().unwrap(), doc.to_str().unwrap());
    let conflict_rows = |o: &std::process::Output| -> Vec<String> {
        stdout(o)
            .lines()
            .filter(|l| l.starts_with("conflict,") && !l.contains("@author"))
            .map(|l| l.split(',').take(5).collect::<Vec<_>>().join(","))
            .collect()
    };
    let o = stance(&["score", "--cues", cues_s, doc_s], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Only your cues: "condemned" is a bundled cue, no longer read.
    let rows = conflict_rows(&o);
    assert!(
        rows.len() == 1 && rows[0].starts_with("conflict,EGYPT,HAFTAR,1,-0.8"),
        "{rows:?}"
    );

    let o = stance(
        &["score", "--cues", cues_s, "--with-bundled-cues", doc_s],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let rows = conflict_rows(&o);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(
        rows[0].starts_with("conflict,EGYPT,HAFTAR,1,-0.8"),
        "{rows:?}"
    );
    assert!(
        rows[1].starts_with("conflict,TURKEY,HAFTAR,1,-"),
        "{rows:?}"
    );

    let o = stance(
        &["explain", "--cues", cues_s, "Egypt zorbled Haftar."],
        None,
    );
    assert!(stdout(&o).contains("\"zorbled\" -0.80"), "{}", stdout(&o));

    // A bad cue file stops the run before anything is written, naming file and line.
    let bad = write(
        dir.path(),
        "bad.tsv",
        b"cue\tcameo\tweight\nzorbled\t-0.8\n",
    );
    let o = stance(&["score", "--cues", bad.to_str().unwrap(), doc_s], None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(&format!(
            "{}:2: expected 3 tab-separated fields",
            bad.display()
        )),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty());
}

/// Issue 24, item 8: an all-capitals alias matched capitals only whatever its length, so the
/// bundled `ISIS` never matched "Isis" as the Guardian writes it. Only short acronyms (up to
/// three letters) and aliases marked `=` keep to capitals.
#[test]
fn only_short_or_marked_acronyms_match_capitals_only() {
    let o = stance(
        &[
            "explain",
            "--json",
            "Nato and the US said Isis fighters, not the UN, attacked us in the un-named town.",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let sentences: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let found: Vec<String> = sentences[0]["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{}={}",
                m["actor"].as_str().unwrap(),
                m["text"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(found, ["NATO=Nato", "USA=US", "ISIS=Isis", "UN=UN"]);

    // A longer alias marked `=` keeps to capitals.
    let dir = temp_dir();
    let lex = write(
        dir.path(),
        "a.tsv",
        b"id\tkind\tname\taliases\tgroups\nCARE\torganisation\tCARE International\t=CARE\t\nACME\torganisation\tAcme\t\t\n",
    );
    let o = stance(
        &[
            "explain",
            "--json",
            "--actors",
            lex.to_str().unwrap(),
            "Acme said they care; CARE praised Acme.",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let sentences: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let texts: Vec<&str> = sentences
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["mentions"].as_array().unwrap())
        .map(|m| m["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["Acme", "CARE", "Acme"]);
}

/// Issue 24, item 6: neutral bands were compiled in, so a band printed by `--fit` needed a
/// rebuild, and `--scorer conflict` failed with "no thresholds stored". `--thresholds FILE`
/// reads bands at run time; a missing band says how to fit one.
#[test]
fn thresholds_are_read_at_run_time_and_a_missing_band_says_how_to_fit_one() {
    let dir = temp_dir();
    // Sentences written for this test, in the DSE layout: text, entity 1, entity 2, label.
    let data = write(
        dir.path(),
        "mine.tsv",
        b"[Alpha] condemned [Beta] for the attack.\tAlpha\tBeta\t2\n\
          [Alpha] praised [Beta] for the ceasefire.\tAlpha\tBeta\t1\n\
          [Gamma] met [Delta] on Tuesday.\tGamma\tDelta\t0\n\
          [Delta] shelled positions held by [Gamma].\tDelta\tGamma\t2\n",
    );
    let bands = write(
        dir.path(),
        "bands.tsv",
        b"format\tscorer\tlow\thigh\tfitted_on\ndse\tconflict\t-0.05\t0.05\tmine/train.tsv\n",
    );
    let (data_s, bands_s) = (data.to_str().unwrap(), bands.to_str().unwrap());
    let o = stance(
        &[
            "eval",
            "dse",
            data_s,
            "--scorer",
            "conflict",
            "--thresholds",
            bands_s,
            "--json",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["n"], 4);
    assert_eq!(v["thresholds"]["fitted_on"], "mine/train.tsv");
    assert_eq!(v["thresholds"]["low"], -0.05);

    // No band for this scorer in the file: the message says how to get one.
    let o = stance(
        &[
            "eval",
            "dse",
            data_s,
            "--scorer",
            "valence",
            "--thresholds",
            bands_s,
        ],
        None,
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("no neutral band for dse / valence in {bands_s}")),
        "{err}"
    );
    assert!(
        err.contains("--scorer valence --fit") && err.contains("--thresholds FILE"),
        "{err}"
    );

    // A fit prints a row that can go into such a file as it is.
    let o = stance(
        &["eval", "dse", data_s, "--scorer", "conflict", "--fit"],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let row = stdout(&o);
    let fields: Vec<&str> = row.trim_end().split('\t').collect();
    assert_eq!(fields.len(), 5, "{row:?}");
    assert_eq!(fields[..2], ["dse", "conflict"]);
    let dir_name = dir.path().file_name().unwrap().to_str().unwrap();
    assert_eq!(fields[4], format!("{dir_name}/mine.tsv"));
}

/// Issue 24, item 9: the actors of a Phoenix dictionary came out as `kind: other`, named by
/// their code. They are named and typed from the dictionary (the unit test in src/actors/mod.rs
/// covers the rules one by one).
#[test]
fn phoenix_actors_have_names_and_kinds_in_the_matrix() {
    let dir = temp_dir();
    let dict = write(
        dir.path(),
        "hobbits.actors.txt",
        b"# written for this test\n\
          ######   The Hobbit League  ######\n\
          THE_HOBBIT_LEAGUE_ [IGOHOB]\n\
          THE_SHIRE_ [SHR]\n\
          FRODO_BAGGINS_ [SHRFRO 19900101-20201231]\n",
    );
    let doc = write(
        dir.path(),
        "d.jsonl",
        b"{\"date\": \"2005-05-05\", \"text\": \"The Shire praised the Hobbit League. Frodo Baggins condemned the Hobbit League.\"}\n",
    );
    let o = stance(
        &[
            "score",
            "--format",
            "json",
            "--actors",
            dict.to_str().unwrap(),
            doc.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let actors: Vec<String> = v["actors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            format!(
                "{} {} ({})",
                a["id"].as_str().unwrap(),
                a["name"].as_str().unwrap(),
                a["kind"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        actors,
        [
            "IGOHOB The Hobbit League (organisation)",
            "SHR The Shire (country)",
            "SHRFRO Frodo Baggins (person)",
        ]
    );
}
