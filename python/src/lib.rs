//! `khabar._khabar`: the Rust side of the Python package. Each call releases the GIL while the
//! pipeline runs; one analyzer (lexicons, gazetteer, models) is built per process on first use.

use arrow::array::{Array, ArrayRef, RecordBatch, StringArray};
use arrow::compute::cast;
use arrow::datatypes::DataType;
use arrow::pyarrow::PyArrowType;
use khabar::pipeline::{Analysis, Analyzer, Depth};
use khabar_columnar::events::EventBuilder;
use khabar_columnar::TableBuilder;
use khabar_ingest::{normalize_date, Article};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use rayon::prelude::*;
use std::sync::OnceLock;

fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(Analyzer::default)
}

/// A published date as the pipeline wants it (YYYY-MM-DD), or a ValueError naming the input.
fn published_of(p: Option<&str>) -> PyResult<Option<String>> {
    match p {
        None => Ok(None),
        Some(s) if s.trim().is_empty() => Ok(None),
        Some(s) => normalize_date(s).map(Some).ok_or_else(|| {
            PyValueError::new_err(format!("published must be a date (YYYY-MM-DD), got {s:?}"))
        }),
    }
}

fn article(
    doc_id: String,
    text: String,
    published: Option<String>,
    source: Option<String>,
) -> Article {
    Article {
        origin: doc_id.clone(),
        doc_id,
        text,
        published,
        source,
        ..Default::default()
    }
}

fn run(a: Article) -> Analysis {
    analyzer().analyze(a, Depth::Entities)
}

fn json_loads<'py>(py: Python<'py>, s: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (s,))
}

/// analyze(text, published=None, source=None, doc_id="text") -> dict
///
/// The `khabar analyze` object of one article: cleaned text, sentences, tokens, entities,
/// dates and events, with character offsets into the cleaned `text`.
#[pyfunction]
#[pyo3(signature = (text, published=None, source=None, doc_id=None))]
fn analyze<'py>(
    py: Python<'py>,
    text: String,
    published: Option<&str>,
    source: Option<String>,
    doc_id: Option<String>,
) -> PyResult<Bound<'py, PyAny>> {
    let published = published_of(published)?;
    let a = article(
        doc_id.unwrap_or_else(|| "text".into()),
        text,
        published,
        source,
    );
    let json = py.detach(move || run(a).to_json());
    json_loads(py, &json)
}

/// events(texts, published=None, source=None, doc_ids=None) -> list[dict]
///
/// The events of many articles, analyzed in parallel: one dict per event, as
/// `khabar events --format jsonl` prints them (with `doc_id`). `published` is one date for all
/// texts or one per text (None where unknown); `doc_ids` default to the texts' positions.
#[pyfunction]
#[pyo3(signature = (texts, published=None, source=None, doc_ids=None))]
fn events<'py>(
    py: Python<'py>,
    texts: Vec<String>,
    published: Option<Bound<'py, PyAny>>,
    source: Option<String>,
    doc_ids: Option<Vec<String>>,
) -> PyResult<Bound<'py, PyAny>> {
    let n = texts.len();
    let dates: Vec<Option<String>> = match published {
        None => vec![None; n],
        Some(p) if p.is_instance_of::<pyo3::types::PyString>() => {
            vec![published_of(Some(&p.extract::<String>()?))?; n]
        }
        Some(p) => {
            let v: Vec<Option<String>> = p.extract()?;
            if v.len() != n {
                return Err(PyValueError::new_err(format!(
                    "published has {} dates for {n} texts",
                    v.len()
                )));
            }
            v.iter()
                .map(|d| published_of(d.as_deref()))
                .collect::<PyResult<_>>()?
        }
    };
    let ids = match doc_ids {
        Some(ids) if ids.len() != n => {
            return Err(PyValueError::new_err(format!(
                "doc_ids has {} ids for {n} texts",
                ids.len()
            )))
        }
        Some(ids) => ids,
        None => (0..n).map(|i| i.to_string()).collect(),
    };
    let arts: Vec<Article> = texts
        .into_iter()
        .zip(dates)
        .zip(ids)
        .map(|((t, d), id)| article(id, t, d, source.clone()))
        .collect();
    // one JSON array for the whole call: a single json.loads instead of one per event
    let json = py.detach(move || {
        let lines: Vec<String> = arts
            .into_par_iter()
            .map(|a| {
                let a = run(a);
                khabar::export::rows(&a)
                    .iter()
                    .map(|e| khabar::export::jsonl(&a, e))
                    .collect::<Vec<_>>()
            })
            .flatten()
            .collect();
        format!("[{}]", lines.join(","))
    });
    json_loads(py, &json)
}

