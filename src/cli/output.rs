//! Output destinations: stdout, or a file that appears only when complete.

use super::{interrupt, say};
use anyhow::{Context, Result};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

/// Whether an error comes from writing into a closed pipe.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<io::Error>())
        .any(|io| io.kind() == io::ErrorKind::BrokenPipe)
}

/// An output file. A regular file is written to a temporary file in the same folder (where the
/// rename is atomic) and renamed into place on [`OutputFile::commit`], so a failed run never leaves
/// half a matrix: the temporary file is removed when dropped, and on Ctrl-C, SIGTERM or SIGHUP (see
/// [`super::interrupt`]). It is named `.NAME.stance-tmp-XXXXXX` after the file it becomes, so a
/// user who finds one after a power cut knows what it is. An existing special file (`/dev/full`, a
/// FIFO) is written directly: renaming over it would replace the device.
pub struct OutputFile {
    path: PathBuf,
    // `None` only once committed or dropped.
    sink: Option<Sink>,
}

enum Sink {
    Atomic {
        out: BufWriter<tempfile::NamedTempFile>,
        temp: PathBuf,
    },
    Direct(BufWriter<File>),
}

/// What names a temporary file of ours: `.` + the output's name + this + random characters.
const TEMP_MARK: &str = ".stance-tmp-";

/// A temporary file of ours older than this was left by a run killed with SIGKILL (or a power
/// cut): no run still writing it can be that old and still be alive in practice.
const STALE_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// The permissions of a temporary output file: those of any file the user writes, since it is
/// renamed into place. The only platform-specific code of the output path.
mod permissions {
    /// Unix: `rw-r--r--`, readable by others like any new file (temporary files default to
    /// `rw-------`).
    #[cfg(unix)]
    pub fn like_a_new_file(builder: &mut tempfile::Builder) {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }

    /// Elsewhere: [`portable`].
    #[cfg(not(unix))]
    pub fn like_a_new_file(builder: &mut tempfile::Builder) {
        portable(builder);
    }

    /// Systems without Unix modes: the temporary file keeps the defaults of the folder it is
    /// created in (on Windows, its inherited access list), as any new file there does.
    #[cfg_attr(unix, allow(dead_code))]
    pub fn portable(_builder: &mut tempfile::Builder) {}
}

impl OutputFile {
    /// Starts writing `path`.
    pub fn create(path: &Path) -> Result<OutputFile> {
        let cannot = || format!("{}: cannot create output file", path.display());
        let special = std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir());
        let sink = if special {
            Sink::Direct(BufWriter::new(
                File::options()
                    .write(true)
                    .open(path)
                    .with_context(cannot)?,
            ))
        } else {
            let dir = match path.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            sweep_stale_temporaries(dir);
            let name = path
                .file_name()
                .map_or_else(|| "output".into(), |n| n.to_string_lossy());
            let prefix = format!(".{name}{TEMP_MARK}");
            let (temp, temp_path) = interrupt::create_registered(|| {
                let mut builder = tempfile::Builder::new();
                builder.prefix(&prefix);
                permissions::like_a_new_file(&mut builder);
                let temp = builder.tempfile_in(dir).with_context(cannot)?;
                let temp_path = temp.path().to_path_buf();
                Ok::<_, anyhow::Error>((temp, temp_path))
            })?;
            Sink::Atomic {
                out: BufWriter::new(temp),
                temp: temp_path,
            }
        };
        Ok(OutputFile {
            path: path.to_path_buf(),
            sink: Some(sink),
        })
    }

    /// Flushes and, for a regular file, syncs and renames into place.
    pub fn commit(mut self) -> Result<()> {
        let path = self.path.clone();
        let cannot = || format!("{}: cannot write", path.display());
        let Some(sink) = self.sink.take() else {
            return Ok(()); // Only `commit` and `drop` take the sink, and each runs once.
        };
        match sink {
            Sink::Direct(mut out) => out.flush().with_context(cannot),
            Sink::Atomic {
                out,
                temp: temp_path,
            } => {
                // On failure the temporary file is dropped (removed) inside this step, and only
                // then forgotten: a signal in between finds it gone, never a file off the list.
                let synced = out
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .and_then(|temp| temp.as_file().sync_all().map(|()| temp));
                let temp = match synced {
                    Ok(temp) => temp,
                    Err(e) => {
                        interrupt::forget(&temp_path);
                        return Err(e).with_context(cannot);
                    }
                };
                interrupt::commit_registered(&temp_path, &path, || {
                    temp.persist(&path).map(|_| ()).with_context(cannot)
                })
            }
        }
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        if let Some(Sink::Atomic { out, temp }) = self.sink.take() {
            // Removed first (NamedTempFile's drop), forgotten after: a signal in between finds it
            // gone, never a file that is off the list.
            drop(out);
            interrupt::forget(&temp);
        }
    }
}

