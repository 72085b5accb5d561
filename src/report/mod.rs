//! One self-contained HTML page per run: a heatmap per scorer whose cells open onto their
//! evidence, an actor panel, the signed network, a dyad time line (with `--by`) and the run's
//! summary. Works offline: script, style and data are inline, and nothing is fetched.
//!
//! A run feeds a [`Collector`] as it merges (the matrix alone keeps neither the scope, the rule
//! nor the title of its evidence); [`build`] turns the matrix, the collector and the counts into
//! a [`Model`], cut to the most active actors; [`write_html`] writes the page safely (see
//! [`html`] for how corpus text is kept from becoming markup).

mod cluster;
pub mod collect;
pub mod html;
pub mod model;

pub use collect::Collector;
pub use html::write_html;
pub use model::{build, Model, ReportOptions, DEFAULT_ACTORS};

use std::io::{self, Write};

use crate::actors::ActorSet;
use crate::engine::Stats;
use crate::matrix::Accumulator;

/// Builds the report of a run and writes it as HTML.
pub fn write_report<W: Write + ?Sized>(
    out: &mut W,
    acc: &Accumulator,
    actors: &ActorSet,
    stats: &Stats,
    collector: &Collector,
    options: &ReportOptions,
) -> io::Result<()> {
    write_html(out, &build(acc, actors, stats, collector, options))
}
