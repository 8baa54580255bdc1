"""The Python API against the CLI's contract: same objects, same events, typed Arrow."""

import concurrent.futures
import json
import subprocess

import pyarrow as pa
import pytest

import khabar
from conftest import ROOT

SEED = ROOT / "examples" / "000_a5b5b01d5677f13f.txt"
SEED2 = ROOT / "examples" / "001_0acd3c927d4d0c19.txt"


def seed_text(p=SEED):
    return p.read_text(encoding="utf-8")


def test_analyze_gives_the_analyze_object():
    a = khabar.analyze(seed_text(), published="2020-11-08", source="aljazeera.net")
    for key in ("doc_id", "published", "title", "source", "text", "sentences", "tokens",
                "entities", "dates", "events", "metadata"):
        assert key in a, key
    assert a["published"] == "2020-11-08"
    assert a["source"] == "aljazeera.net"
    ev = a["events"][0]
    assert {"id", "trigger", "source", "target", "cameo", "root", "quad", "date"} <= set(ev)
    # offsets are character offsets into the cleaned text
    assert a["text"][ev["trigger"]["start"]:ev["trigger"]["end"]] == ev["trigger"]["text"]


def test_analyze_equals_the_cli(khabar_bin):
    out = subprocess.run([khabar_bin, "analyze", str(SEED)], capture_output=True, check=True)
    cli = json.loads(out.stdout.decode("utf-8").splitlines()[0])
    py = khabar.analyze(seed_text(), published=cli["published"], source=cli["source"],
                        doc_id=cli["doc_id"])
    # metadata.origin names the file for the CLI; the rest is the same object
    cli.pop("metadata")
    py.pop("metadata")
    assert py == cli


def test_events_equal_the_cli(khabar_bin):
    out = subprocess.run([khabar_bin, "events", str(SEED), str(SEED2), "--format", "jsonl"],
                         capture_output=True, check=True)
    cli = [json.loads(line) for line in out.stdout.decode("utf-8").splitlines()]
    py = khabar.events([seed_text(), seed_text(SEED2)], published=["2020-11-08", "2013-09-26"],
                       doc_ids=[SEED.name, SEED2.name])
    assert len(cli) > 0
    assert py == cli


def test_bad_input_is_a_value_error_not_a_crash():
    with pytest.raises(ValueError):
        khabar.analyze("نص", published="yesterday")
    with pytest.raises(ValueError):
        khabar.events(["a", "b"], published=["2020-01-01"])
    with pytest.raises(ValueError):
        khabar.events_arrow(pa.record_batch({"doc_id": ["a"]}))
    assert khabar.analyze("")["events"] == []
    assert khabar.events([]) == []


def batch():
    return pa.record_batch({
        "doc_id": [SEED.name, SEED2.name, "empty"],
        "text": [seed_text(), seed_text(SEED2), None],
        "published": pa.array(["2020-11-08", "2013-09-26", None]),
    })


def test_events_arrow_schema_and_rows():
    out = khabar.events_arrow(batch())
    assert isinstance(out, pa.RecordBatch)
    assert out.schema.equals(khabar.events_schema())
    assert out.schema.metadata[b"khabar.schema"] == khabar.EVENTS_SCHEMA.encode()
    t = out.schema
    assert t.field("date").type == pa.date32()
    assert t.field("published").type == pa.date32()
    assert t.field("quad").type == pa.int8()
    assert t.field("cameo").type == pa.string()
    assert t.field("place_lat").type == pa.float64()
    py = khabar.events([seed_text(), seed_text(SEED2)], published=["2020-11-08", "2013-09-26"],
                       doc_ids=[SEED.name, SEED2.name])
    rows = out.to_pylist()
    assert len(rows) == len(py)
    for r, e in zip(rows, py):
        assert r["event_id"] == e["id"]
        assert r["cameo"] == e["cameo"]
        assert r["source_code"] == (e["source"] or {}).get("code")
        assert r["target_code"] == (e["target"] or {}).get("code")
        if e["date"]:
            # a month or a year is its first day, with the precision beside it
            assert r["date"].isoformat()[:len(e["date"])] == e["date"]
            assert r["date_precision"] == {10: "day", 7: "month", 4: "year"}[len(e["date"])]
        else:
            assert r["date"] is None


def test_events_arrow_takes_dates_and_large_strings():
    b = batch()
    cast = pa.record_batch({
        "doc_id": b.column(0).cast(pa.large_string()),
        "text": b.column(1).cast(pa.large_string()),
        "published": pa.array([pa.scalar("2020-11-08").cast(pa.date32()).as_py(),
                               pa.scalar("2013-09-26").cast(pa.date32()).as_py(), None],
                              type=pa.date32()),
    })
    assert khabar.events_arrow(cast).to_pylist() == khabar.events_arrow(b).to_pylist()


def test_events_arrow_from_threads_and_in_parallel():
    b = batch()
    want = khabar.events_arrow(b).to_pylist()
    assert khabar.events_arrow(b, parallel=True).to_pylist() == want
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        for got in pool.map(lambda _: khabar.events_arrow(b).to_pylist(), range(4)):
            assert got == want
