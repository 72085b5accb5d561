//! Checks that the VADER 3.3.2 lexicons the binary embeds (`lexicons/vader/`, MIT, from the PyPI
//! package `vadersentiment==3.3.2`; see lexicons/README.md) are the release's bytes: each file
//! must have the sha256 of that release, so a stray edit cannot change `stance valence`.

use std::path::PathBuf;

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
    println!("cargo:rerun-if-changed=build.rs");
    let dir = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"))
        .join("lexicons/vader");
    for (name, sha256) in FILES {
        let path = dir.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let bytes =
            std::fs::read(&path).unwrap_or_else(|e| panic!("{}: cannot read: {e}", path.display()));
        let digest: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(
            digest == sha256,
            "{}: sha256 {digest}, but vadersentiment 3.3.2 ships {sha256}: restore the release's file",
            path.display()
        );
    }
}
