//! Access to `../shared/`, the data sets that are never copied into the repository.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Once;

/// Files of ../shared found absent in this run, each a test (or part of one) skipped.
static SKIPPED: AtomicUsize = AtomicUsize::new(0);
static REPORT_AT_EXIT: Once = Once::new();

extern "C" {
    /// The C library's `atexit`, on every platform std supports: the one hook that runs after
    /// the test harness has printed its results.
    fn atexit(callback: extern "C" fn()) -> std::os::raw::c_int;
}

/// Says, after `test result:`, how many checks were skipped for want of ../shared, so a run
/// without it cannot pass for a full one.
extern "C" fn report_skips() {
    let n = SKIPPED.load(Ordering::Relaxed);
    #[allow(clippy::print_stderr)]
    {
        eprintln!(
            "notice: {n} check(s) skipped: their files in ../shared are absent \
             (STANCE_REQUIRE_SHARED=1 makes them fail instead)"
        );
    }
}

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
    SKIPPED.fetch_add(1, Ordering::Relaxed);
    REPORT_AT_EXIT.call_once(|| {
        // SAFETY: `report_skips` is a plain function that only reads an atomic and prints; a
        // failure to register (non-zero) only loses the closing notice.
        unsafe {
            atexit(report_skips);
        }
    });
    None
}
