//! Slow and idle clients cannot hold connections: the real binary, with short timeouts and a
//! small cap on connections, cuts off headers sent a byte at a time, a body that never arrives in
//! full, and idle connections, and keeps answering.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

struct Server {
    child: Child,
    addr: String,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

fn serve(args: &[&str]) -> Server {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("gms.db").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_gms-graph"))
        .args(["serve", "--bind", "127.0.0.1:0", "--database-url", &url])
        .args(args)
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("serve");
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(rest) = line.split("serving GraphQL at http://").nth(1) {
                tx.send(rest.split('/').next().unwrap_or_default().to_owned())
                    .ok();
            }
        }
    });
    let addr = rx.recv_timeout(Duration::from_secs(30)).expect("started");
    Server {
        child,
        addr,
        _dir: dir,
    }
}

/// Reads until the server closes the connection, within `within`: what it sent.
async fn until_closed(stream: &mut TcpStream, within: Duration) -> String {
    let mut got = Vec::new();
    let read = tokio::time::timeout(within, stream.read_to_end(&mut got)).await;
    assert!(
        read.is_ok(),
        "the connection was still open after {within:?}"
    );
    String::from_utf8_lossy(&got).into_owned()
}

async fn healthz(addr: &str) -> u16 {
    reqwest::get(format!("http://{addr}/healthz"))
        .await
        .expect("GET /healthz")
        .status()
        .as_u16()
}

#[tokio::test]
async fn slow_and_idle_clients_are_cut_off_and_the_server_keeps_answering() {
    let server = serve(&[
        "--header-timeout-secs",
        "1",
        "--body-timeout-secs",
        "1",
        "--max-connections",
        "4",
    ]);
    let addr = server.addr.as_str();

    // Headers a byte at a time: cut off at the header timeout, however long it trickles.
    let mut slow = TcpStream::connect(addr).await.expect("connect");
    let started = Instant::now();
    for byte in b"POST /graphql HTTP/1.1\r\nHost: x\r\n" {
        if slow.write_all(&[*byte]).await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        if started.elapsed() > Duration::from_secs(5) {
            break;
        }
    }
    until_closed(&mut slow, Duration::from_secs(5)).await;

    // A body shorter than its Content-Length: 408 at the body timeout.
    let mut short = TcpStream::connect(addr).await.expect("connect");
    short
        .write_all(
            b"POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\n\
              content-length: 100\r\n\r\n{\"query\":",
        )
        .await
        .expect("send");
    let answer = until_closed(&mut short, Duration::from_secs(5)).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("REQUEST_TIMEOUT"), "{answer}");

    // Four idle connections take every slot; they are closed at the header timeout, and a
    // health check waiting behind them is answered.
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(TcpStream::connect(addr).await.expect("connect"));
    }
    assert_eq!(healthz(addr).await, 200);
    for mut connection in idle {
        until_closed(&mut connection, Duration::from_secs(5)).await;
    }
    assert_eq!(healthz(addr).await, 200);
}
