//! sqldrill: a SQL practice sandbox. Layers, each knowing only those below it:
//! cli → render → grade → catalog → engine (DESIGN.md § Architecture).

pub mod atomic_file;
pub mod catalog;
pub mod cli;
pub mod engine;
pub mod error;
pub mod grade;
pub mod home;
pub mod lab;
pub mod lang;
pub mod messages;
pub mod progress;
pub mod render;
pub mod repl;
