//! An interrupted run leaves nothing behind (#22): real processes, real signals, and the output
//! folder compared byte for byte with what it held before.

use super::cli::{stance, stderr, stdout, temp_dir};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Every file in `dir` (hidden ones too) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// A folder that already holds a file of the user's, hidden and not, as a real output folder does.
fn output_folder() -> tempfile::TempDir {
    let dir = temp_dir();
    std::fs::write(dir.path().join("notes.txt"), "the user's own file\n").unwrap();
    std::fs::write(dir.path().join(".keep"), "").unwrap();
    dir
}

/// JSON Lines news of our own, `docs` documents long: enough to keep a run busy.
fn generated_corpus(docs: usize) -> Vec<u8> {
    let sentences = [
        "Serraj accused Haftar of shelling Tripoli and called the attack a crime.",
        "\"We will never sit down with him,\" Serraj told reporters on Monday.",
        "Haftar praised Egypt and Russia for their support of the LNA.",
        "The United Nations urged both sides to return to the talks in Geneva.",
    ];
    let mut out = Vec::new();
    for i in 0..docs {
        let text = sentences[i % sentences.len()..]
            .iter()
            .chain(&sentences[..i % sentences.len()])
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        writeln!(
            out,
            "{{\"id\":\"d{i}\",\"text\":\"{}\"}}",
            text.replace('"', "\\\"")
        )
        .unwrap();
    }
    out
}

/// Starts the binary with `args`; its standard input is fed `input` and then held open, so the run
/// is still reading when the signal comes, however fast the machine.
fn start(args: &[&str], input: Vec<u8>) -> (Child, std::process::ChildStdin) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_stance"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(&input).unwrap();
    pipe.flush().unwrap();
    (child, pipe)
}

/// Waits until a temporary file of ours stands in `dir`: the run is then writing its outputs.
fn wait_for_temporary(dir: &Path) -> PathBuf {
    let start = Instant::now();
    loop {
        let found = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().contains(".stance-tmp-"));
        if let Some(path) = found {
            return path;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no temporary file appeared in {}",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn send(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .args(["-s", signal, &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(status.success());
}

/// Sends `signal` and checks the exit code, the one line said, and that `dir` is as before.
fn interrupt_and_check(
    child: Child,
    stdin: std::process::ChildStdin,
    signal: &str,
    code: i32,
    dir: &Path,
    before: &BTreeMap<String, Vec<u8>>,
) {
    send(&child, signal);
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(code), "SIG{signal}: {err}");
    assert!(
        err.contains(&format!("interrupted by SIG{signal}"))
            && err.contains("no output file was written"),
        "SIG{signal}: {err}"
    );
    assert_eq!(
        &snapshot(dir),
        before,
        "SIG{signal} left the folder changed"
    );
}

const SIGNALS: [(&str, i32); 3] = [("INT", 130), ("TERM", 143), ("HUP", 129)];

#[test]
fn score_interrupted_by_each_signal_leaves_the_folder_as_it_was() {
    let corpus = generated_corpus(20_000);
    for (signal, code) in SIGNALS {
        let dir = output_folder();
        let before = snapshot(dir.path());
        let matrix = dir.path().join("out.csv");
        let evidence = dir.path().join("ev.jsonl");
        let (child, stdin) = start(
            &[
                "score",
                "-",
                "--input-format",
                "jsonl",
                "-o",
                matrix.to_str().unwrap(),
                "--evidence",
                evidence.to_str().unwrap(),
            ],
            corpus.clone(),
        );
        let temp = wait_for_temporary(dir.path());
        // Named after what it becomes, so a user who finds one knows it can go.
        let name = temp.file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(".ev.jsonl.stance-tmp-"), "{name}");
        interrupt_and_check(child, stdin, signal, code, dir.path(), &before);
    }
}

#[test]
fn valence_to_a_file_interrupted_leaves_nothing() {
    for (signal, code) in SIGNALS {
        let dir = output_folder();
        let before = snapshot(dir.path());
        let output = dir.path().join("v.tsv");
        let lines = "Good news for the talks.\nA terrible attack.\n".repeat(5_000);
        let (child, stdin) = start(
            &["valence", "-o", output.to_str().unwrap()],
            lines.into_bytes(),
        );
        wait_for_temporary(dir.path());
        interrupt_and_check(child, stdin, signal, code, dir.path(), &before);
    }
}

#[test]
fn merge_interrupted_while_reading_leaves_nothing() {
    let parts = temp_dir();
    let partial = parts.path().join("p1.json");
    let made = stance(
        &[
            "score",
            "-q",
            "--partial",
            partial.to_str().unwrap(),
            "-o",
            "-",
        ],
        None,
    );
    assert_eq!(made.status.code(), Some(0), "{}", stderr(&made));
    // A partial still arriving (a FIFO whose writer never finishes) keeps merge reading.
    let fifo = parts.path().join("p2.json");
    let made_fifo = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made_fifo.success());
    for (signal, code) in SIGNALS {
        let dir = output_folder();
        let before = snapshot(dir.path());
        let output = dir.path().join("m.csv");
        let (child, stdin) = start(
            &[
                "merge",
                partial.to_str().unwrap(),
                fifo.to_str().unwrap(),
                "-o",
                output.to_str().unwrap(),
            ],
            Vec::new(),
        );
        // Hold the FIFO open for writing so that merge blocks in reading it, not in opening it.
        let writer = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
        std::thread::sleep(Duration::from_millis(200));
        interrupt_and_check(child, stdin, signal, code, dir.path(), &before);
        drop(writer);
    }
}

#[test]
fn stale_temporaries_of_ours_are_removed_and_said_others_are_left() {
    let dir = output_folder();
    let old = dir.path().join(".m.csv.stance-tmp-OLD123");
    let fresh = dir.path().join(".m.csv.stance-tmp-NEW456");
    let theirs = dir.path().join(".other-tool-tmp-OLD789");
    for path in [&old, &fresh, &theirs] {
        std::fs::write(path, "left behind").unwrap();
    }
    let two_days_ago = std::time::SystemTime::now() - Duration::from_secs(2 * 24 * 3600);
    for path in [&old, &theirs] {
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(two_days_ago).unwrap();
    }
    let output = dir.path().join("m.csv");
    let out = stance(&["score", "-q", "-o", output.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!old.exists(), "a day-old temporary of ours stays");
    assert!(
        fresh.exists(),
        "a temporary that may still be written was removed"
    );
    assert!(theirs.exists(), "another program's file was removed");
    assert!(output.exists());
    let err = stderr(&out);
    assert!(
        err.contains(".m.csv.stance-tmp-OLD123") && err.contains("interrupted run"),
        "{err}"
    );
}

#[test]
fn a_folder_scored_never_reads_our_temporary_files() {
    let dir = temp_dir();
    std::fs::write(
        dir.path().join("a.txt"),
        "Serraj accused Haftar of war crimes.",
    )
    .unwrap();
    std::fs::write(
        dir.path().join(".out.csv.stance-tmp-abc123"),
        "Haftar praised Serraj warmly.",
    )
    .unwrap();
    let out = stance(&["score", dir.path().to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("1 documents read"),
        "{}",
        stderr(&out)
    );
    assert!(!stdout(&out).contains("HAFTAR,SERRAJ"), "{}", stdout(&out));
}
