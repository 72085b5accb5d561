//! Fitting the model: L2-regularised multinomial logistic regression by accelerated full-batch
//! gradient descent. Deterministic: no randomness, a fixed number of steps, sums in a fixed
//! order, so the same samples give the same bytes.

use super::{softmax, Features, Model, Protocol, N_FEATURES};

/// One training example: an attribution's features and its class (0 +, 1 -, 2 none).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sample {
    /// What the model reads.
    pub x: Features,
    /// 0 positive, 1 negative, 2 none.
    pub class: u8,
    /// Its weight in the loss (1 unless the training files are weighted equally).
    pub weight: f64,
}

/// Gradient steps. The loss is smooth and convex; at this step size it has settled by then
/// (the training command's loss trace shows it flat over the last hundred steps).
pub const STEPS: usize = 600;

/// Fits the coefficients on `samples` with L2 strength `l2` (the bias is not penalised).
/// Minimises the weighted mean cross-entropy + l2/2 * |W|^2.
pub fn fit(samples: &[Sample], l2: f64, protocol: Protocol) -> Model {
    const P: usize = N_FEATURES + 1; // bias last
    let n = samples.iter().map(|s| s.weight).sum::<f64>().max(1e-12);
    // A step of 1/L, L bounding the Hessian: softmax curvature is at most 1/2 per unit of |x|^2.
    let max_sq = samples
        .iter()
        .map(|s| 1.0 + s.x.0.iter().map(|v| v * v).sum::<f64>())
        .fold(1.0, f64::max);
    let step = 1.0 / (0.5 * max_sq + l2);
    let mut w = [[0.0f64; 3]; P];
    let mut prev = w;
    let mut grad = [[0.0f64; 3]; P];
    for t in 0..STEPS {
        // Nesterov look-ahead point.
        let momentum = t as f64 / (t as f64 + 3.0);
        let mut y = w;
        for j in 0..P {
            for c in 0..3 {
                y[j][c] = w[j][c] + momentum * (w[j][c] - prev[j][c]);
            }
        }
        for g in grad.iter_mut() {
            *g = [0.0; 3];
        }
        for s in samples {
            let mut z = y[N_FEATURES];
            for (xi, wj) in s.x.0.iter().zip(&y[..N_FEATURES]) {
                for c in 0..3 {
                    z[c] += xi * wj[c];
                }
            }
            let mut p = softmax(z);
            p[usize::from(s.class)] -= 1.0;
            let p = p.map(|v| v * s.weight);
            for (xi, gj) in s.x.0.iter().zip(grad.iter_mut()) {
                for c in 0..3 {
                    gj[c] += xi * p[c];
                }
            }
            for c in 0..3 {
                grad[N_FEATURES][c] += p[c];
            }
        }
        prev = w;
        for j in 0..P {
            for c in 0..3 {
                let penalty = if j < N_FEATURES { l2 * y[j][c] } else { 0.0 };
                w[j][c] = y[j][c] - step * (grad[j][c] / n + penalty);
            }
        }
    }
    let mut weights = [[0.0; 3]; N_FEATURES];
    weights.copy_from_slice(&w[..N_FEATURES]);
    Model {
        bias: w[N_FEATURES],
        weights,
        protocol,
        bands: Vec::new(),
    }
}

/// Mean cross-entropy of `model` on `samples` (for the training trace and tests).
pub fn loss(model: &Model, samples: &[Sample]) -> f64 {
    let total: f64 = samples
        .iter()
        .map(|s| {
            -softmax(model.logits(&s.x))[usize::from(s.class)]
                .max(1e-300)
                .ln()
        })
        .sum();
    total / samples.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn protocol() -> Protocol {
        Protocol {
            fitted_on: vec![],
            l2: 0.01,
            none_threshold: 1.0,
            folds: 1,
            equal_files: false,
        }
    }

    /// Positive news valence means class +, negative means -, none otherwise: the fit must
    /// find that rule and rank its probabilities accordingly.
    #[test]
    fn a_separable_rule_is_learned() {
        let mut samples = Vec::new();
        for i in 0..300 {
            let v = f64::from(i % 21 - 10) / 10.0;
            let mut x = Features([0.0; N_FEATURES]);
            x.0[1] = v;
            x.0[3] = v.abs();
            let class = if v > 0.3 {
                0
            } else if v < -0.3 {
                1
            } else {
                2
            };
            samples.push(Sample {
                x,
                class,
                weight: 1.0,
            });
        }
        let model = fit(&samples, 0.001, protocol());
        let at = |v: f64| {
            let mut x = Features([0.0; N_FEATURES]);
            x.0[1] = v;
            x.0[3] = v.abs();
            model.predict(&x).p
        };
        assert!(at(0.9)[0] > 0.8, "{:?}", at(0.9));
        assert!(at(-0.9)[1] > 0.8, "{:?}", at(-0.9));
        assert!(at(0.0)[2] > 0.6, "{:?}", at(0.0));
        let uniform = (3.0f64).ln();
        assert!(loss(&model, &samples) < 0.5 * uniform);
    }

    #[test]
    fn the_same_samples_give_the_same_bytes() {
        let samples: Vec<Sample> = (0..50)
            .map(|i| {
                let mut x = Features([0.0; N_FEATURES]);
                x.0[0] = f64::from(i % 7) / 7.0 - 0.4;
                x.0[10] = f64::from(i % 2);
                Sample {
                    x,
                    class: (i % 3) as u8,
                    weight: 1.0,
                }
            })
            .collect();
        let a = fit(&samples, 0.1, protocol()).to_tsv();
        let b = fit(&samples, 0.1, protocol()).to_tsv();
        assert_eq!(a, b);
    }
}
