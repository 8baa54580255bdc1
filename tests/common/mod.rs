//! Helpers shared by the integration tests that run the `khabar` binary and its server.
// each test crate uses its own subset
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub fn khabar() -> Command {
    Command::new(env!("CARGO_BIN_EXE_khabar"))
}

/// A running `khabar serve` and its address; killed when dropped.
pub struct Server(pub Child, pub String);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
    }
}

/// Starts `khabar serve` on a free port over `db` and reads its address from the first stderr line.
pub fn start(db: &std::path::Path, extra: &[&str]) -> Server {
    let mut child = khabar()
        .args(["serve", "--port", "0", "--db"])
        .arg(db)
        .args(extra)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.as_mut().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    Server(child, addr)
}
