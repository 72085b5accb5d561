//! Student's t quantile for 95% intervals.

/// The 0.975 quantile of Student's t with `df` degrees of freedom.
///
/// Exact table values up to 30; beyond, the Cornish-Fisher expansion around the normal quantile,
/// whose error there is below 1e-4.
pub fn t_quantile_975(df: u64) -> f64 {
    const TABLE: [f64; 30] = [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
        2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
        2.052, 2.048, 2.045, 2.042,
    ];
    match df {
        0 => f64::NAN,
        1..=30 => TABLE[df as usize - 1],
        _ => {
            let z: f64 = 1.959_963_984_540_054;
            let d = df as f64;
            z + (z.powi(3) + z) / (4.0 * d)
                + (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / (96.0 * d * d)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn expansion_joins_the_table() {
        assert!((super::t_quantile_975(31) - 2.0395).abs() < 1e-3);
        assert!((super::t_quantile_975(1000) - 1.9623).abs() < 1e-3);
    }
}
