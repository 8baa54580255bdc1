//! Stored texts: zstd, with a dictionary trained on the store's first large batch.
//!
//! A news article is a few KB; compressed alone it cannot refer back to the phrases every
//! article shares (datelines, agency names, «وأضاف», the names of the week), and zstd reached
//! 37 % of the text. A dictionary trained on the store's own articles supplies them: 27 % on
//! SaudiNewsNet (issue 18). The dictionary lives in the store (`text_dicts`), so a store reads
//! back with any build; each compressed text names its dictionary in its zstd frame header,
//! texts written before the dictionary (or in a store too small to train one) have none.

use crate::{Result, StoreError};
use std::cell::RefCell;
use std::collections::HashMap;
use std::io::Read;
use std::sync::{Arc, Mutex, OnceLock};
use zstd::dict::DecoderDictionary;

/// zstd level of stored texts: Arabic news compresses ~3× at little cost.
const LEVEL: i32 = 6;
/// The dictionary's size: 256 KB gave 27 % against 29 % for 110 KB, once per store.
const DICT_BYTES: usize = 256 * 1024;
/// A batch trains the dictionary only when it holds at least this many texts: fewer give a
/// dictionary that fits them and not the articles to come.
pub(crate) const MIN_SAMPLES: usize = 256;
/// At most this many texts (the batch's first) are trained on: about a second of CPU.
const MAX_SAMPLES: usize = 2000;

/// Decoder dictionaries of every store opened in this process, by zstd dictionary id: a text
/// is decoded by the id its frame names, so the row readers need no handle on their store.
fn decoders() -> &'static Mutex<HashMap<u32, Arc<DecoderDictionary<'static>>>> {
    static D: OnceLock<Mutex<HashMap<u32, Arc<DecoderDictionary<'static>>>>> = OnceLock::new();
    D.get_or_init(|| Mutex::new(HashMap::new()))
}

/// The writing side of a store's dictionary: one compression context with the dictionary
/// loaded, reused for every text (a context per text was a tenth of the writer's time).
pub(crate) struct TextDict {
    pub id: u32,
    comp: zstd::bulk::Compressor<'static>,
}

impl std::fmt::Debug for TextDict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TextDict({})", self.id)
    }
}

/// Makes a dictionary known for reading and returns its writing side; `None` for bytes that
/// are not a zstd dictionary.
pub(crate) fn load(bytes: &[u8]) -> Option<TextDict> {
    let id = zstd::zstd_safe::get_dict_id_from_dict(bytes)?.get();
    if let Ok(mut m) = decoders().lock() {
        m.entry(id)
            .or_insert_with(|| Arc::new(DecoderDictionary::copy(bytes)));
    }
    let comp = zstd::bulk::Compressor::with_dictionary(LEVEL, bytes).ok()?;
    Some(TextDict { id, comp })
}

/// A dictionary trained on `texts`, or `None` when zstd cannot train one from them.
pub(crate) fn train(texts: &[&str]) -> Option<Vec<u8>> {
    let samples: Vec<&[u8]> = texts
        .iter()
        .take(MAX_SAMPLES)
        .map(|t| t.as_bytes())
        .filter(|t| !t.is_empty())
        .collect();
    let total: usize = samples.iter().map(|s| s.len()).sum();
    // zstd wants the samples to be many times the dictionary
    let size = DICT_BYTES.min(total / 10);
    if samples.len() < MIN_SAMPLES || size < 4096 {
        return None;
    }
    zstd::dict::from_samples(&samples, size).ok()
}

pub(crate) fn compress(text: &str, dict: Option<&mut TextDict>) -> Result<Vec<u8>> {
    let err = |e: std::io::Error| StoreError::Damaged(format!("compressing a text: {e}"));
    match dict {
        Some(d) => d.comp.compress(text.as_bytes()).map_err(err),
        None => zstd::bulk::compress(text.as_bytes(), LEVEL).map_err(err),
    }
}

/// Above this a text is decoded by the streaming decoder, which grows its buffer as the data
/// comes, instead of trusting a frame header's size for one allocation.
const ONE_SHOT_MAX: u64 = 64 << 20;

thread_local! {
    /// One decompression context per thread: creating one per text (with its ~100 KB of tables)
    /// made reading an event's evidence back from its text a quarter slower than storing it.
    static DCTX: RefCell<Option<zstd::zstd_safe::DCtx<'static>>> = const { RefCell::new(None) };
}

