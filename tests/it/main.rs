//! Integration tests: one binary, one module per area.

mod analysis;
mod attribution;
mod cli;
mod dictionaries;
mod eval;
mod inputs;
mod interrupt;
mod outputs;
mod partials;
mod phoenix;
mod properties;
mod robustness;
mod scaling;
mod seed;
mod shared;
mod syntax;
mod vader_parity;
mod verbs;
