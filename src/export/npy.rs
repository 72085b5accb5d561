//! The means as a NumPy array (scorer x source x target), with its labels.

use ndarray::Array3;
use serde::Serialize;

use crate::actors::ActorSet;
use crate::attribution::Source;
use crate::matrix::{axes, source_id, Accumulator};

/// The labels of the array's axes, written beside it as JSON.
#[derive(Debug, Serialize, PartialEq)]
pub struct NpyLabels {
    /// Axis 0.
    pub scorers: Vec<String>,
    /// Axis 1 (`@author` included).
    pub sources: Vec<String>,
    /// Axis 2.
    pub targets: Vec<String>,
    /// What the values are.
    pub values: &'static str,
}

/// The means over all periods, NaN where a cell has no score, and the axis labels.
///
/// The one place `ndarray` appears in the public API, on purpose: this is the array view of the
/// matrix, the type `ndarray-npy` writes and Rust-to-NumPy bindings take. Everything else speaks
/// in cells ([`Accumulator`]).
pub fn npy_array(acc: &Accumulator, actors: &ActorSet) -> (Array3<f64>, NpyLabels) {
    let acc = acc.collapsed();
    let id_of = |s: Source| source_id(actors, s);
    let rows = acc.sorted(&id_of);
    let (sources, targets) = axes(rows.iter().map(|(k, _)| k), actors);
    let mut array = Array3::<f64>::from_elem(
        (acc.scorer_names().len(), sources.len(), targets.len()),
        f64::NAN,
    );
    for (k, c) in &rows {
        let s = sources.binary_search(&id_of(k.source)).expect("listed");
        let t = targets
            .binary_search(&actors.get(k.target).id.as_str())
            .expect("listed");
        array[[k.scorer as usize, s, t]] = c.mean();
    }
    let labels = NpyLabels {
        scorers: acc.scorer_names().to_vec(),
        sources: sources.iter().map(|s| s.to_string()).collect(),
        targets: targets.iter().map(|s| s.to_string()).collect(),
        values: "mean score per cell; NaN where no score",
    };
    (array, labels)
}
