//! Dictionaries compiled into the binary, where their licenses allow it (lexicons/README.md).

use super::{parse, Loaded, Problem, ReadOptions};

/// AFINN-165 (Finn Årup Nielsen), ODbL: `lexicons/dictionaries/afinn/`.
const AFINN_165: &[u8] = include_bytes!("../../lexicons/dictionaries/afinn/AFINN-en-165.txt");

/// The names a bundled dictionary answers to, with its file name.
pub const BUNDLED: [(&str, &str); 1] = [("afinn", "AFINN-en-165.txt")];

/// The bundled dictionary called `name` (case-insensitive), read as its file would be.
pub fn bundled(name: &str) -> Option<Result<Loaded, Vec<Problem>>> {
    let (name, file) = BUNDLED.iter().find(|(n, _)| n.eq_ignore_ascii_case(name))?;
    let bytes = match *name {
        "afinn" => AFINN_165,
        _ => return None,
    };
    Some(parse(
        &format!("(bundled) {file}"),
        name,
        Some("txt"),
        bytes,
        ReadOptions::default(),
    ))
}
