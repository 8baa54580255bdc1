"""Type stubs of the khabar extension module."""

from typing import Any, Optional, Sequence, Union

import pyarrow

__version__: str
EVENTS_SCHEMA: str
"""The version of the events table schema, ``events/1``."""

def analyze(
    text: str,
    published: Optional[str] = None,
    source: Optional[str] = None,
    doc_id: Optional[str] = None,
) -> dict[str, Any]:
    """The ``khabar analyze`` object of one article.

    Keys: doc_id, published, title, source, text (cleaned), sentences, tokens, entities, dates,
    events, metadata. Offsets are character offsets into ``text``. ``published`` (YYYY-MM-DD, or
    a date-time) anchors relative dates («أمس»); a malformed one raises ValueError.
    """

def events(
    texts: Sequence[str],
    published: Union[str, Sequence[Optional[str]], None] = None,
    source: Optional[str] = None,
    doc_ids: Optional[Sequence[str]] = None,
) -> list[dict[str, Any]]:
    """The events of many articles (analyzed in parallel), one dict per event with its doc_id.

    ``published`` is one date for every text or one per text. ``doc_ids`` default to "0", "1", …
    """

def events_arrow(batch: pyarrow.RecordBatch, parallel: bool = False) -> pyarrow.RecordBatch:
    """Codes a batch of articles into a batch of events (schema ``events/1``).

    Input columns: ``doc_id`` and ``text`` (required), ``published`` (string, date or timestamp;
    optional) and ``source`` (optional). Articles are analyzed one after another unless
    ``parallel``: under Spark each task already has its core.
    """

def events_schema() -> pyarrow.Schema:
    """The ``events/1`` schema of ``events_arrow``'s output (``khabar.schema`` metadata)."""
