//! Reading with a ceiling: a line or a record is never buffered past its
//! limit, so a hostile input (a gigabyte without a newline, a huge
//! Content-Length) costs time, not memory.

use std::io::{self, BufRead};

/// A [`BufRead`] that knows how many bytes it has handed out, so that every
/// diagnostic can say where in the (decompressed) stream it happened.
pub(crate) struct Tracked<'a> {
    inner: Box<dyn BufRead + Send + 'a>,
    pos: u64,
}

/// What [`Tracked::read_line`] found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Line {
    /// end of input, nothing read
    Eof,
    /// a whole line (with its `\n`, if any) is in the buffer
    Whole,
    /// the line ran past the cap: the buffer holds its first `cap` bytes, the
    /// rest was read and thrown away; `len` is the line's full length
    TooLong { len: u64 },
}

impl<'a> Tracked<'a> {
    pub(crate) fn new(inner: Box<dyn BufRead + Send + 'a>) -> Self {
        Tracked { inner, pos: 0 }
    }

    /// Bytes consumed so far.
    pub(crate) fn pos(&self) -> u64 {
        self.pos
    }

    pub(crate) fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }

    /// Reads one line into `buf` (cleared first), keeping at most `cap`
    /// bytes of it; a longer line is consumed to its end without being kept.
    pub(crate) fn read_line(&mut self, buf: &mut Vec<u8>, cap: usize) -> io::Result<Line> {
        buf.clear();
        let mut len: u64 = 0;
        loop {
            let chunk = match self.inner.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                break;
            }
            let (take, done) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (i + 1, true),
                None => (chunk.len(), false),
            };
            let room = cap.saturating_sub(buf.len());
            buf.extend_from_slice(&chunk[..take.min(room)]);
            self.inner.consume(take);
            self.pos += take as u64;
            len += take as u64;
            if done {
                break;
            }
        }
        Ok(if len == 0 {
            Line::Eof
        } else if len > cap as u64 {
            Line::TooLong { len }
        } else {
            Line::Whole
        })
    }

    /// Reads exactly `n` bytes into `buf` (cleared first); fewer only at the
    /// end of input. The caller bounds `n`.
    pub(crate) fn read_exact_or_eof(&mut self, buf: &mut Vec<u8>, n: u64) -> io::Result<()> {
        buf.clear();
        let mut left = n;
        while left > 0 {
            let chunk = match self.inner.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                break;
            }
            let take = chunk.len().min(usize::try_from(left).unwrap_or(usize::MAX));
            buf.extend_from_slice(&chunk[..take]);
            self.inner.consume(take);
            self.pos += take as u64;
            left -= take as u64;
        }
        Ok(())
    }

    /// Consumes up to `n` bytes without keeping them; returns how many there were.
    pub(crate) fn skip(&mut self, n: u64) -> io::Result<u64> {
        let mut left = n;
        while left > 0 {
            let chunk = match self.inner.fill_buf() {
                Ok(c) => c,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if chunk.is_empty() {
                break;
            }
            let take = chunk.len().min(usize::try_from(left).unwrap_or(usize::MAX));
            self.inner.consume(take);
            self.pos += take as u64;
            left -= take as u64;
        }
        Ok(n - left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Input served in small pieces, to cross buffer boundaries.
    fn tracked(data: &[u8]) -> Tracked<'static> {
        Tracked::new(Box::new(io::BufReader::with_capacity(
            3,
            io::Cursor::new(data.to_vec()),
        )))
    }

    #[test]
    fn lines_are_capped_and_positions_kept() {
        let mut t = tracked(b"ab\nabcdefghij\nxy");
        let mut buf = Vec::new();
        assert_eq!(t.read_line(&mut buf, 5).unwrap(), Line::Whole);
        assert_eq!(buf, b"ab\n");
        assert_eq!(t.read_line(&mut buf, 5).unwrap(), Line::TooLong { len: 11 });
        assert_eq!(buf, b"abcde");
        assert_eq!(t.pos(), 14);
        assert_eq!(t.read_line(&mut buf, 5).unwrap(), Line::Whole);
        assert_eq!(buf, b"xy");
        assert_eq!(t.read_line(&mut buf, 5).unwrap(), Line::Eof);
    }

    #[test]
    fn exact_and_skip_stop_at_the_end() {
        let mut t = tracked(b"0123456789");
        let mut buf = Vec::new();
        t.read_exact_or_eof(&mut buf, 4).unwrap();
        assert_eq!(buf, b"0123");
        assert_eq!(t.skip(3).unwrap(), 3);
        assert_eq!(t.skip(100).unwrap(), 3);
        assert_eq!(t.pos(), 10);
    }
}
