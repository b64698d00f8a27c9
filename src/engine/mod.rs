//! Sandboxed SQLite: datasets as serialized images, hardened connections, statement running,
//! and the values the grader compares.

pub mod error;
pub mod hard_stop;
pub mod image;
pub mod input;
pub mod run;
pub mod sandbox;
pub mod split;
pub mod value;
pub mod watchdog;

pub use error::EngineError;
pub use image::Image;
pub use sandbox::{Access, Caps, CheckScope, Sandbox};
pub use value::{ResultSet, Row, Value};
