//! sqldrill: a SQL practice sandbox. Layers, each knowing only those below it:
//! cli → render → grade → catalog → engine (DESIGN.md § Architecture).

pub mod engine;
pub mod lang;
