//! What an interrupted run leaves behind: nothing.
//!
//! Every temporary output file is registered here from the moment it exists until it is renamed
//! into place. On SIGINT, SIGTERM or SIGHUP a watcher thread takes the registry's lock (so that no
//! file can be created or renamed after it), removes every registered temporary file, says so in
//! one line, and exits with 128 + the signal's number (130, 143, 129), as a shell reports a process
//! killed by that signal. Exiting from the watcher stops reading and scoring at once: there is no
//! half-written state worth a graceful drain, since nothing is kept.
//!
//! Cleaning up is a few `unlink`s, so the first signal ends the run in milliseconds. Should it ever
//! hang (a dead network file system), a second signal ends the process at once, with the same code.
//!
//! SIGKILL cannot be caught: a run killed that way leaves its temporary files, named so that the
//! next run writing into the same folder recognises and removes them (see
//! [`super::output::sweep_stale_temporaries`]).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

/// Temporary files that exist now, and outputs already renamed into place.
#[derive(Default)]
struct Registry {
    pending: Vec<PathBuf>,
    committed: Vec<PathBuf>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    pending: Vec::new(),
    committed: Vec::new(),
});

/// The registry, also after a panic in another thread: the list of paths stays valid.
fn registry() -> MutexGuard<'static, Registry> {
    REGISTRY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Runs `create` (which makes a temporary file and returns it with its path) under the registry's
/// lock and records the path, so that a signal never finds a file that is not yet on the list.
pub fn create_registered<T, E>(
    create: impl FnOnce() -> Result<(T, PathBuf), E>,
) -> Result<(T, PathBuf), E> {
    let mut registry = registry();
    let (value, path) = create()?;
    registry.pending.push(path.clone());
    Ok((value, path))
}

/// Runs `rename` (which moves the temporary file at `temp` to `path`) under the registry's lock,
/// and records the outcome: a signal comes either before the rename, and the file is removed, or
/// after it, and the output is named as written.
pub fn commit_registered<E>(
    temp: &Path,
    path: &Path,
    rename: impl FnOnce() -> Result<(), E>,
) -> Result<(), E> {
    let mut registry = registry();
    let result = rename();
    registry.pending.retain(|p| p != temp);
    if result.is_ok() {
        registry.committed.push(path.to_path_buf());
    }
    result
}

/// Forgets a temporary file that its owner removed (a failed run drops it).
pub fn forget(temp: &Path) {
    registry().pending.retain(|p| p != temp);
}

/// The exit code of a process ended by signal `number`, as shells report it.
pub fn exit_code(number: i32) -> i32 {
    128 + number
}

/// The one line said when a run is interrupted.
fn interrupted_message(signal_name: &str, committed: &[PathBuf]) -> String {
    if committed.is_empty() {
        format!("interrupted by {signal_name}; no output file was written")
    } else {
        let written: Vec<String> = committed.iter().map(|p| p.display().to_string()).collect();
        format!(
            "interrupted by {signal_name}; no other output file was written (already complete \
             before the signal: {})",
            written.join(", ")
        )
    }
}

/// Removes every registered temporary file and returns what to say; the lock stays held by the
/// caller until the process exits.
fn clean_up(registry: &mut Registry, signal_name: &str) -> String {
    for temp in registry.pending.drain(..) {
        // Already gone is fine: the point is that it does not stay.
        let _ = std::fs::remove_file(&temp);
    }
    interrupted_message(signal_name, &registry.committed)
}

#[cfg(unix)]
mod watcher {
    use super::{clean_up, exit_code, registry};
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use signal_hook::flag;
    use signal_hook::iterator::Signals;
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;

    fn name(signal: i32) -> &'static str {
        match signal {
            SIGINT => "SIGINT (Ctrl-C)",
            SIGTERM => "SIGTERM",
            SIGHUP => "SIGHUP",
            _ => "a signal",
        }
    }

    /// Installs the handlers; a failure to install is said and the run goes on unprotected.
    pub fn install() -> std::io::Result<()> {
        let signals = [SIGINT, SIGTERM, SIGHUP];
        // The second signal ends the process at once. Registered before the flag that arms it,
        // so the first signal finds it disarmed (signal-hook runs actions in registration order).
        let armed = Arc::new(AtomicBool::new(false));
        for signal in signals {
            flag::register_conditional_shutdown(signal, exit_code(signal), Arc::clone(&armed))?;
            flag::register(signal, Arc::clone(&armed))?;
        }
        let mut incoming = Signals::new(signals)?;
        std::thread::Builder::new()
            .name("stance-signals".into())
            .spawn(move || {
                if let Some(signal) = incoming.forever().next() {
                    let mut registry = registry();
                    let message = clean_up(&mut registry, name(signal));
                    crate::cli::say!("{message}");
                    std::process::exit(exit_code(signal));
                }
            })?;
        Ok(())
    }
}

/// Installs the signal handlers for this process (on Unix; elsewhere the default handling stays,
/// and a temporary file of an interrupted run is removed by the next run, as after SIGKILL).
pub fn install() {
    #[cfg(unix)]
    if let Err(e) = watcher::install() {
        crate::cli::say!(
            "warning: cannot watch for Ctrl-C ({e}); an interrupted run may leave temporary files"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_names_what_was_already_complete() {
        assert_eq!(
            interrupted_message("SIGTERM", &[]),
            "interrupted by SIGTERM; no output file was written"
        );
        let said = interrupted_message("SIGHUP", &[PathBuf::from("m.csv")]);
        assert!(
            said.contains("already complete before the signal: m.csv"),
            "{said}"
        );
    }

    #[test]
    fn clean_up_removes_every_pending_file_and_keeps_committed_ones() {
        let dir = tempfile::tempdir().unwrap();
        let temp = dir.path().join(".m.csv.stance-tmp-abc");
        let done = dir.path().join("e.jsonl");
        std::fs::write(&temp, "half").unwrap();
        std::fs::write(&done, "whole").unwrap();
        let mut registry = Registry {
            pending: vec![temp.clone(), dir.path().join(".gone.stance-tmp-x")],
            committed: vec![done.clone()],
        };
        let said = clean_up(&mut registry, "SIGINT (Ctrl-C)");
        assert!(!temp.exists());
        assert!(done.exists());
        assert!(registry.pending.is_empty());
        assert!(said.starts_with("interrupted by SIGINT (Ctrl-C)"), "{said}");
    }
}
