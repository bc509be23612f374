"""What every reader returns: a file's lines and the tables it already read as grids."""

from __future__ import annotations

from dataclasses import dataclass, field

from indexer.parsing.tables.grid import Grid

__all__ = ["Source"]


@dataclass
class Source:
    """A file's lines and the tables its reader already read as grids, each with the lines it covers.

    Plain text has no grids (its tables are found later from the text); a
    structured format (Word, and later HTML, Excel, PDF) hands its tables over
    as :class:`~indexer.parsing.tables.grid.Grid` objects with merges resolved, and a
    tab-joined line per row so line numbers stay meaningful.
    """

    lines: list[str]
    grids: list[tuple[Grid, range]] = field(default_factory=list)
    kind: str = "text"  # "ocr" when the text was recognised from an image (a scan): its records say so