/// A stored text; damage (not zstd, an unknown dictionary, not UTF-8) is reported, never a panic.
pub(crate) fn decompress(blob: &[u8]) -> Result<String> {
    let err = |e: String| StoreError::Damaged(format!("a stored text: {e}"));
    let dict = match zstd::zstd_safe::get_dict_id_from_frame(blob) {
        Some(id) => Some(
            decoders()
                .lock()
                .ok()
                .and_then(|m| m.get(&id.get()).cloned())
                .ok_or_else(|| {
                    err(format!(
                        "compressed with dictionary {id}, not in this store"
                    ))
                })?,
        ),
        None => None,
    };
    let bytes = match zstd::zstd_safe::get_frame_content_size(blob) {
        Ok(Some(n)) if n <= ONE_SHOT_MAX => {
            let mut out: Vec<u8> = Vec::with_capacity(n as usize);
            DCTX.with(|c| {
                let mut c = c.borrow_mut();
                let d = c.get_or_insert_with(zstd::zstd_safe::DCtx::create);
                match &dict {
                    Some(dd) => d.decompress_using_ddict(&mut out, blob, dd.as_ddict()),
                    None => d.decompress(&mut out, blob),
                }
            })
            .map_err(|code| err(zstd::zstd_safe::get_error_name(code).to_string()))?;
            out
        }
        _ => {
            let mut out = Vec::with_capacity(blob.len() * 4);
            match &dict {
                Some(dd) => zstd::stream::Decoder::with_prepared_dictionary(blob, dd)
                    .and_then(|mut d| d.read_to_end(&mut out)),
                None => zstd::stream::Decoder::new(blob).and_then(|mut d| d.read_to_end(&mut out)),
            }
            .map_err(|e| err(e.to_string()))?;
            out
        }
    };
    String::from_utf8(bytes).map_err(|e| err(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(n: usize) -> Vec<String> {
        (0..n)
            .map(|i| {
                format!(
                    "الرياض - واس: استقبل خادم الحرمين الشريفين الملك سلمان بن عبدالعزيز في قصر اليمامة اليوم {i} \
                     وزير الخارجية {} وبحث معه العلاقات الثنائية وسبل تعزيزها والمستجدات الإقليمية. {}",
                    i * 7919 % 1000,
                    "وأضاف المصدر أن الجانبين اتفقا على مواصلة التنسيق. ".repeat(i % 5 + 1)
                )
            })
            .collect()
    }

    #[test]
    fn a_dictionary_shrinks_short_texts_and_reads_back() {
        let t = texts(600);
        let refs: Vec<&str> = t.iter().map(String::as_str).collect();
        let bytes = train(&refs).expect("600 texts train a dictionary");
        let mut d = load(&bytes).unwrap();
        let (mut plain, mut with) = (0, 0);
        for s in &t[..50] {
            let a = compress(s, None).unwrap();
            let b = compress(s, Some(&mut d)).unwrap();
            assert_eq!(decompress(&a).unwrap(), *s);
            assert_eq!(decompress(&b).unwrap(), *s);
            plain += a.len();
            with += b.len();
        }
        assert!(with < plain, "{with} vs {plain}");
    }

    #[test]
    fn too_few_texts_train_nothing_and_damage_is_an_error() {
        let t = texts(20);
        let refs: Vec<&str> = t.iter().map(String::as_str).collect();
        assert!(train(&refs).is_none());
        assert!(decompress(b"not zstd").is_err());
        // a truncated frame
        let mut frame = compress("نص", None).unwrap();
        frame.truncate(3);
        assert!(decompress(&frame).is_err());
    }

    #[test]
    fn a_frame_naming_a_dictionary_no_store_loaded_is_damage() {
        let t = texts(600);
        let refs: Vec<&str> = t.iter().map(String::as_str).collect();
        let mut bytes = train(&refs).unwrap();
        // another dictionary id (bytes 4..8), never given to `load`
        bytes[4..8].copy_from_slice(&0x5eed_1234u32.to_le_bytes());
        let frame = zstd::bulk::Compressor::with_dictionary(LEVEL, &bytes)
            .and_then(|mut c| c.compress(t[0].as_bytes()))
            .unwrap();
        let e = decompress(&frame).unwrap_err().to_string();
        assert!(e.contains("not in this store"), "{e}");
    }
}
