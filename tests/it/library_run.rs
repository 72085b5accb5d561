//! `stance::Run` is what `stance score` runs: the library's matrix, partial and evidence are the
//! binary's bytes, on the bundled sample, with and without time slices and the group roll-up.

use std::num::NonZeroUsize;

use stance::corpus::{sample_documents, CorpusReader, ReadOptions};
use stance::matrix::period::Granularity;
use stance::matrix::{write_long_csv, OutputOptions};
use stance::run::EvidenceWriter;
use stance::{Engine, Level, Run, RunOptions};

use crate::cli::{stance, stderr, temp_dir};

/// The long CSV of a library run.
fn long_csv(run: &Run, output: &stance::RunOutput, by: Option<Granularity>) -> String {
    let mut csv = Vec::new();
    let options = OutputOptions {
        by,
        ..OutputOptions::default()
    };
    write_long_csv(&mut csv, &output.acc, run.engine().actors(), &options).unwrap();
    String::from_utf8(csv).unwrap()
}

fn cli_stdout(args: &[&str]) -> String {
    let o = stance(args, None);
    assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    String::from_utf8(o.stdout).unwrap()
}

#[test]
fn sample_documents_give_the_cli_matrix() {
    let run = Run::new(Engine::bundled(), RunOptions::default());
    let output = run.score_documents(sample_documents(), &mut ()).unwrap();
    assert!(!output.stopped);
    assert_eq!(output.stats.documents_read, output.stats.documents_scored);
    assert_eq!(
        output.stats.documents_scored,
        sample_documents().len() as u64
    );
    assert_eq!(long_csv(&run, &output, None), cli_stdout(&["score", "-q"]));
}

#[test]
fn slices_and_roll_up_give_the_cli_matrix_and_evidence() {
    let dir = temp_dir();
    let evidence = dir.path().join("evidence.jsonl");
    let cli = cli_stdout(&[
        "score",
        "-q",
        "--by",
        "month",
        "--level",
        "group",
        "--evidence",
        evidence.to_str().unwrap(),
    ]);
    let options = RunOptions {
        by: Some(Granularity::Month),
        level: Level::Group,
        threads: NonZeroUsize::new(1),
        ..RunOptions::default()
    };
    let run = Run::new(Engine::bundled(), options);
    let mut lines = EvidenceWriter::new(Vec::new());
    let output = run
        .score_reader(CorpusReader::sample(ReadOptions::default()), &mut lines)
        .unwrap();
    assert_eq!(long_csv(&run, &output, Some(Granularity::Month)), cli);
    let written = std::fs::read(&evidence).unwrap();
    assert!(!written.is_empty());
    assert_eq!(lines.into_inner(), written);
}

#[test]
fn texts_are_scored_in_order_with_their_positions_as_ids() {
    let run = Run::new(Engine::bundled(), RunOptions::default());
    let texts = vec![
        "Haftar's forces shelled Tripoli, Serraj said.".to_string(),
        "Nothing here names an actor.".to_string(),
    ];
    let output = run.score_texts(texts).unwrap();
    assert_eq!(output.stats.documents_scored, 2);
    assert!(output.stats.attributions > 0, "{:?}", output.stats);
    let mut ids: Vec<String> = output
        .acc
        .cells()
        .filter_map(|(k, _)| output.acc.evidence(k))
        .flat_map(|top| top.items().iter().map(|e| e.doc.clone()))
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids, ["1"]);
}
