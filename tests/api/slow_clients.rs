//! Slow and idle clients cannot hold connections: the real binary, with short timeouts and a
//! small cap on connections, cuts off headers sent a byte at a time, a body that never arrives in
//! full, and idle connections, and keeps answering.

use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::Served;

/// The binary on a fresh SQLite file, with `args`.
fn serve(args: &[&str]) -> (Served, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("gms.db").display());
    (Served::start(&url, args), dir)
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
    let (server, _dir) = serve(&[
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

/// No more connections than `--max-connections` are served at once: while two idle clients hold
/// both slots (the header timeout long), a third's request waits, unanswered; once one of them
/// leaves, it is answered.
#[tokio::test]
async fn no_more_connections_than_the_cap_are_served_at_once() {
    let (server, _dir) = serve(&["--header-timeout-secs", "30", "--max-connections", "2"]);
    let addr = server.addr.as_str();
    let mut idle = Vec::new();
    for _ in 0..2 {
        idle.push(TcpStream::connect(addr).await.expect("connect"));
    }
    // Give the server a moment to take both.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut third = TcpStream::connect(addr).await.expect("connect (queued)");
    third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .expect("send");
    let mut first = [0u8; 1];
    let early = tokio::time::timeout(Duration::from_secs(1), third.read(&mut first)).await;
    assert!(
        early.is_err(),
        "the third connection was served while two held both slots: {early:?}"
    );
    drop(idle.pop());
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(5), third.read_to_end(&mut answer))
        .await
        .expect("answered within 5 s of a slot coming free")
        .expect("read");
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.contains("200 OK"), "{answer}");
}
