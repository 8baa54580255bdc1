//! Answers to hot searches and event pages, kept while the store is unchanged. Ranking a
//! frequent word scores every article holding it, and a page of events loads the stories its
//! events belong to; the same few queries come again and again (a UI's suggestions, a
//! dashboard, several analysts on one topic), so the second asker gets the first answer.
//!
//! The store is unchanged while its file and its WAL keep their sizes and modification times:
//! every commit of an ingest writes the WAL, every checkpoint the file. The stamp is read
//! before the query runs and the answer kept only under that stamp, so an answer computed
//! while an ingest committed is dropped at the next request, which sees a new stamp.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

/// Most bytes of answers kept; the least recently used go first.
const MAX_BYTES: usize = 16 << 20;
/// An answer larger than this is not kept (a page of 500 hits with snippets).
const MAX_ANSWER: usize = 256 << 10;

/// What the store's files look like: (length, modified) of the file and of its WAL.
pub type Stamp = [Option<(u64, SystemTime)>; 2];

pub struct Cache {
    files: [PathBuf; 2],
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    stamp: Option<Stamp>,
    answers: HashMap<String, (String, u64)>,
    bytes: usize,
    tick: u64,
}

impl Cache {
    pub fn new(db: &Path) -> Cache {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        Cache {
            files: [db.to_path_buf(), PathBuf::from(wal)],
            inner: Mutex::new(Inner::default()),
        }
    }

    /// The store's stamp now.
    pub fn stamp(&self) -> Stamp {
        self.files.clone().map(|f| {
            std::fs::metadata(f)
                .ok()
                .map(|m| (m.len(), m.modified().unwrap_or(SystemTime::UNIX_EPOCH)))
        })
    }

    /// The answer kept for `key`, if the store still has `stamp` (else everything kept goes).
    pub fn get(&self, key: &str, stamp: &Stamp) -> Option<String> {
        let mut inner = self.inner.lock().ok()?;
        if inner.stamp.as_ref() != Some(stamp) {
            *inner = Inner {
                stamp: Some(*stamp),
                ..Default::default()
            };
            return None;
        }
        inner.tick += 1;
        let tick = inner.tick;
        let (answer, used) = inner.answers.get_mut(key)?;
        *used = tick;
        Some(answer.clone())
    }

    /// Keeps `answer` for `key` if the store's stamp is still the one read before the query.
    pub fn put(&self, key: String, stamp: &Stamp, answer: &str) {
        if answer.len() > MAX_ANSWER {
            return;
        }
        let Ok(mut inner) = self.inner.lock() else {
            return;
        };
        if inner.stamp.as_ref() != Some(stamp) {
            return;
        }
        while inner.bytes + answer.len() > MAX_BYTES {
            let Some(oldest) = inner
                .answers
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some((a, _)) = inner.answers.remove(&oldest) {
                inner.bytes -= a.len();
            }
        }
        inner.tick += 1;
        let tick = inner.tick;
        inner.bytes += answer.len();
        if let Some((old, _)) = inner.answers.insert(key, (answer.to_string(), tick)) {
            inner.bytes -= old.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cache over a one-byte store file in a temporary directory (kept alive by the caller).
    fn fresh() -> (tempfile::TempDir, Cache) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("k.db");
        std::fs::write(&db, b"x").unwrap();
        let c = Cache::new(&db);
        (dir, c)
    }

    /// An answer is served while the files are unchanged, and dropped when a commit changes
    /// them (here: the WAL appears, then grows).
    #[test]
    fn answers_live_as_long_as_the_store_is_unchanged() {
        let (dir, c) = fresh();
        let s1 = c.stamp();
        assert_eq!(c.get("q", &s1), None);
        c.put("q".into(), &s1, "answer");
        assert_eq!(c.get("q", &c.stamp()).as_deref(), Some("answer"));
        std::fs::write(dir.path().join("k.db-wal"), b"frame").unwrap();
        let s2 = c.stamp();
        assert_ne!(s1, s2);
        assert_eq!(c.get("q", &s2), None);
        // an answer computed under the old stamp is not kept under the new one
        c.put("q".into(), &s1, "stale");
        assert_eq!(c.get("q", &s2), None);
        c.put("q".into(), &s2, "fresh");
        assert_eq!(c.get("q", &s2).as_deref(), Some("fresh"));
        std::fs::write(dir.path().join("k.db-wal"), b"frame, frame").unwrap();
        assert_eq!(c.get("q", &c.stamp()), None);
    }

    #[test]
    fn bounded_by_bytes_least_recently_used_first() {
        let (_dir, c) = fresh();
        let s = c.stamp();
        assert_eq!(c.get("-", &s), None);
        let big = "a".repeat(MAX_ANSWER);
        let n = MAX_BYTES / MAX_ANSWER;
        for i in 0..n {
            c.put(format!("k{i}"), &s, &big);
        }
        // k0 used again: k1 is the least recently used when one more comes
        assert!(c.get("k0", &s).is_some());
        c.put("new".into(), &s, &big);
        assert!(c.get("k0", &s).is_some());
        assert!(c.get("k1", &s).is_none());
        assert!(c.get("new", &s).is_some());
        // too large to keep
        c.put("huge".into(), &s, &"b".repeat(MAX_ANSWER + 1));
        assert!(c.get("huge", &s).is_none());
    }
}
