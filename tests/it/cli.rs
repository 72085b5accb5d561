//! The `stance` binary as users run it: exit codes, messages, counts and outputs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs the binary with `args`, optionally feeding `stdin`.
pub fn stance(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_stance"));
    cmd.args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the binary starts");
    if let Some(input) = stdin {
        use std::io::Write;
        let mut pipe = child.stdin.take().unwrap();
        let input = input.to_vec();
        std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
    }
    child.wait_with_output().unwrap()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A fresh temporary folder for one test.
pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

/// The counts of the run summary: (read, scored, skipped).
pub fn counts(err: &str) -> (u64, u64, u64) {
    let line = err
        .lines()
        .find(|l| l.contains("documents read:"))
        .unwrap_or_else(|| panic!("no summary in {err:?}"));
    let nums: Vec<u64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .take(3)
        .map(|s| s.parse().unwrap())
        .collect();
    (nums[0], nums[1], nums[2])
}

#[test]
fn the_bundled_default_runs_with_no_arguments() {
    let o = stance(&["score"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("scorer,source,target,n,mean,sd,ci_low,ci_high\n"));
    assert!(out.contains("stance,SERRAJ,HAFTAR,"), "{out}");
    let (read, scored, skipped) = counts(&stderr(&o));
    assert!(read >= 20);
    assert_eq!((scored, skipped), (read, 0));
}

#[test]
fn one_and_two_threads_give_identical_bytes() {
    let dir = temp_dir();
    let mut outputs = Vec::new();
    for t in ["1", "2"] {
        let m = dir.path().join(format!("m{t}.json"));
        let e = dir.path().join(format!("e{t}.jsonl"));
        let o = stance(
            &[
                "score",
                "--threads",
                t,
                "--format",
                "json",
                "-o",
                m.to_str().unwrap(),
                "--evidence",
                e.to_str().unwrap(),
                "-q",
            ],
            None,
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        outputs.push((std::fs::read(&m).unwrap(), std::fs::read(&e).unwrap()));
    }
    assert!(!outputs[0].1.is_empty());
    assert_eq!(outputs[0], outputs[1]);
}

#[test]
fn evidence_lines_carry_the_promised_fields() {
    let dir = temp_dir();
    let e = dir.path().join("e.jsonl");
    let o = stance(&["score", "-q", "--evidence", e.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(0));
    let text = std::fs::read_to_string(&e).unwrap();
    let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    for key in [
        "doc", "sentence", "source", "target", "rule", "voice", "scores", "text",
    ] {
        assert!(first.get(key).is_some(), "{key} missing in {first}");
    }
    assert!(first["scores"].get("valence").is_some() && first["scores"].get("stance").is_some());
    // The bundled sample quotes its actors: every quote is in its speaker's own words, and so is
    // what a speaker says "we" do (a subject line); narration never is.
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.iter().any(|l| l["voice"] == "own"));
    assert!(lines
        .iter()
        .all(|l| l["voice"] == "reported" || l["rule"] == "quote" || l["rule"] == "subject"));
    assert!(lines
        .iter()
        .filter(|l| l["rule"] == "quote")
        .all(|l| l["voice"] == "own"));
}

#[test]
fn wide_and_json_layouts() {
    let o = stance(&["score", "-q", "--layout", "wide"], None);
    let out = stdout(&o);
    let header: Vec<&str> = out.lines().next().unwrap().split(',').collect();
    assert_eq!(&header[..2], ["scorer", "source"]);
    assert!(header.contains(&"HAFTAR"));
    assert!(out
        .lines()
        .skip(1)
        .all(|l| l.split(',').count() == header.len()));
    let o = stance(&["score", "-q", "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["actors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["id"] == "SERRAJ" && a["kind"] == "person"));
    assert_eq!(
        v["scorers"],
        serde_json::json!(["conflict", "stance", "valence"])
    );
    assert!(v["stats"]["documents_read"].as_u64().unwrap() >= 20);
}

#[test]
fn jsonl_csv_tsv_text_gz_and_stdin_are_read() {
    let dir = temp_dir();
    let d = dir.path();
    let sentence = "Turkey condemned Haftar for the attack.";
    write(
        d,
        "a.jsonl",
        format!("{{\"id\":\"j1\",\"text\":\"{sentence}\"}}\n").as_bytes(),
    );
    write(
        d,
        "b.csv",
        format!("id,text\nc1,\"{sentence}\"\n").as_bytes(),
    );
    write(d, "c.tsv", format!("id\ttext\nt1\t{sentence}\n").as_bytes());
    write(d, "d.txt", sentence.as_bytes());
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, format!("{{\"text\":\"{sentence}\"}}\n").as_bytes())
        .unwrap();
    write(d, "e.jsonl.gz", &gz.finish().unwrap());
    let o = stance(
        &["score", d.to_str().unwrap(), "-"],
        Some(sentence.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(counts(&stderr(&o)), (6, 6, 0));
    assert!(
        stdout(&o).contains("stance,TURKEY,HAFTAR,6,"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn configurable_field_names() {
    let dir = temp_dir();
    let f = write(
        dir.path(),
        "x.jsonl",
        b"{\"body\":\"Egypt praised Haftar.\"}\n",
    );
    let o = stance(
        &["score", "--text-field", "body", f.to_str().unwrap()],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("EGYPT,HAFTAR"));
}

#[test]
fn bad_records_are_reported_skipped_and_counted() {
    let dir = temp_dir();
    let d = dir.path();
    let f = write(
        d,
        "mixed.jsonl",
        b"{\"text\":\"Egypt praised Haftar.\"}\n{\"text\": broken\n{\"text\": 42}\n{\"id\":\"x\"}\n{\"text\":\"bad \xff byte\"}\n{\"text\":\"  \"}\n{\"text\":\"half \\ud83d a pair\"}\n",
    );
    let o = stance(&["score", f.to_str().unwrap()], None);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let p = f.display().to_string();
    assert!(err.contains(&format!("{p}:2: malformed JSON")), "{err}");
    assert!(
        err.contains(&format!(
            "{p}:3: field \"text\" is a number; expected a string"
        )),
        "{err}"
    );
    assert!(err.contains(&format!("{p}:4: no \"text\" field")), "{err}");
    assert!(
        err.contains(&format!("{p}:5: not valid UTF-8 at line 5")),
        "{err}"
    );
    assert!(err.contains(&format!("{p}:6: empty document")), "{err}");
    // The text is unescaped in place: a broken escape is found there, and said where.
    assert!(
        err.contains(&format!(
            "{p}:7: malformed JSON (unexpected end of hex escape at column 15)"
        )),
        "{err}"
    );
    assert_eq!(counts(&err), (7, 1, 6));
}

#[test]
fn strict_mode_stops_at_the_first_problem_without_output() {
    let dir = temp_dir();
    let f = write(dir.path(), "m.jsonl", b"{\"text\": broken\n");
    let out = dir.path().join("out.csv");
    let o = stance(
        &[
            "score",
            "--strict",
            f.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(":1: malformed JSON"));
    assert!(!out.exists(), "no partial output");
}

#[test]
fn non_utf8_text_file_empty_file_and_binary_file() {
    let dir = temp_dir();
    let d = dir.path();
    let latin1 = write(d, "latin1.txt", b"Haftar \xe9t\xe9\n");
    let empty = write(d, "empty.jsonl", b"");
    let empty_txt = write(d, "empty.txt", b"");
    let binary = write(d, "bin.txt", b"PK\x03\x04\x00\x00");
    let o = stance(
        &[
            "score",
            latin1.to_str().unwrap(),
            empty.to_str().unwrap(),
            empty_txt.to_str().unwrap(),
            binary.to_str().unwrap(),
        ],
        None,
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "{}:1: not valid UTF-8 at line 1",
            latin1.display()
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}: empty file: no records", empty.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}:1: empty document", empty_txt.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!("{}:1: binary data (NUL byte", binary.display())),
        "{err}"
    );
    let (read, scored, skipped) = counts(&err);
    assert_eq!((read, scored, skipped), (3, 0, 3));
    assert!(err.contains("(1 file problem(s))"), "{err}");
}

#[test]
fn csv_without_text_column_and_ragged_rows() {
    let dir = temp_dir();
    let no_text = write(dir.path(), "a.csv", b"id,body\n1,Egypt praised Haftar.\n");
    let o = stance(&["score", no_text.to_str().unwrap()], None);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("a.csv:1: no \"text\" column in the header (found: id, body)"),
        "{err}"
    );
    let ragged = write(
        dir.path(),
        "b.csv",
        b"id,text\n1,Egypt praised Haftar.\n2,x,y\n3,Turkey backed the GNA.\n",
    );
    let o = stance(&["score", ragged.to_str().unwrap()], None);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("b.csv:3: row has 3 fields, the header has 2"),
        "{err}"
    );
    assert_eq!(counts(&err), (3, 2, 1));
}

#[test]
fn a_missing_path_is_fatal_and_named() {
    let o = stance(&["score", "/no/such/corpus.jsonl"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/no/such/corpus.jsonl: no such file or directory"));
}

#[test]
fn lexicon_errors_name_file_and_line_and_are_fatal() {
    let dir = temp_dir();
    let lex = write(
        dir.path(),
        "actors.tsv",
        b"id\tkind\tname\taliases\tgroups\nA\tperson\tAnn\t\tNOPE\nB\tperson\tBob\tAnn\t\n",
    );
    let o = stance(&["score", "--actors", lex.to_str().unwrap()], None);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("{}:2: unknown group \"NOPE\"", lex.display())),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{}:3: alias \"Ann\" of B is already claimed by A",
            lex.display()
        )),
        "{err}"
    );
}

#[test]
fn user_lexicons_replace_the_bundled_one() {
    let dir = temp_dir();
    let lex = write(
        dir.path(),
        "actors.tsv",
        b"# mine\nid\tkind\tname\taliases\tgroups\nACME\torganisation\tAcme Corp\tAcme\t\nBOLT\torganisation\tBolt Inc\tBolt\t\n",
    );
    let doc = write(
        dir.path(),
        "d.txt",
        b"Acme praised Bolt for the excellent deal.",
    );
    let o = stance(
        &[
            "score",
            "--actors",
            lex.to_str().unwrap(),
            doc.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let row = out
        .lines()
        .find(|l| l.starts_with("stance,ACME,BOLT,"))
        .expect("ACME -> BOLT cell");
    let mean: f64 = row.split(',').nth(4).unwrap().parse().unwrap();
    assert!(mean > 0.0, "{row}");
}

#[test]
fn valence_prints_what_vader_prints() {
    let o = stance(
        &["valence"],
        Some("VADER is smart, handsome, and funny.\n\nThe book was good.\n".as_bytes()),
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        stdout(&o),
        "neg\tneu\tpos\tcompound\n0.0\t0.254\t0.746\t0.8316\n0.0\t0.0\t0.0\t0.0\n0.0\t0.508\t0.492\t0.4404\n"
    );
}

#[test]
fn output_into_a_closed_pipe_exits_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stance"))
        .args(["score", "-q", "--layout", "wide"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader goes away, as `| head -0` would
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("error"), "{}", stderr(&o));
}

#[test]
fn bench_times_each_thread_count_in_every_round_and_counts_what_it_skipped() {
    let dir = temp_dir();
    let corpus = write(
        dir.path(),
        "c.jsonl",
        b"{\"id\":\"a\",\"text\":\"Serraj accused Haftar of shelling Tripoli.\"}\n\
          not json\n\
          {\"id\":\"b\",\"text\":\"Turkey backed the GNA, Erdogan said.\"}\n",
    );
    let o = stance(
        &[
            "bench",
            corpus.to_str().unwrap(),
            "--size",
            "2KB",
            "--threads",
            "1,2",
            "--rounds",
            "3",
            "--json",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("c.jsonl:2:"), "{}", stderr(&o));
    let report: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let copies = report["copies"].as_u64().unwrap();
    assert!(report["corpus_bytes"].as_u64().unwrap() >= 2000);
    assert_eq!(report["documents"].as_u64(), Some(2 * copies));
    assert_eq!(report["skipped"].as_u64(), Some(1));
    assert_eq!(report["rounds"].as_u64(), Some(3));
    let runs = report["runs"].as_array().unwrap();
    let threads: Vec<u64> = runs
        .iter()
        .map(|r| r["threads"].as_u64().unwrap())
        .collect();
    assert_eq!(threads, [1, 2]);
    assert_eq!(runs[0]["speedup"].as_f64(), Some(1.0));
    assert!(runs.iter().all(|r| r["seconds"].as_f64().unwrap() > 0.0));
    let shares: f64 = report["stage_share"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s[1].as_f64().unwrap())
        .sum();
    assert!((shares - 100.0).abs() < 1e-6, "{shares}");

    let o = stance(&["bench", corpus.to_str().unwrap(), "--rounds", "0"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--rounds"), "{}", stderr(&o));
}
