"""The project's own errors: each one carries a message a person can act on."""

from __future__ import annotations

__all__ = ["DocumentError", "IndexStateError", "ZhengwuyuanError"]


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
