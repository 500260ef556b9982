//! The few control-API calls the soak needs (`GET /api/server` for the
//! capture counts, `DELETE /api/accounts/{email}/messages` as a test
//! suite's clean-up), as plain HTTP/1.1 over a TCP socket: one request per
//! connection, no client library, so the load generator stays lean.

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sends `METHOD path` with no body; returns (status code, body).
pub async fn call(addr: SocketAddr, method: &str, path: &str) -> Result<(u16, String), String> {
    let mut tcp = TcpStream::connect(addr)
        .await
        .map_err(|e| format!("control API {addr}: {e}"))?;
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"
    );
    tcp.write_all(req.as_bytes())
        .await
        .map_err(|e| format!("control API write: {e}"))?;
    let mut out = Vec::new();
    tcp.read_to_end(&mut out)
        .await
        .map_err(|e| format!("control API read: {e}"))?;
    let text = String::from_utf8_lossy(&out);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("control API: no status line in {head:?}"))?;
    Ok((status, body.to_owned()))
}

/// `DELETE /api/accounts/{email}/messages`: a test case's clean-up.
/// Returns how many messages went; `None` if the mock has no such account
/// (in open mode a bench user exists only once it signed in).
pub async fn clear_mailbox(addr: SocketAddr, email: &str) -> Result<Option<u64>, String> {
    let (status, body) = call(addr, "DELETE", &format!("/api/accounts/{email}/messages")).await?;
    match status {
        200 => {
            let v: serde_json::Value =
                serde_json::from_str(&body).map_err(|e| format!("clearing {email}'s mail: {e}"))?;
            Ok(v["deleted"].as_u64())
        }
        404 => Ok(None),
        _ => Err(format!("clearing {email}'s mail: {status} {body}")),
    }
}

/// The `captures` object of `GET /api/server`.
pub async fn captures(addr: SocketAddr) -> Result<serde_json::Value, String> {
    let (status, body) = call(addr, "GET", "/api/server").await?;
    if status != 200 {
        return Err(format!("GET /api/server: {status} {body}"));
    }
    let v: serde_json::Value =
        serde_json::from_str(&body).map_err(|e| format!("GET /api/server: {e}"))?;
    Ok(v["captures"].clone())
}

/// "messages 500 kept / 1234 dropped, transcripts 500 kept / 2468 dropped".
pub fn describe(captures: &serde_json::Value) -> String {
    let one = |k: &str| {
        format!(
            "{k} {} kept / {} dropped",
            captures[k]["kept"], captures[k]["dropped"]
        )
    };
    format!("{}, {}", one("messages"), one("transcripts"))
}
