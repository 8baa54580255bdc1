//! Parquet files written as the stream goes: rows are buffered in a builder and written as a
//! row group every [`ROW_GROUP_ROWS`] rows, so memory is one row group per open file.

use crate::{Error, Result, TableBuilder};
use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

/// Rows per row group: large enough for good compression and fast scans, small enough that a
/// partitioned write with a few dozen months open stays in a few hundred MB.
pub const ROW_GROUP_ROWS: usize = 32 * 1024;

/// The partition directory of rows without a value, as Hive, Spark and DuckDB name it.
pub const HIVE_NULL_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

struct Part<B> {
    builder: B,
    writer: ArrowWriter<File>,
    path: PathBuf,
}

enum Target {
    File,
    Partitioned { dir: PathBuf, column: String },
}

/// What a finished write produced.
#[derive(Debug, Clone, Default)]
pub struct WriteSummary {
    pub rows: u64,
    pub row_groups: usize,
    /// every file written, in partition order
    pub files: Vec<PathBuf>,
}

/// Writes one table (`B`) to one Parquet file or to Hive-style partitions of a directory.
pub struct ParquetWriter<B: TableBuilder> {
    target: Target,
    parts: BTreeMap<String, Part<B>>,
    rows: u64,
    row_group_rows: usize,
}

fn props() -> Result<WriterProperties> {
    Ok(WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::try_new(3)?))
        .set_max_row_group_row_count(Some(ROW_GROUP_ROWS))
        .set_created_by(format!("khabar-columnar {}", env!("CARGO_PKG_VERSION")))
        .build())
}

fn open<B: TableBuilder>(path: PathBuf) -> Result<Part<B>> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::Io {
            path: dir.display().to_string(),
            source: e,
        })?;
    }
    let file = File::create(&path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    let writer = ArrowWriter::try_new(file, B::schema(), Some(props()?))?;
    Ok(Part {
        builder: B::default(),
        writer,
        path,
    })
}

impl<B: TableBuilder> ParquetWriter<B> {
    /// One file at `path` (created now, so an empty input still gives a readable file).
    pub fn file(path: &Path) -> Result<Self> {
        let mut w = ParquetWriter {
            target: Target::File,
            parts: BTreeMap::new(),
            rows: 0,
            row_group_rows: ROW_GROUP_ROWS,
        };
        w.parts.insert(String::new(), open(path.to_path_buf())?);
        Ok(w)
    }

    /// `dir/COLUMN=VALUE/part-0.parquet`, one file per value given to [`Self::append`].
    pub fn partitioned(dir: &Path, column: &str) -> Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| Error::Io {
            path: dir.display().to_string(),
            source: e,
        })?;
        Ok(ParquetWriter {
            target: Target::Partitioned {
                dir: dir.to_path_buf(),
                column: column.to_string(),
            },
            parts: BTreeMap::new(),
            rows: 0,
            row_group_rows: ROW_GROUP_ROWS,
        })
    }

    /// Smaller row groups (tests: several row groups out of a few rows).
    pub fn with_row_group_rows(mut self, n: usize) -> Self {
        self.row_group_rows = n.max(1);
        self
    }

    /// Appends a row; `partition` is its partition value (ignored for one file; `None` goes to
    /// [`HIVE_NULL_PARTITION`]).
    pub fn append(&mut self, partition: Option<&str>, row: &B::Row<'_>) -> Result<()> {
        let key = match &self.target {
            Target::File => "",
            Target::Partitioned { .. } => partition.unwrap_or(HIVE_NULL_PARTITION),
        };
        if !self.parts.contains_key(key) {
            let Target::Partitioned { dir, column } = &self.target else {
                return Err(Error::Partition(key.to_string()));
            };
            if key.is_empty() || key.contains(['/', '\\']) || key.contains("..") {
                return Err(Error::Partition(key.to_string()));
            }
            let path = dir.join(format!("{column}={key}")).join("part-0.parquet");
            self.parts.insert(key.to_string(), open(path)?);
        }
        let n = self.row_group_rows;
        let Some(part) = self.parts.get_mut(key) else {
            return Err(Error::Partition(key.to_string()));
        };
        part.builder.append(row);
        self.rows += 1;
        if part.builder.len() >= n {
            flush(part)?;
        }
        Ok(())
    }

    /// Rows appended so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Writes what is buffered and closes every file.
    pub fn finish(self) -> Result<WriteSummary> {
        let mut s = WriteSummary {
            rows: self.rows,
            ..Default::default()
        };
        for (_, mut part) in self.parts {
            if !part.builder.is_empty() {
                flush(&mut part)?;
            }
            let meta = part.writer.close()?;
            s.row_groups += meta.num_row_groups();
            s.files.push(part.path);
        }
        Ok(s)
    }
}

/// The builder's rows as one row group.
fn flush<B: TableBuilder>(part: &mut Part<B>) -> Result<()> {
    let batch = part.builder.finish()?;
    part.writer.write(&batch)?;
    // a row group ends here, whatever its size: the buffered pages are written out
    part.writer.flush()?;
    Ok(())
}

/// Every record batch of a Parquet file (tests and small files: it all goes to memory).
pub fn read_file(path: &Path) -> Result<Vec<arrow_array::RecordBatch>> {
    let file = File::open(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    let reader =
        parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)?.build()?;
    Ok(reader.collect::<std::result::Result<Vec<_>, _>>()?)
}

/// A Parquet file's Arrow schema (with its `khabar.schema` metadata) and number of row groups.
pub fn file_schema(path: &Path) -> Result<(arrow_schema::SchemaRef, usize)> {
    let file = File::open(path).map_err(|e| Error::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    let b = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)?;
    Ok((b.schema().clone(), b.metadata().num_row_groups()))
}