/// Removes temporary files of ours older than a day from `dir`, once per folder and run, and says
/// so: they were left by a run that could not clean up (SIGKILL, a power cut). Files of other
/// programs, and ours that may still be written, are left alone.
pub fn sweep_stale_temporaries(dir: &Path) {
    static SWEPT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
    {
        let mut swept = SWEPT.lock().unwrap_or_else(|p| p.into_inner());
        if swept.iter().any(|d| d == dir) {
            return;
        }
        swept.push(dir.to_path_buf());
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return; // Creating the output file will say what is wrong with the folder.
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !is_our_temporary(name) {
            continue;
        }
        let age = entry
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok());
        match age {
            Some(age) if age > STALE_AFTER => {
                let path = entry.path();
                match std::fs::remove_file(&path) {
                    Ok(()) => say!(
                        "removed {}, a temporary file left by an interrupted run {} hours ago",
                        path.display(),
                        age.as_secs() / 3600
                    ),
                    Err(e) => say!(
                        "warning: {}: cannot remove this stale temporary file: {e}",
                        path.display()
                    ),
                }
            }
            _ => {}
        }
    }
}

/// Whether a file name is one [`OutputFile`] gives its temporary files.
fn is_our_temporary(name: &str) -> bool {
    name.starts_with('.') && name.find(TEMP_MARK).is_some_and(|at| at > 1)
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.sink {
            Some(Sink::Atomic { out, .. }) => out.write(buf),
            Some(Sink::Direct(out)) => out.write(buf),
            None => Err(io::Error::other("output file already committed")),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Some(Sink::Atomic { out, .. }) => out.flush(),
            Some(Sink::Direct(out)) => out.flush(),
            None => Ok(()),
        }
    }
}

/// Writes to `path` (see [`OutputFile`]), or to stdout when `path` is `None` or `-`.
pub fn write_output(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    match path {
        Some(p) if p != Path::new("-") => {
            let mut file = OutputFile::create(p)?;
            write(&mut file).with_context(|| format!("{}: cannot write", p.display()))?;
            file.commit()
        }
        _ => {
            let stdout = io::stdout();
            let mut out = BufWriter::with_capacity(1 << 16, stdout.lock());
            write(&mut out).context("cannot write to standard output")?;
            out.flush().context("cannot write to standard output")?;
            Ok(())
        }
    }
}

/// Prints `value` as one line of JSON on standard output.
pub fn print_json<T: serde::Serialize>(value: &T) -> Result<()> {
    let mut line = serde_json::to_string(value)?;
    line.push('\n');
    print_text(&line)
}

/// Writes `text` on standard output; a closed pipe comes back as an error (exit 0, see
/// [`is_broken_pipe`]) instead of the panic of `print!`.
pub fn print_text(text: &str) -> Result<()> {
    io::stdout().lock().write_all(text.as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::permissions;
    use std::io::Write;

    /// Creates a temporary file through `permissions`, writes and renames it into place, as
    /// `OutputFile` does; returns the final file's metadata.
    fn write_through(set: fn(&mut tempfile::Builder)) -> std::fs::Metadata {
        let dir = tempfile::tempdir().unwrap();
        let mut builder = tempfile::Builder::new();
        builder.prefix(".m.csv.stance-tmp-");
        set(&mut builder);
        let mut temp = builder.tempfile_in(dir.path()).unwrap();
        temp.write_all(b"a,b\n").unwrap();
        let path = dir.path().join("m.csv");
        temp.persist(&path).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"a,b\n");
        std::fs::metadata(&path).unwrap()
    }

    /// The fallback of systems without Unix modes, run here on Linux: the file is written and
    /// renamed into place, writable by its owner.
    #[test]
    fn the_portable_fallback_writes_and_renames() {
        let meta = write_through(permissions::portable);
        assert!(!meta.permissions().readonly());
    }

    #[cfg(unix)]
    #[test]
    fn on_unix_an_output_is_readable_by_others() {
        use std::os::unix::fs::PermissionsExt;
        let meta = write_through(permissions::like_a_new_file);
        // A file the user writes gets 0666 less the umask; an output, 0644 less the umask.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("plain"), b"").unwrap();
        let plain = std::fs::metadata(dir.path().join("plain")).unwrap();
        let umasked = plain.permissions().mode() & 0o777;
        assert_eq!(meta.permissions().mode() & 0o777, 0o644 & umasked);
    }
}
