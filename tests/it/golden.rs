//! Pinned outputs in tests/golden/: compared with a readable diff, every file of a test before
//! it fails, and rewritten with `UPDATE_GOLDEN=1 cargo test --test it` after a change that is
//! meant (review the rewrite with `git diff tests/golden/`).

use std::path::{Path, PathBuf};

/// The path of pinned file `name`.
pub fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// Differing lines shown per file.
const SHOWN: usize = 12;

/// Compares outputs with their pinned files, collecting every mismatch.
#[derive(Default)]
pub struct Golden {
    mismatches: Vec<String>,
}

impl Golden {
    /// Checks `actual` against pinned file `name` (or, with `UPDATE_GOLDEN=1`, pins it).
    pub fn check(&mut self, name: &str, actual: &str) {
        let path = golden(name);
        if std::env::var("UPDATE_GOLDEN").as_deref() == Ok("1") {
            std::fs::write(&path, actual).unwrap();
            return;
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
        if expected != actual {
            self.mismatches
                .push(format!("{name}:\n{}", diff(&expected, actual)));
        }
    }

    /// Fails with every mismatch, if any.
    pub fn finish(self) {
        assert!(
            self.mismatches.is_empty(),
            "{} pinned output(s) differ (- pinned, + now; UPDATE_GOLDEN=1 rewrites them if the \
             change is meant):\n\n{}",
            self.mismatches.len(),
            self.mismatches.join("\n")
        );
    }
}

/// The differing lines of two texts, line by line with line numbers (outputs keep their rows in
/// place, so a positional diff reads well), the first [`SHOWN`] of them.
fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let mut out = String::new();
    let mut differing = 0;
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i), a.get(i));
        if x == y {
            continue;
        }
        differing += 1;
        if differing <= SHOWN {
            if let Some(x) = x {
                out += &format!("  {:>5} - {x}\n", i + 1);
            }
            if let Some(y) = y {
                out += &format!("  {:>5} + {y}\n", i + 1);
            }
        }
    }
    if differing > SHOWN {
        out += &format!("  ... and {} more differing line(s)\n", differing - SHOWN);
    }
    if differing == 0 {
        out += "  (the same lines; they differ in line endings or a final newline)\n";
    }
    out += &format!("  {} line(s) pinned, {} now\n", e.len(), a.len());
    out
}

#[test]
fn the_diff_names_each_differing_line() {
    let d = diff("a\nb\nc\n", "a\nB\nc\nd\n");
    assert!(d.contains("    2 - b\n"), "{d}");
    assert!(d.contains("    2 + B\n"), "{d}");
    assert!(d.contains("    4 + d\n"), "{d}");
    assert!(!d.contains(" - a"), "{d}");
    assert!(diff("a\n", "a").contains("final newline"));
}
