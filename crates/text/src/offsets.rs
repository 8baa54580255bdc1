//! Offset maps from cleaned text back to the raw text.
//!
//! Cleaning is a list of edits (delete a range, replace a range with a short
//! string). Applying the edits yields the cleaned text and one *layer* of
//! pieces; several layers chain (entity decoding, then whitespace tidying).
//! Every cleaned byte offset maps to a raw byte offset, monotonically.

use std::ops::Range;

/// One contiguous piece of the cleaned text and the raw range it came from.
/// `copy` pieces are byte-identical to their raw range; others are replacements
/// (possibly empty: a deletion).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    pub clean_start: usize,
    pub clean_len: usize,
    pub raw_start: usize,
    pub raw_len: usize,
    pub copy: bool,
}

/// One edit on a source string: replace `range` with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

/// A single layer: pieces over one source string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layer {
    pieces: Vec<Piece>,
    clean_len: usize,
    raw_len: usize,
}

impl Layer {
    /// Applies sorted, non-overlapping `edits` to `src`. Edits that overlap an
    /// earlier one or fall outside `src` / off char boundaries are ignored, so
    /// this never panics.
    pub fn apply(src: &str, edits: &[Edit]) -> (String, Layer) {
        let mut out = String::with_capacity(src.len());
        let mut pieces = Vec::with_capacity(edits.len() * 2 + 1);
        let mut pos = 0usize;
        for e in edits {
            let Range { start, end } = e.range.clone();
            if start < pos
                || end < start
                || end > src.len()
                || !src.is_char_boundary(start)
                || !src.is_char_boundary(end)
            {
                continue;
            }
            if start > pos {
                pieces.push(Piece {
                    clean_start: out.len(),
                    clean_len: start - pos,
                    raw_start: pos,
                    raw_len: start - pos,
                    copy: true,
                });
                out.push_str(&src[pos..start]);
            }
            pieces.push(Piece {
                clean_start: out.len(),
                clean_len: e.replacement.len(),
                raw_start: start,
                raw_len: end - start,
                copy: false,
            });
            out.push_str(&e.replacement);
            pos = end;
        }
        if pos < src.len() {
            pieces.push(Piece {
                clean_start: out.len(),
                clean_len: src.len() - pos,
                raw_start: pos,
                raw_len: src.len() - pos,
                copy: true,
            });
            out.push_str(&src[pos..]);
        }
        let layer = Layer {
            clean_len: out.len(),
            raw_len: src.len(),
            pieces,
        };
        (out, layer)
    }

    /// Maps a clean byte offset to a source byte offset. Offsets inside a
    /// replacement map to its start (`end == false`) or its end (`end == true`),
    /// so a span `[a, b)` maps to a raw span that covers it.
    pub fn to_src(&self, off: usize, end: bool) -> usize {
        if end {
            // an end offset belongs to the char before it
            if off == 0 {
                return 0;
            }
            let o = off.min(self.clean_len);
            if o == 0 {
                return 0;
            }
            let idx = self
                .pieces
                .partition_point(|p| p.clean_start + p.clean_len < o);
            return match self.pieces.get(idx) {
                Some(p) if p.copy => p.raw_start + (o - p.clean_start),
                Some(p) => p.raw_start + p.raw_len,
                None => self.raw_len,
            };
        }
        if off >= self.clean_len {
            return self.raw_len;
        }
        let idx = self
            .pieces
            .partition_point(|p| p.clean_start + p.clean_len <= off);
        match self.pieces.get(idx) {
            Some(p) if p.copy => p.raw_start + (off - p.clean_start),
            Some(p) => p.raw_start,
            None => self.raw_len,
        }
    }

    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }
}

/// A chain of layers: `layers[0]` maps stage-1 text to raw, `layers[1]` maps
/// stage-2 text to stage-1 text, and so on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    layers: Vec<Layer>,
}

