//! Arrow record batches and Parquet files of khabar's output.
//!
//! Two tables, each with a versioned schema (the Arrow schema metadata key `khabar.schema`):
//! - [`events`]: one row per coded event (`events/1`), what `khabar events --format parquet` writes;
//! - [`articles`]: one row per article with its entities as a list of structs (`articles/1`),
//!   what `khabar analyze --format parquet` writes.
//!
//! Rows are appended one at a time into builders and written as row groups of at most
//! [`ROW_GROUP_ROWS`] rows while the stream goes ([`ParquetWriter`]), so memory stays bounded by
//! one row group per open file. With a partition column the writer keeps one file per value
//! (`DIR/month=2015-07/part-0.parquet`, Hive style, as Spark, DuckDB and pyarrow read it).
//!
//! The crate knows nothing of Arabic or of the pipeline: callers fill [`events::EventRecord`]
//! and [`articles::ArticleRecord`] from their own structs.

pub mod articles;
mod dates;
pub mod events;
mod writer;

pub use dates::{parse_date, DatePrecision};
pub use writer::{
    file_schema, read_file, ParquetWriter, WriteSummary, HIVE_NULL_PARTITION, ROW_GROUP_ROWS,
};

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;

/// The schema metadata key naming a table and its version, e.g. `events/1`.
pub const SCHEMA_KEY: &str = "khabar.schema";

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("arrow: {0}")]
    Arrow(#[from] arrow_schema::ArrowError),
    #[error("parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("bad partition value {0:?} (no '/', '\\\\' or '..', not empty)")]
    Partition(String),
}

pub type Result<T> = std::result::Result<T, Error>;

/// A table's row builder: rows in, record batches out.
pub trait TableBuilder: Default {
    type Row<'a>;
    /// The table's Arrow schema (with its `khabar.schema` version).
    fn schema() -> SchemaRef;
    fn append(&mut self, row: &Self::Row<'_>);
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The rows appended so far as one batch; the builder is empty afterwards.
    fn finish(&mut self) -> Result<RecordBatch>;
}

/// Converts an offset or count to the i32 of the schema, saturating (no article has 2^31 chars).
pub(crate) fn i32_of(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}
