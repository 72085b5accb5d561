//! Access to `../shared/`, the data sets that are never copied into the repository.

use std::path::PathBuf;

/// The path of `../shared/<rel>`, or `None` (with a notice) when it is absent.
///
/// With `STANCE_REQUIRE_SHARED=1`, as CI sets it, an absent file fails the test instead, so a
/// test can never pass by skipping where the data should be.
pub fn shared_path(rel: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("shared")
        .join(rel);
    if path.exists() {
        return Some(path);
    }
    if std::env::var("STANCE_REQUIRE_SHARED").as_deref() == Ok("1") {
        panic!("{} is missing and STANCE_REQUIRE_SHARED=1", path.display());
    }
    eprintln!("notice: skipping, {} is absent", path.display());
    None
}
