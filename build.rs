//! Finds the VADER 3.3.2 lexicons that the binary embeds and copies them into OUT_DIR.
//!
//! They are third-party data (MIT, from the PyPI package `vadersentiment==3.3.2`), so the
//! repository does not carry a copy. The build takes them, in this order, from:
//! 1. the folder named by `STANCE_VADER_DIR`;
//! 2. `../shared/data/vader_groundtruth/lexicon_vaderSentiment_3.3.2/` next to the checkout;
//! 3. the crate `vader-parity` 0.1.0 (a build dependency, so cargo has fetched it), which
//!    vendors the same files byte for byte.
//!
//! Each file must have the sha256 of the 3.3.2 release, so every source gives the same bytes.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The files and their sha256 in `vadersentiment==3.3.2` (lexicons/README.md).
const FILES: [(&str, &str); 2] = [
    (
        "vader_lexicon.txt",
        "1ec9c6e9ee19aade328f8beb393a6afa71a5bb3acf7d3cc22d4ef568df374bf5",
    ),
    (
        "emoji_utf8_lexicon.txt",
        "b8d54223ae1ce22a3e12c1f745316b71678c328eb5f5d3063a842f37cfbe2823",
    ),
];

fn main() {
    println!("cargo:rerun-if-env-changed=STANCE_VADER_DIR");
    println!("cargo:rerun-if-changed=build.rs");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let tried = candidate_dirs();
    for dir in &tried {
        if let Some(contents) = verified(dir) {
            for ((name, _), bytes) in FILES.iter().zip(contents) {
                println!("cargo:rerun-if-changed={}", dir.join(name).display());
                std::fs::write(out.join(name), bytes).expect("OUT_DIR is writable");
            }
            return;
        }
    }
    let places: Vec<String> = tried.iter().map(|d| format!("  {}", d.display())).collect();
    panic!(
        "the VADER 3.3.2 lexicons ({} and {} with the sha256 in build.rs) were found in none of:\n{}\n\
         set STANCE_VADER_DIR to a folder holding them (e.g. vaderSentiment/ from the wheel of \
         vadersentiment==3.3.2 on PyPI)",
        FILES[0].0,
        FILES[1].0,
        places.join("\n")
    );
}

/// Where to look, in order of preference.
fn candidate_dirs() -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(dir) = std::env::var_os("STANCE_VADER_DIR") {
        dirs.push(PathBuf::from(dir));
    }
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    dirs.push(manifest.join("../shared/data/vader_groundtruth/lexicon_vaderSentiment_3.3.2"));
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")));
    if let Some(registry) = cargo_home.map(|h| h.join("registry/src")) {
        if let Ok(indexes) = std::fs::read_dir(&registry) {
            for index in indexes.flatten() {
                dirs.push(index.path().join("vader-parity-0.1.0/data"));
            }
        }
    }
    dirs
}

/// The files of `dir`, if all are there with the expected hashes.
fn verified(dir: &Path) -> Option<Vec<Vec<u8>>> {
    FILES
        .iter()
        .map(|(name, sha256)| {
            let bytes = std::fs::read(dir.join(name)).ok()?;
            let digest: String = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            (digest == *sha256).then_some(bytes)
        })
        .collect()
}
