//! A diverging, labelled SVG heatmap of one scorer's matrix.

use std::io::{self, Write};

use super::xml_escape;
use crate::actors::ActorSet;
use crate::attribution::Source;
use crate::matrix::{axes, source_id, Accumulator};

const CELL: f64 = 30.0;
/// Cells with fewer scores than this are drawn faded: their mean is weak evidence.
pub const FULL_OPACITY_N: u64 = 5;

/// Red (-1) through white (0) to blue (+1).
fn color(mean: f64) -> String {
    let t = mean.clamp(-1.0, 1.0);
    let (r, g, b) = if t < 0.0 {
        let k = -t;
        (
            255.0 - k * (255.0 - 178.0),
            255.0 - k * (255.0 - 24.0),
            255.0 - k * (255.0 - 43.0),
        )
    } else {
        (
            255.0 - t * (255.0 - 33.0),
            255.0 - t * (255.0 - 102.0),
            255.0 - t * (255.0 - 172.0),
        )
    };
    format!("rgb({:.0},{:.0},{:.0})", r, g, b)
}

/// Writes the heatmap of `scorer`: sources as rows, targets as columns, each cell coloured by its
/// mean and labelled with it; cells with n below `FULL_OPACITY_N` (5) are faded in proportion.
pub fn write_heatmap_svg<W: Write + ?Sized>(
    out: &mut W,
    acc: &Accumulator,
    actors: &ActorSet,
    scorer: &str,
    title: &str,
) -> io::Result<()> {
    let acc = acc.collapsed();
    let id_of = |s: Source| source_id(actors, s);
    let rows = acc.sorted(&id_of);
    let cells: Vec<_> = rows
        .iter()
        .filter(|(k, _)| Some(k.scorer) == acc.scorer_index(scorer))
        .collect();
    let (sources, targets) = axes(cells.iter().map(|(k, _)| k), actors);
    let longest = |v: &[&str]| v.iter().map(|s| s.chars().count()).max().unwrap_or(4) as f64;
    let left = 16.0 + 7.5 * longest(&sources);
    let top = 60.0 + 6.0 * longest(&targets);
    // Wide enough for the cells, the title and the legend, whichever is widest.
    let title_line = format!("{title} ({scorer}: source rows -> target columns)");
    let width = (left + CELL * targets.len() as f64 + 40.0)
        .max(left + 440.0)
        .max(20.0 + 9.0 * title_line.chars().count() as f64);
    let height = top + CELL * sources.len() as f64 + 90.0;
    writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" font-family="sans-serif" font-size="11">"#
    )?;
    writeln!(out, r#"<rect width="100%" height="100%" fill="white"/>"#)?;
    writeln!(
        out,
        r#"<text x="10" y="20" font-size="14" font-weight="bold">{}</text>"#,
        xml_escape(&title_line)
    )?;
    for (c, t) in targets.iter().enumerate() {
        let x = left + CELL * c as f64 + CELL / 2.0;
        writeln!(
            out,
            r#"<text transform="translate({x:.1},{:.1}) rotate(-60)" text-anchor="start">{}</text>"#,
            top - 6.0,
            xml_escape(t)
        )?;
    }
    for (r, s) in sources.iter().enumerate() {
        let y = top + CELL * r as f64 + CELL / 2.0 + 4.0;
        writeln!(
            out,
            r#"<text x="{:.1}" y="{y:.1}" text-anchor="end">{}</text>"#,
            left - 6.0,
            xml_escape(s)
        )?;
    }
    for (k, cell) in &cells {
        let r = sources.binary_search(&id_of(k.source)).expect("listed");
        let c = targets
            .binary_search(&actors.get(k.target).id.as_str())
            .expect("listed");
        let (x, y) = (left + CELL * c as f64, top + CELL * r as f64);
        let opacity = (cell.n as f64 / FULL_OPACITY_N as f64).clamp(0.2, 1.0);
        let mean = cell.mean();
        writeln!(
            out,
            r#"<g opacity="{opacity:.2}"><rect x="{x:.1}" y="{y:.1}" width="{CELL}" height="{CELL}" fill="{}" stroke="white"><title>{} -> {}: mean {mean:.3}, n {}</title></rect><text x="{:.1}" y="{:.1}" text-anchor="middle" font-size="9" fill="{}">{}</text></g>"#,
            color(mean),
            xml_escape(id_of(k.source)),
            xml_escape(&actors.get(k.target).id),
            cell.n,
            x + CELL / 2.0,
            y + CELL / 2.0 + 3.0,
            if mean.abs() > 0.6 { "white" } else { "black" },
            format!("{mean:.2}").replace("0.", ".")
        )?;
    }
    // Legend: the colour scale and what fading means.
    let ly = top + CELL * sources.len() as f64 + 30.0;
    for i in 0..=20 {
        let v = -1.0 + i as f64 * 0.1;
        writeln!(
            out,
            r#"<rect x="{:.1}" y="{ly:.1}" width="10" height="14" fill="{}"/>"#,
            left + i as f64 * 10.0,
            color(v)
        )?;
    }
    writeln!(
        out,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">-1</text>"#,
        left + 5.0,
        ly + 28.0
    )?;
    writeln!(
        out,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">0</text>"#,
        left + 105.0,
        ly + 28.0
    )?;
    writeln!(
        out,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">+1</text>"#,
        left + 205.0,
        ly + 28.0
    )?;
    writeln!(
        out,
        r#"<text x="{:.1}" y="{:.1}">faded: fewer than {FULL_OPACITY_N} scores</text>"#,
        left + 230.0,
        ly + 11.0
    )?;
    writeln!(out, "</svg>")
}
