//! What an analyzer runs with: a lexicon and model weights, the built-in ones unless a user's
//! directories give others (`--lexicon DIR`, `--models DIR`). Loaded once per run and handed to
//! every [`crate::pipeline::Analyzer`]; nothing here is global.

use khabar_lexicon::{Lexicon, LexiconError};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The weight files of `data/models/` that `--models DIR` may replace, by name.
pub const MODEL_FILES: &[&str] = &["ner.txt", "events.txt", "coder.txt", "pairs.txt", "idf.txt"];

#[derive(Debug, thiserror::Error)]
pub enum ResourceError {
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}:{line}: {message}")]
    Model {
        file: String,
        line: usize,
        message: String,
    },
}

#[derive(Clone)]
pub struct Resources {
    pub lexicon: Arc<Lexicon>,
    pub ner: Arc<str>,
    pub events: Arc<str>,
    pub coder: Arc<str>,
    /// a user's pair model and term frequencies (`khabar similar`); None: the shipped ones
    pub pairs: Option<Arc<str>>,
    pub idf: Option<Arc<str>>,
}

impl Default for Resources {
    fn default() -> Self {
        Resources {
            lexicon: khabar_lexicon::builtin(),
            ner: Arc::from(khabar_extract::SHIPPED_NER),
            events: Arc::from(khabar_extract::SHIPPED_EVENTS),
            coder: Arc::from(khabar_extract::shipped_coder()),
            pairs: None,
            idf: None,
        }
    }
}

impl Resources {
    /// The built-in lexicon and weights, with the tables of `lexicon` (added, or replacing with
    /// `# mode: replace`) and the weight files of `models` (each replaces the shipped file of its
    /// name). Every error names the file and, for a malformed line, its number.
    pub fn load(lexicon: Option<&Path>, models: Option<&Path>) -> Result<Resources, ResourceError> {
        let mut r = Resources::default();
        if let Some(dir) = lexicon {
            r.lexicon = Arc::new(Lexicon::load_dir(dir)?);
        }
        if let Some(dir) = models {
            let io = |path: &Path, source| ResourceError::Io {
                path: path.to_path_buf(),
                source,
            };
            let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
                .map_err(|e| io(dir, e))?
                .map(|e| e.map(|e| e.path()))
                .collect::<Result<_, _>>()
                .map_err(|e| io(dir, e))?;
            paths.sort();
            for path in paths {
                let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                    continue;
                };
                if !name.ends_with(".txt") || !path.is_file() {
                    continue;
                }
                if !MODEL_FILES.contains(&name) {
                    return Err(ResourceError::Model {
                        file: path.display().to_string(),
                        line: 1,
                        message: format!("not a model file (known: {})", MODEL_FILES.join(", ")),
                    });
                }
                let text = std::fs::read_to_string(&path).map_err(|e| io(&path, e))?;
                check_model(&path, &text)?;
                let text: Arc<str> = Arc::from(text);
                match name {
                    "ner.txt" => r.ner = text,
                    "events.txt" => r.events = text,
                    "coder.txt" => r.coder = text,
                    "pairs.txt" => r.pairs = Some(text),
                    _ => r.idf = Some(text),
                }
            }
        }
        Ok(r)
    }
}

/// Weight files are `#` comments, `[section]` lines and `key<TAB>value…` lines: anything else
/// is a damaged file, which the lenient readers of the models would skip without a word.
fn check_model(path: &Path, text: &str) -> Result<(), ResourceError> {
    for (i, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with('#') || line.starts_with('[') {
            continue;
        }
        if !line.contains('\t') {
            return Err(ResourceError::Model {
                file: path.display().to_string(),
                line: i + 1,
                message: "not a `key<TAB>value` line".into(),
            });
        }
    }
    Ok(())
}
