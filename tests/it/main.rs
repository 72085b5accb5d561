//! Integration tests: one binary, one module per area.

mod analysis;
mod attribution;
mod cli;
mod eval;
mod partials;
mod phoenix;
mod properties;
mod robustness;
mod seed;
mod shared;
mod syntax;
mod vader_parity;
