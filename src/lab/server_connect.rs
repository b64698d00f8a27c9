//! Connecting to a server within a bound. Client libraries time out the TCP connect, but a
//! server (or anything else on the port) that accepts the connection and never answers would
//! hang the handshake forever. The attempt runs on its own thread; past [`TIMEOUT`] the caller
//! gets a clear error and the thread is left to end by itself (MariaDB's read timeout, or the
//! process's end), holding nothing but its socket.

use std::sync::mpsc;
use std::time::Duration;

/// The bound on connecting, handshake included.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(10);

/// The cause shown when the handshake did not finish in time.
pub(crate) const NO_ANSWER: &str =
    "no answer within 10 s: something accepted the connection but never completed the handshake";

/// Runs `connect` on a thread; None when it did not finish within [`TIMEOUT`].
pub(crate) fn within<T: Send + 'static>(connect: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("sqldrill-connect".into())
        .spawn(move || {
            let _ = tx.send(connect());
        })
        .ok()?;
    rx.recv_timeout(TIMEOUT).ok()
}
