"""Code Arabic news articles into events with Spark and khabar.

Reads articles (JSON lines, optionally gzip-compressed, or Parquet) with the fields khabar's
readers know (`id`/`doc_id`/`url`, `content`/`text`/`body`, `published`/`date`/`date_publish`/
`date_extracted`, `source`), codes them on the executors with `DataFrame.mapInArrow` calling
`khabar.events_arrow`, and writes the events (schema `events/1`) as Parquet partitioned by the
article's publication month: OUT/month=2015-07/part-….parquet, as `khabar events --format parquet
--partition-by month` does.

    python examples/spark/code_events.py ARTICLES OUT [--master local[2]]
    spark-submit --py-files khabar-*.whl examples/spark/code_events.py ARTICLES OUT   (see README)
"""

import argparse
import sys
import time

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.pandas.types import from_arrow_schema
from pyspark.sql.types import StringType, StructField, StructType

# field names in the order khabar's JSON-lines reader tries them
ID_FIELDS = ("id", "doc_id", "url")
TEXT_FIELDS = ("content", "text", "body")
DATE_FIELDS = ("published", "date", "date_publish", "date_extracted")
# JSON lines are read with this schema, not an inferred one: inference is a whole extra pass over
# the input (a gzip file read twice by one core). A number in one of these fields is read as its
# text, as khabar's reader does; other fields are not read at all.
JSON_SCHEMA = StructType([StructField(n, StringType())
                          for n in ID_FIELDS + TEXT_FIELDS + DATE_FIELDS + ("source",)])


def first_of(df: DataFrame, names) -> "F.Column":
    # an empty string counts as absent, as in khabar's reader
    cols = [F.when(F.col(n).cast("string") != "", F.col(n).cast("string"))
            for n in names if n in df.columns]
    if not cols:
        return F.lit(None).cast("string")
    return F.coalesce(*cols) if len(cols) > 1 else cols[0]


def articles(df: DataFrame) -> DataFrame:
    """The columns events_arrow reads: doc_id, text, published, source."""
    return df.select(
        first_of(df, ID_FIELDS).alias("doc_id"),
        first_of(df, TEXT_FIELDS).alias("text"),
        first_of(df, DATE_FIELDS).alias("published"),
        first_of(df, ("source",)).alias("source"),
    ).where(F.col("doc_id").isNotNull() & F.col("text").isNotNull())


def code_batches(batches):
    """Runs on the executors: article batches in, event batches out (the GIL is released)."""
    import khabar

    for batch in batches:
        yield khabar.events_arrow(batch)


def code_events(df: DataFrame) -> DataFrame:
    """Articles (any of the known field names) → events, schema events/1."""
    import khabar

    schema = from_arrow_schema(khabar.events_schema())
    return articles(df).mapInArrow(code_batches, schema)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("input", help="JSON lines (.jsonl, .jsonl.gz) or Parquet of articles")
    p.add_argument("output", help="directory for the partitioned events Parquet")
    p.add_argument("--format", choices=["json", "parquet"],
                   help="input format (default: by the name, .parquet or else JSON lines)")
    p.add_argument("--master", help="Spark master (default: spark-submit's, else local[*])")
    p.add_argument("--partitions", type=int,
                   help="tasks to spread the articles over (default: 4 per core)")
    p.add_argument("--batch-rows", type=int, default=256,
                   help="articles per Arrow batch handed to khabar (memory per task)")
    p.add_argument("--limit", type=int, help="only the first N articles")
    a = p.parse_args(argv)

    b = SparkSession.builder.appName("khabar-code-events")
    if a.master:
        b = b.master(a.master)
    spark = (b.config("spark.sql.execution.arrow.maxRecordsPerBatch", str(a.batch_rows))
              .config("spark.ui.enabled", "false")
              .getOrCreate())
    t0 = time.time()
    fmt = a.format or ("parquet" if a.input.rstrip("/").endswith(".parquet") else "json")
    if fmt == "parquet":
        df = spark.read.parquet(a.input)
    else:
        df = spark.read.schema(JSON_SCHEMA).json(a.input)
    if a.limit:
        df = df.limit(a.limit)
    # a gzip file is one split: spread the articles over the cores before the heavy work; input
    # already in as many splits (Parquet files, plain JSON lines) skips that shuffle
    parts = a.partitions or spark.sparkContext.defaultParallelism * 4
    if df.rdd.getNumPartitions() < min(parts, spark.sparkContext.defaultParallelism * 2):
        df = df.repartition(parts)
    events = code_events(df).withColumn("month", F.date_format("published", "yyyy-MM"))
    events.write.mode("overwrite").partitionBy("month").parquet(a.output)
    took = time.time() - t0
    n = spark.read.parquet(a.output).count()
    print(f"khabar-spark: {n} events written to {a.output} in {took:.1f} s", file=sys.stderr)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
