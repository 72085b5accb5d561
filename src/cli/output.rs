//! Output destinations: stdout, or a file written atomically.

use anyhow::{Context, Result};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Whether an error comes from writing into a closed pipe.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain()
        .filter_map(|c| c.downcast_ref::<io::Error>())
        .any(|io| io.kind() == io::ErrorKind::BrokenPipe)
}

/// A file that appears under its name only when complete: written to a temporary file in the same
/// folder, then renamed, so a crash or a full disk never leaves a half-written matrix.
pub struct AtomicFile {
    path: PathBuf,
    temp: BufWriter<tempfile::NamedTempFile>,
}

impl AtomicFile {
    /// Starts writing `path`.
    pub fn create(path: &Path) -> Result<AtomicFile> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let temp = tempfile::Builder::new()
            .prefix(".stance-")
            .tempfile_in(dir)
            .with_context(|| format!("{}: cannot create output file", path.display()))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            temp: BufWriter::new(temp),
        })
    }

    /// Flushes, syncs and renames into place.
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        let temp = self
            .temp
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("{}: cannot write", path.display()))?;
        temp.as_file()
            .sync_all()
            .with_context(|| format!("{}: cannot write", path.display()))?;
        temp.persist(&path)
            .with_context(|| format!("{}: cannot write", path.display()))?;
        Ok(())
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.temp.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.temp.flush()
    }
}

/// Writes to `path` atomically, or to stdout when `path` is `None` or `-`.
pub fn write_output(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    match path {
        Some(p) if p != Path::new("-") => {
            let mut file = AtomicFile::create(p)?;
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
