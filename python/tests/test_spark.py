"""examples/spark/code_events.py in local[2] over 2,000 SaudiNewsNet articles gives the events of
`khabar events --format parquet` on the same articles, row for row."""

import gzip
import itertools
import os
import shutil
import subprocess
import sys

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from conftest import ROOT, SHARED

CORPUS = SHARED / "corpora" / "saudinewsnet.jsonl.gz"
ARTICLES = 2000


def need_spark():
    why = None
    try:
        import pyspark  # noqa: F401
    except ImportError:
        why = "pyspark is not installed"
    if why is None and not shutil.which("java") and not os.environ.get("JAVA_HOME"):
        why = "no java (Spark needs a JRE: apt-get install openjdk-17-jre-headless)"
    if why and os.environ.get("KHABAR_REQUIRE_SPARK"):
        pytest.fail(f"KHABAR_REQUIRE_SPARK is set but {why}")
    if why:
        pytest.skip(why)


def test_spark_job_equals_the_cli(tmp_path, khabar_bin):
    need_spark()
    if not CORPUS.exists():
        pytest.skip(f"{CORPUS} is absent")
    # the corpus stays outside the repository: a temporary slice of it
    arts = tmp_path / "articles.jsonl"
    with gzip.open(CORPUS, "rb") as src, open(arts, "wb") as dst:
        for line in itertools.islice(src, ARTICLES):
            dst.write(line)
    cli_out = tmp_path / "cli.parquet"
    # exit 1: some articles were skipped (empty texts in the corpus); the rest were coded
    cli_run = subprocess.run([khabar_bin, "events", str(arts), "--format", "parquet", "--out",
                              str(cli_out), "--quiet"], capture_output=True)
    assert cli_run.returncode in (0, 1), cli_run.stderr.decode("utf-8", "replace")[-2000:]
    spark_out = tmp_path / "spark"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    subprocess.run([sys.executable, str(ROOT / "examples" / "spark" / "code_events.py"),
                    str(arts), str(spark_out), "--master", "local[2]"], check=True, env=env)

    cli = pq.read_table(cli_out)
    spark = ds.dataset(spark_out, format="parquet", partitioning="hive").to_table()
    assert cli.num_rows > 500, "2,000 articles give a thousand events or so"
    assert spark.num_rows == cli.num_rows
    # the partition column is the article's publication month
    months = set(spark.column("month").to_pylist())
    assert months and all(m is None or len(m) == 7 for m in months)
    spark = spark.drop_columns(["month"]).select(cli.schema.names)
    # every column: doc ids (URLs) repeat in the corpus, and so do event ids
    key = [(c, "ascending") for c in cli.schema.names]
    cli_rows = cli.sort_by(key).to_pylist()
    spark_rows = spark.sort_by(key).to_pylist()
    assert cli_rows == spark_rows
