//! Integration tests: one binary, one module per area.

mod analysis;
mod attribution;
mod calibration;
mod cli;
mod dictionaries;
mod dictionary_scorers;
mod eval;
mod golden;
mod inputs;
mod interrupt;
mod library_run;
mod outputs;
mod partials;
mod phoenix;
mod properties;
mod report;
mod robustness;
mod scaling;
mod seed;
mod shared;
mod syntax;
mod vader_parity;
mod verbs;
