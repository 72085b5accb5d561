//! Nothing lost, nothing crashes: odd encodings, odd files, odd outputs, adversarial text.

use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::cli::{stance, stderr, stdout, temp_dir};
use stance::actors::{lexicon::parse_actor_tsv, ActorSet};
use stance::corpus::Document;
use stance::{Engine, Scratch};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p.display().to_string()
}

#[test]
fn bom_and_crlf_are_read_as_plain_text() {
    let dir = temp_dir();
    let d = dir.path();
    let jsonl = write(d, "a.jsonl", b"\xEF\xBB\xBF{\"text\":\"Egypt praised Haftar.\"}\r\n{\"text\":\"Turkey condemned Haftar.\"}\r\n");
    let csv = write(
        d,
        "b.csv",
        b"\xEF\xBB\xBFid,text\r\n1,Egypt praised Haftar.\r\n",
    );
    let txt = write(
        d,
        "c.txt",
        b"\xEF\xBB\xBFEgypt praised Haftar.\r\nTurkey condemned him.\r\n",
    );
    let o = stance(&["score", &jsonl, &csv, &txt], None);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("4 documents read: 4 scored, 0 skipped"),
        "{err}"
    );
    assert!(
        stdout(&o).contains("stance,EGYPT,HAFTAR,3,"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn unreadable_entries_broken_links_and_loops_in_a_directory() {
    let dir = temp_dir();
    let d = dir.path().join("corpus");
    std::fs::create_dir(&d).unwrap();
    write(&d, "good.txt", b"Egypt praised Haftar.");
    // A socket cannot be opened as a file, even by root (who can read any permission bits).
    let _listener = std::os::unix::net::UnixListener::bind(d.join("socket.txt")).unwrap();
    symlink(d.join("missing.txt"), d.join("broken.txt")).unwrap();
    symlink(&d, d.join("loop")).unwrap();
    let o = stance(&["score", d.to_str().unwrap()], None);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let p = d.display();
    assert!(
        err.contains(&format!("{p}/broken.txt: broken symbolic link")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{p}/loop: directory already visited (symbolic link loop)"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{p}/socket.txt: cannot open")),
        "{err}"
    );
    assert!(
        err.contains("1 documents read: 1 scored, 0 skipped (3 file problem(s))"),
        "{err}"
    );
}

#[test]
fn unwritable_and_full_outputs_fail_cleanly() {
    let o = stance(&["score", "-q", "-o", "/nonexistent-dir/m.csv"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("/nonexistent-dir/m.csv: cannot create output file"),
        "{}",
        stderr(&o)
    );
    if Path::new("/dev/full").exists() {
        let o = stance(&["score", "-q", "-o", "/dev/full"], None);
        assert_eq!(o.status.code(), Some(2));
        assert!(
            stderr(&o).contains("/dev/full: cannot write: No space left on device"),
            "{}",
            stderr(&o)
        );
        let meta = std::fs::metadata("/dev/full").unwrap();
        assert!(!meta.is_file(), "/dev/full must still be a device");
    }
}

#[test]
fn a_failed_run_leaves_no_partial_output() {
    let dir = temp_dir();
    let out = dir.path().join("m.csv");
    let evidence = dir.path().join("e.jsonl");
    let bad = write(
        dir.path(),
        "bad.jsonl",
        b"{\"text\":\"Egypt praised Haftar.\"}\nnot json\n",
    );
    let o = stance(
        &[
            "score",
            "--strict",
            &bad,
            "-o",
            out.to_str().unwrap(),
            "--evidence",
            evidence.to_str().unwrap(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists() && !evidence.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "temporary files left: {leftovers:?}");
}

#[test]
fn csv_with_an_unbalanced_quote_is_reported() {
    let dir = temp_dir();
    let f = write(
        dir.path(),
        "q.csv",
        b"id,text\n1,\"Egypt praised Haftar.\n2,Turkey backed the GNA.\n3,Qatar backed the GNA.\n",
    );
    let o = stance(&["score", &f], None);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("q.csv:2: the text runs over 2 more lines that look like rows of this file (an unbalanced quote?); record skipped"),
        "{err}"
    );
    assert!(
        err.contains("1 documents read: 0 scored, 1 skipped"),
        "{err}"
    );
}

#[test]
fn a_200_mb_single_line_document() {
    let dir = temp_dir();
    let path = dir.path().join("big.txt");
    let chunk = "the talks in the capital went on without any result and ".repeat(1 << 10);
    let mut text = String::with_capacity(200 << 20);
    while text.len() < 200 << 20 {
        text.push_str(&chunk);
    }
    std::fs::write(&path, &text).unwrap();
    drop(text);
    let o = stance(&["score", path.to_str().unwrap()], None);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("1 documents read: 1 scored, 0 skipped"),
        "{err}"
    );
}

/// Runs the engine on `text` and fails if it takes longer than `limit`, a bound far above linear
/// time and far below quadratic time for the sizes used.
fn analyze_within(engine: &Engine, text: String, limit: Duration) -> stance::DocResult {
    let doc = Document {
        text,
        ..Document::default()
    };
    let start = Instant::now();
    let result = engine.analyze(&doc, &mut Scratch::default());
    let took = start.elapsed();
    assert!(took < limit, "took {took:?} for {} bytes", doc.text.len());
    result
}

#[test]
fn a_million_unbalanced_quote_marks() {
    let text = format!(
        "Serraj said {} Haftar lost.",
        "\" word “ ".repeat(1_000_000)
    );
    let r = analyze_within(&Engine::bundled(), text, Duration::from_secs(60));
    assert_eq!(r.stats.mentions, 2);
}

#[test]
fn ten_thousand_actors_in_one_sentence() {
    let mut lexicon = String::from("id\tkind\tname\taliases\tgroups\n");
    let mut sentence = String::from("Alpha0");
    for i in 0..10_000 {
        lexicon.push_str(&format!("A{i}\torganisation\tAlpha{i}\t\t\n"));
        if i > 0 {
            sentence.push_str(&format!(", Alpha{i}"));
        }
    }
    sentence.push_str(" condemned the attack by Alpha0 and Alpha1.");
    let (records, errors) = parse_actor_tsv("many.tsv", &lexicon);
    assert!(errors.is_empty());
    let engine = Engine::new(ActorSet::build(records).unwrap());
    let r = analyze_within(&engine, sentence, Duration::from_secs(60));
    assert_eq!(r.stats.mentions, 10_002);
    assert!(r.stats.clauses_capped >= 1);
    // Only @author attributions come out of a capped clause: one per distinct actor.
    assert!(r.scored.len() <= 10_000, "{} attributions", r.scored.len());
}

#[test]
fn a_one_megabyte_sentence_without_punctuation() {
    let words = "Turkey backed the GNA but Egypt opposed Haftar while the talks went on ";
    let text = words.repeat((1 << 20) / words.len());
    let r = analyze_within(&Engine::bundled(), text, Duration::from_secs(60));
    assert_eq!(r.stats.sentences, 1);
    assert!(r.stats.attributions > 0);
}

#[test]
fn deeply_nested_quotes_and_parentheses() {
    let depth = 100_000;
    let text = format!(
        "Serraj said: {}Haftar attacked us{} and left.",
        "“(‘\"[".repeat(depth),
        "]\"’)”".repeat(depth)
    );
    let r = analyze_within(&Engine::bundled(), text, Duration::from_secs(60));
    assert_eq!(r.stats.mentions, 2);
}
