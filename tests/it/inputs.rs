//! Inputs, lexicons and flags as a newcomer meets them (issue 24): every problem reported at
//! once and by place, nothing lost silently, every flag a help text lists doing what it says.

use std::path::{Path, PathBuf};

use crate::cli::{stance, stderr, stdout, temp_dir};

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
