"""The project's own errors: each one carries a message a person can act on."""

from __future__ import annotations

__all__ = ["DiskFull", "DocumentError", "IndexStateError", "SearchUnavailable", "WriteTimeout", "ZhengwuyuanError"]


class ZhengwuyuanError(Exception):
    """Base class: anything raised on purpose, with a clear message."""


class DocumentError(ZhengwuyuanError):
    """A source file cannot be read or holds no recognisable tasks."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class IndexStateError(ZhengwuyuanError):
    """An index is missing, damaged, or was built by another model or format."""


class DiskFull(ZhengwuyuanError):
    """The index directory has no room for a new generation; the current one is still served.

    Every out-of-space condition of a write ends here (the server answers 507),
    never as a crash: a write checks free space first and writes with ordinary
    calls that fail with ``ENOSPC`` instead of faulting.
    """


class WriteTimeout(ZhengwuyuanError):
    """A write ran past its time budget and was abandoned; the current generation is unchanged."""


class SearchUnavailable(ZhengwuyuanError):
    """The search backend (a Milvus server) cannot be reached; the server answers 503 until it is back."""
