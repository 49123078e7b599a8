//! Where the logs go: stderr, through `tracing`, plain or JSON. The per-request lines
//! (`gms_graph::access`) go through a buffer flushed at least every [`FLUSH_EVERY`], so that a
//! busy server writes them in a few large writes rather than one per request, which measured at
//! a quarter of the throughput of the cheapest answers; every other line is written at once.

use std::io::{self, BufWriter, Stderr, Write};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tracing_subscriber::{EnvFilter, fmt::MakeWriter, fmt::writer::MakeWriterExt};

use crate::http::access_log::TARGET;

/// The longest a per-request line waits in the buffer.
pub const FLUSH_EVERY: Duration = Duration::from_millis(200);

/// Buffered stderr, shared by every thread that logs.
#[derive(Clone)]
struct Buffered(Arc<Mutex<BufWriter<Stderr>>>);

impl Buffered {
    fn flush(&self) {
        let mut out = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let _ = out.flush();
    }
}

/// One event's bytes, handed to the buffer whole.
struct Line(Buffered);

impl Write for Line {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let mut out = self.0.0.lock().unwrap_or_else(PoisonError::into_inner);
        out.write(bytes)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for Buffered {
    type Writer = Line;

    fn make_writer(&'a self) -> Self::Writer {
        Line(self.clone())
    }
}

/// Flushes what is buffered when dropped: keep it until the process ends.
pub struct Guard(Buffered);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.flush();
    }
}

/// Installs the subscriber: `RUST_LOG` (default `info`), plain or JSON.
pub fn init(json: bool) -> Guard {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let buffered = Buffered(Arc::new(Mutex::new(BufWriter::with_capacity(
        64 * 1024,
        io::stderr(),
    ))));
    let flusher = buffered.clone();
    // A thread of its own, so that lines come out on time whatever the runtime is doing.
    let _ = std::thread::Builder::new()
        .name("log-flush".into())
        .spawn(move || {
            loop {
                std::thread::sleep(FLUSH_EVERY);
                flusher.flush();
            }
        });
    let writer = buffered
        .clone()
        .with_filter(|meta| meta.target() == TARGET)
        .or_else(io::stderr);
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer);
    if json {
        logs.json().init();
    } else {
        logs.init();
    }
    Guard(buffered)
}