/// A string column of the input batch (string, large string, date or timestamp types are cast).
fn column(batch: &RecordBatch, name: &str, required: bool) -> PyResult<Option<StringArray>> {
    let Some(c) = batch.column_by_name(name) else {
        if required {
            return Err(PyValueError::new_err(format!(
                "the batch needs a {name:?} column (doc_id, text and published are read)"
            )));
        }
        return Ok(None);
    };
    let c: ArrayRef = cast(c, &DataType::Utf8)
        .map_err(|e| PyValueError::new_err(format!("column {name:?}: {e}")))?;
    Ok(c.as_any().downcast_ref::<StringArray>().cloned())
}

/// events_arrow(batch, parallel=False) -> pyarrow.RecordBatch
///
/// Codes a batch of articles: columns `doc_id`, `text` and `published` (optional `source`) in,
/// one row per event out in the `events/1` schema. The GIL is released while Rust works. Articles
/// are analyzed one after another unless `parallel` (Spark already runs a task per core).
#[pyfunction]
#[pyo3(signature = (batch, parallel=false))]
fn events_arrow(
    py: Python<'_>,
    batch: PyArrowType<RecordBatch>,
    parallel: bool,
) -> PyResult<PyArrowType<RecordBatch>> {
    let batch = batch.0;
    let ids = column(&batch, "doc_id", true)?;
    let texts = column(&batch, "text", true)?;
    let published = column(&batch, "published", false)?;
    let sources = column(&batch, "source", false)?;
    let (Some(ids), Some(texts)) = (ids, texts) else {
        return Err(PyValueError::new_err("doc_id and text must be strings"));
    };
    let get = |a: &Option<StringArray>, i: usize| {
        a.as_ref()
            .filter(|a| a.is_valid(i))
            .map(|a| a.value(i).to_string())
    };
    let mut arts = Vec::with_capacity(batch.num_rows());
    for i in 0..batch.num_rows() {
        if !ids.is_valid(i) {
            return Err(PyValueError::new_err(format!("row {i}: doc_id is null")));
        }
        // an unreadable date is unknown, as the CLI's readers treat it
        let date = get(&published, i).and_then(|d| normalize_date(&d));
        let text = if texts.is_valid(i) {
            texts.value(i)
        } else {
            ""
        };
        arts.push(article(
            ids.value(i).to_string(),
            text.to_string(),
            date,
            get(&sources, i),
        ));
    }
    let out = py.detach(move || {
        let analyses: Vec<Analysis> = if parallel {
            arts.into_par_iter().map(run).collect()
        } else {
            arts.into_iter().map(run).collect()
        };
        let mut b = EventBuilder::default();
        for a in &analyses {
            for e in &khabar::columnar::events_of(a) {
                b.append(&khabar::columnar::event_record(a, e));
            }
        }
        b.finish()
    });
    out.map(PyArrowType)
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// events_schema() -> pyarrow.Schema: the `events/1` schema events_arrow returns.
#[pyfunction]
fn events_schema() -> PyArrowType<arrow::datatypes::Schema> {
    PyArrowType(khabar_columnar::events::schema().as_ref().clone())
}

#[pymodule]
fn _khabar(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(analyze, m)?)?;
    m.add_function(wrap_pyfunction!(events, m)?)?;
    m.add_function(wrap_pyfunction!(events_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(events_schema, m)?)?;
    m.add("EVENTS_SCHEMA", khabar_columnar::events::VERSION)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
