//! Integration tests: one binary, one module per area.

mod cli;
mod seed;
mod shared;
mod vader_parity;
