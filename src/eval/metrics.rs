//! Confusion matrices and the figures read off them.

use serde::Serialize;

/// A confusion matrix over `labels.len()` classes: `counts[gold][predicted]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Confusion {
    /// Class names, in index order.
    pub labels: Vec<&'static str>,
    /// `counts[gold][predicted]`.
    pub counts: Vec<Vec<u64>>,
}

impl Confusion {
    /// An empty matrix over these classes.
    pub fn new(labels: &[&'static str]) -> Confusion {
        Confusion {
            labels: labels.to_vec(),
            counts: vec![vec![0; labels.len()]; labels.len()],
        }
    }

    /// Counts one item.
    pub fn add(&mut self, gold: usize, predicted: usize) {
        self.counts[gold][predicted] += 1;
    }

    /// Items counted.
    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    /// Share of items predicted right (0 when empty).
    pub fn accuracy(&self) -> f64 {
        let right: u64 = (0..self.labels.len()).map(|i| self.counts[i][i]).sum();
        ratio(right, self.total())
    }

    /// F1 of one class (0 when it has neither items nor predictions).
    pub fn f1(&self, class: usize) -> f64 {
        let tp = self.counts[class][class];
        let gold: u64 = self.counts[class].iter().sum();
        let predicted: u64 = self.counts.iter().map(|row| row[class]).sum();
        let (p, r) = (ratio(tp, predicted), ratio(tp, gold));
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Unweighted mean of the classes' F1, every class counted (as scikit-learn's
    /// `f1_score(average="macro")` with all labels given).
    pub fn macro_f1(&self) -> f64 {
        let n = self.labels.len();
        (0..n).map(|c| self.f1(c)).sum::<f64>() / n as f64
    }

    /// The matrix as aligned text, gold in rows and predictions in columns.
    pub fn render(&self) -> String {
        let width = self
            .labels
            .iter()
            .map(|l| l.len())
            .max()
            .unwrap_or(4)
            .max(6)
            + 1;
        let mut out = format!("{:>width$}", "gold\\pred");
        for l in &self.labels {
            out += &format!("{l:>width$}");
        }
        out.push('\n');
        for (l, row) in self.labels.iter().zip(&self.counts) {
            out += &format!("{l:>width$}");
            for c in row {
                out += &format!("{c:>width$}");
            }
            out.push('\n');
        }
        out
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macro_f1_matches_a_hand_computation() {
        let mut c = Confusion::new(&["neg", "neu", "pos"]);
        // gold neg: 2 right, 1 as neu; gold neu: 1 right; gold pos: 1 as neg.
        for (g, p) in [(0, 0), (0, 0), (0, 1), (1, 1), (2, 0)] {
            c.add(g, p);
        }
        // neg: p 2/3, r 2/3 -> 2/3; neu: p 1/2, r 1 -> 2/3; pos: 0.
        assert!((c.macro_f1() - (4.0 / 9.0)).abs() < 1e-12);
        assert!((c.accuracy() - 0.6).abs() < 1e-12);
    }
}
