//! `stance`: who stands where in the news.
//!
//! A corpus goes in; for every sentence the engine finds the actors ([`actors`]), decides who
//! holds a stance toward whom ([`attribution`]), scores the words that carry it ([`scorers`]) and
//! accumulates source x target cells exactly ([`matrix`]). [`Engine::analyze`] is the pure
//! per-document function; a [`Run`] runs it in parallel over a corpus, with time slices, the
//! group roll-up and the counts, and is what the `stance` binary calls.
//!
//! ```
//! use stance::attribution::Source;
//! use stance::corpus::Document;
//! use stance::scorers::Scorer;
//! use stance::{Engine, Scratch};
//!
//! let engine = Engine::bundled(); // the bundled Libya actors and lexicons
//! let doc = Document {
//!     text: "“We will never sit down with Haftar,” Serraj said.".into(),
//!     ..Document::default()
//! };
//! let result = engine.analyze(&doc, &mut Scratch::default());
//! let actors = engine.actors();
//! let quote = result
//!     .scored
//!     .iter()
//!     .find(|s| s.attribution.source != Source::Author)
//!     .expect("the speaker holds a stance");
//! assert_eq!(quote.attribution.source, Source::Actor(actors.by_id("SERRAJ").unwrap()));
//! assert_eq!(quote.attribution.target, actors.by_id("HAFTAR").unwrap());
//! assert!(quote.scores[Scorer::Stance.index()].unwrap() < 0.0);
//! ```
#![warn(missing_docs, clippy::print_stdout, clippy::print_stderr)]

pub mod actors;
pub mod attribution;
pub mod calibration;
pub mod compare;
pub mod corpus;
pub mod dictionary;
pub mod engine;
pub mod eval;
pub mod explain;
pub mod explain_tree;
pub mod export;
pub mod matrix;
pub mod report;
pub mod run;
pub mod scorers;
pub mod suggest;
pub mod syntax;
pub mod text;
pub mod time;
pub mod vader;
pub mod verbs;

pub use engine::{DocResult, Engine, Scored, Scratch, StageTimes, Stats};
pub use run::{Level, Observer, Run, RunError, RunOptions, RunOutput};
