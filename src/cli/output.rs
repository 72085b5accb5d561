//! Output destinations: stdout, or a file that appears only when complete.

use anyhow::{Context, Result};
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Whether an error comes from writing into a closed pipe.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<io::Error>())
        .any(|io| io.kind() == io::ErrorKind::BrokenPipe)
}

/// An output file. A regular file is written to a temporary file in the same folder and renamed
/// into place on [`OutputFile::commit`], so a failed run never leaves half a matrix (the temporary
/// file is removed when dropped). An existing special file (`/dev/full`, a FIFO) is written
/// directly: renaming over it would replace the device.
pub struct OutputFile {
    path: PathBuf,
    sink: Sink,
}

enum Sink {
    Atomic(BufWriter<tempfile::NamedTempFile>),
    Direct(BufWriter<File>),
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
            // Readable by others like any file the user writes (temporary files default to 0600).
            let temp = tempfile::Builder::new()
                .prefix(".stance-")
                .permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644))
                .tempfile_in(dir)
                .with_context(cannot)?;
            Sink::Atomic(BufWriter::new(temp))
        };
        Ok(OutputFile {
            path: path.to_path_buf(),
            sink,
        })
    }

    /// Flushes and, for a regular file, syncs and renames into place.
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        let cannot = || format!("{}: cannot write", path.display());
        match self.sink {
            Sink::Direct(mut out) => out.flush().with_context(cannot),
            Sink::Atomic(out) => {
                let temp = out
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .with_context(cannot)?;
                temp.as_file().sync_all().with_context(cannot)?;
                temp.persist(&path).with_context(cannot)?;
                Ok(())
            }
        }
    }
}

impl Write for OutputFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.sink {
            Sink::Atomic(w) => w.write(buf),
            Sink::Direct(w) => w.write(buf),
        }
    }
    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Atomic(w) => w.flush(),
            Sink::Direct(w) => w.flush(),
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
