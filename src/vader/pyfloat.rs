//! Python's `round(x, digits)` and `repr(float)`, as VADER's output needs them.
//!
//! The reference prints `round(neg, 3)` ... `round(compound, 4)`. Formatting a float exactly and
//! parsing it back gives Python's result but dominated the cost of a short line (a third of
//! `stance valence` on tweets). Away from a tie, the rounded decimal is `n / 10^digits` for the
//! integer `n` nearest to `x * 10^digits`, and both that division and Python's parse of the
//! decimal are correctly rounded, so they give the same float; only a value within a hair of a
//! tie takes the exact path.

use std::fmt::{self, Write as _};

/// 10^k, exact in an f64 for every k here.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// How far from a tie `x * 10^digits` must be for its rounding to be certain. The product's
/// own rounding error is below 1e-7 for the magnitudes allowed (|y| < 1e9).
const TIE_MARGIN: f64 = 1e-6;

/// The integer nearest to `x * 10^digits` (sign kept, so `-0.0` for a small negative `x`), when
/// it is certainly Python's rounding of `x`; `None` near a tie or out of the fast range.
fn rounded_units(x: f64, digits: usize) -> Option<f64> {
    let scale = *POW10.get(digits)?;
    let y = x * scale;
    if !y.is_finite() || y.abs() >= 1e9 {
        return None;
    }
    let fraction = y - y.floor();
    if (fraction - 0.5).abs() < TIE_MARGIN {
        return None;
    }
    Some(y.round())
}

/// Python's `round(x, digits)` by formatting exactly and parsing back: Rust's fixed-precision
/// formatting is exact and rounds ties to even, as CPython's `_Py_dg_dtoa` mode 3 does.
fn py_round_exact(x: f64, digits: usize) -> f64 {
    let mut buf = String::with_capacity(24);
    let _ = write!(buf, "{:.*}", digits, x);
    buf.parse().unwrap_or(x)
}

/// Python's `round(x, digits)` for a float.
pub fn py_round(x: f64, digits: usize) -> f64 {
    if !x.is_finite() {
        return x;
    }
    match rounded_units(x, digits) {
        Some(n) => n / POW10[digits],
        None => py_round_exact(x, digits),
    }
}

/// Displays a float as Python's `repr` does for values of the size VADER produces
/// (no exponent is needed at 4 decimals, so only the trailing `.0` differs from Rust).
pub struct PyFloat(pub f64);

impl fmt::Display for PyFloat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        if x.fract() == 0.0 && x.is_finite() {
            write!(f, "{:.1}", x)
        } else {
            write!(f, "{}", x)
        }
    }
}

/// Appends `repr(round(x, digits))` to `out`, as Python prints it.
///
/// The repr of `n / 10^digits` is the decimal `n · 10^-digits` without its trailing zeros: that
/// decimal reads back as the same float, and no shorter decimal does (two decimals of so few
/// digits never share a float). So the digits of `n` are written directly.
pub fn write_py_rounded(out: &mut String, x: f64, digits: usize) {
    // `rounded_units` keeps |n| below 1e9, so `n` fits a u64 exactly.
    let Some(n) = rounded_units(x, digits) else {
        let _ = write!(out, "{}", PyFloat(py_round(x, digits)));
        return;
    };
    if n.is_sign_negative() {
        out.push('-');
    }
    let units = n.abs() as u64;
    let scale = 10u64.pow(digits as u32);
    push_digits(out, units / scale, 1);
    out.push('.');
    let mut fraction = units % scale;
    if fraction == 0 {
        out.push('0');
        return;
    }
    let mut width = digits;
    while fraction % 10 == 0 {
        fraction /= 10;
        width -= 1;
    }
    push_digits(out, fraction, width);
}

/// Appends the decimal digits of `value`, zero-padded to `width`, without the formatting
/// machinery (a per-line cost on short texts).
fn push_digits(out: &mut String, mut value: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut at = buf.len();
    while value > 0 {
        at -= 1;
        buf[at] = b'0' + (value % 10) as u8;
        value /= 10;
    }
    let start = (buf.len() - width.min(buf.len())).min(at);
    for &b in &buf[start..] {
        out.push(char::from(b));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rounds_and_prints_as_python() {
        assert_eq!(py_round(0.0625, 3), 0.062);
        assert_eq!(py_round(0.0635, 3), 0.064); // 0.0635 is stored slightly above the tie
        assert_eq!(py_round(2.5, 0), 2.0);
        assert_eq!(PyFloat(1.0).to_string(), "1.0");
        assert_eq!(PyFloat(-0.128).to_string(), "-0.128");
        assert_eq!(PyFloat(0.0).to_string(), "0.0");
        for (x, digits, python) in [
            (0.0, 3, "0.0"),
            (1.0, 3, "1.0"),
            (-0.00001, 4, "-0.0"),
            (0.10049, 3, "0.1"),
            (-0.9571469836223699, 4, "-0.9571"),
            (0.0625, 3, "0.062"),
            (0.5, 4, "0.5"),
            (0.0001, 4, "0.0001"),
        ] {
            let mut out = String::new();
            write_py_rounded(&mut out, x, digits);
            assert_eq!(out, python, "round({x}, {digits})");
        }
    }

    proptest! {
        // The fast path and the exact one agree, bit for bit and in print, on any float of
        // VADER's range and beyond, and on values built to sit on or next to a tie.
        #[test]
        fn fast_rounding_is_the_exact_one(x in -2.0f64..2.0, digits in 0usize..6, k in -20000i64..20000, nudge in -3i64..4) {
            let tie = (k as f64 + 0.5) / POW10[digits];
            let near_tie = f64::from_bits((tie.to_bits() as i64 + nudge) as u64);
            for v in [x, tie, near_tie, -near_tie] {
                prop_assert_eq!(py_round(v, digits).to_bits(), py_round_exact(v, digits).to_bits());
                let mut fast = String::new();
                write_py_rounded(&mut fast, v, digits);
                prop_assert_eq!(fast, PyFloat(py_round_exact(v, digits)).to_string());
            }
        }
    }
}