impl OffsetMap {
    pub fn identity() -> Self {
        OffsetMap { layers: Vec::new() }
    }

    pub fn push(&mut self, layer: Layer) {
        self.layers.push(layer);
    }

    /// Clean byte offset → raw byte offset.
    pub fn to_raw(&self, off: usize, end: bool) -> usize {
        self.layers
            .iter()
            .rev()
            .fold(off, |o, layer| layer.to_src(o, end))
    }

    /// Clean byte span → raw byte span covering it.
    pub fn span_to_raw(&self, span: Range<usize>) -> Range<usize> {
        let s = self.to_raw(span.start, false);
        let e = self.to_raw(span.end, true).max(s);
        s..e
    }

    pub fn layers(&self) -> &[Layer] {
        &self.layers
    }
}

/// Converts byte offsets to Unicode scalar (char) offsets for one string.
/// Built once per document, O(log n) per lookup.
#[derive(Debug, Clone)]
pub struct CharIndex {
    /// byte offset of every char start, plus the total length
    starts: Vec<u32>,
    ascii: bool,
}

impl CharIndex {
    pub fn new(s: &str) -> Self {
        if s.is_ascii() {
            return CharIndex {
                starts: vec![s.len() as u32],
                ascii: true,
            };
        }
        let mut starts: Vec<u32> = s.char_indices().map(|(i, _)| i as u32).collect();
        starts.push(s.len() as u32);
        CharIndex {
            starts,
            ascii: false,
        }
    }

    /// Char offset of byte offset `b` (rounded down to a char start).
    pub fn char_of(&self, b: usize) -> usize {
        if self.ascii {
            return b.min(self.starts[0] as usize);
        }
        let b = b as u32;
        match self.starts.binary_search(&b) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Byte offset of char offset `c` (clamped to the end).
    pub fn byte_of(&self, c: usize) -> usize {
        if self.ascii {
            return c.min(self.starts[0] as usize);
        }
        self.starts[c.min(self.starts.len() - 1)] as usize
    }

    pub fn char_len(&self) -> usize {
        if self.ascii {
            self.starts[0] as usize
        } else {
            self.starts.len() - 1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(r: Range<usize>, s: &str) -> Edit {
        Edit {
            range: r,
            replacement: s.to_string(),
        }
    }

    #[test]
    fn apply_and_map_back() {
        let src = "ab&quot;cd  ef";
        let (out, layer) = Layer::apply(src, &[edit(2..8, "\""), edit(10..11, "")]);
        assert_eq!(out, "ab\"cd ef");
        let mut m = OffsetMap::identity();
        m.push(layer);
        assert_eq!(m.to_raw(0, false), 0);
        assert_eq!(m.to_raw(2, false), 2); // the quote maps to the entity start
        assert_eq!(m.to_raw(3, false), 8); // 'c'
        assert_eq!(m.span_to_raw(3..5), 8..10);
        assert_eq!(m.span_to_raw(6..8), 12..14);
        assert_eq!(m.to_raw(out.len(), true), src.len());
    }

    #[test]
    #[allow(clippy::reversed_empty_ranges)]
    fn bad_edits_are_ignored() {
        let src = "عربي";
        // 1 is not a char boundary; 3..2 is reversed; 0..99 is out of range
        let (out, _) = Layer::apply(
            src,
            &[
                edit(1..2, ""),
                edit(std::ops::Range { start: 3, end: 2 }, ""),
                edit(0..99, ""),
            ],
        );
        assert_eq!(out, src);
    }

    #[test]
    fn char_index() {
        let s = "aب c";
        let ci = CharIndex::new(s);
        assert_eq!(ci.char_of(0), 0);
        assert_eq!(ci.char_of(1), 1);
        assert_eq!(ci.char_of(3), 2);
        assert_eq!(ci.byte_of(3), 4);
        assert_eq!(ci.char_len(), 4);
    }
}
