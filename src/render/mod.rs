//! Rendering for people: tables, verdicts, carets and colour. JSON output is serde's.

pub mod caret;
pub mod escape;
pub mod style;
pub mod table;
pub mod verdict;

pub use style::Style;
