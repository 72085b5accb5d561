//! `stance`: who stands where in the news.
#![warn(missing_docs, clippy::print_stdout, clippy::print_stderr)]

pub mod vader;
