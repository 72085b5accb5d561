//! Integration tests: one binary, one module per area.

mod analysis;
mod attribution;
mod cli;
mod eval;
mod interrupt;
mod partials;
mod phoenix;
mod properties;
mod robustness;
mod seed;
mod shared;
mod vader_parity;
mod verbs;
