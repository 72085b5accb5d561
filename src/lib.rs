//! `stance`: who stands where in the news.
//!
//! A corpus goes in; for every sentence the engine finds the actors ([`actors`]), decides who
//! holds a stance toward whom ([`attribution`]), scores the words that carry it ([`scorers`]) and
//! accumulates source x target cells exactly ([`matrix`]). [`Engine::analyze`] is the pure
//! per-document function; the `stance` binary runs it in parallel over a corpus.
#![warn(missing_docs, clippy::print_stdout, clippy::print_stderr)]

pub mod actors;
pub mod attribution;
pub mod corpus;
pub mod engine;
pub mod matrix;
pub mod scorers;
pub mod text;
pub mod vader;

pub use engine::{DocResult, Engine, Scored, Scratch, Stats};
