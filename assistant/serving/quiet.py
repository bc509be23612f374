"""A quiet start: ``index`` and ``serve`` print the product's own lines, not third-party chatter.

Each filter below is for a message that is understood and harmless, with the
reason beside it; anything else still shows. (The ONNX exporter's
TracerWarnings are filtered where the export runs, next to the check that
makes them harmless: :mod:`indexer.embedding.onnx_export`.)
"""

from __future__ import annotations

import logging
import os

__all__ = ["quiet_third_party"]


def _warnings_and_up(record: logging.LogRecord) -> bool:
    return record.levelno >= logging.WARNING


def quiet_third_party() -> None:
    """Filter the known third-party noise; call once, before the model libraries are imported."""
    # transformers draws a "Loading weights" bar every time the model is opened (even from the local
    # cache); the bar follows huggingface_hub's switch, read when transformers is imported.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    # bm25s sets its own logger to DEBUG when imported and logs "Building index from IDs objects" on every
    # index build; a filter (which its setLevel does not undo) keeps its warnings and errors only.
    logging.getLogger("bm25s").addFilter(_warnings_and_up)
    # sentence-transformers logs the model path and its prompt names at INFO on every load; the
    # knowledge base's own "ready" line says which generation and model are served.
    logging.getLogger("sentence_transformers").setLevel(logging.WARNING)
