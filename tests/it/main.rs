//! Integration tests: one binary, one module per area.

mod shared;
mod vader_parity;
