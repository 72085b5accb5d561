//! Pictures and interchange formats of a matrix: SVG heatmap, GraphML/GEXF network, NumPy array.
//!
//! Each works on the means of a run over all its periods (see
//! [`crate::matrix::Accumulator::collapsed`]).

mod graph;
mod heatmap;
mod npy;

pub use graph::{write_gexf, write_graphml};
pub use heatmap::write_heatmap_svg;
pub use npy::{npy_array, NpyLabels};

/// Escapes text for XML attributes and content.
pub(crate) fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}
