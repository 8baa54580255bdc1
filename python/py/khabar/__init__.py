"""khabar: Arabic news to political event data, from Python.

- ``analyze(text, published=None, source=None)`` — the ``khabar analyze`` object of one article
  (cleaned text, sentences, tokens, entities, dates, events; character offsets into ``text``).
- ``events(texts, published=None)`` — events of many articles (analyzed in parallel), one dict per
  event as ``khabar events --format jsonl`` prints them.
- ``events_arrow(batch)`` — a ``pyarrow.RecordBatch`` of articles (``doc_id``, ``text``,
  ``published``) to a batch of events in the ``events/1`` schema; for ``DataFrame.mapInArrow``.
- ``events_schema()`` — that schema as a ``pyarrow.Schema``.

The Rust code releases the GIL while it works, so threads analyze in parallel.
"""

from ._khabar import (
    EVENTS_SCHEMA,
    __version__,
    analyze,
    events,
    events_arrow,
    events_schema,
)

__all__ = [
    "EVENTS_SCHEMA",
    "__version__",
    "analyze",
    "events",
    "events_arrow",
    "events_schema",
]
