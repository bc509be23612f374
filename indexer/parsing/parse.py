"""Parse one file: file → lines → blocks → task records (no index is touched here).

A file that cannot be read, or holds no recognisable task, raises a
:class:`~indexer.errors.DocumentError` naming the file and the reason.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from indexer.errors import DocumentError
from indexer.models import ParsedDocument, ParseWarning, TaskRecord
from indexer.parsing.body.blocks import find_blocks
from indexer.parsing.body.fallback import fallback_records
from indexer.parsing.debris import clean_debris, without_pinyin
from indexer.parsing.identity.declared import DECLARED, Declaration
from indexer.parsing.identity.metadata import read_document
from indexer.parsing.normalise import Restorer, matching_view
from indexer.parsing.passages import build_passages, has_readable_text
from indexer.parsing.readers import SUPPORTED_SUFFIXES, read_source
from indexer.parsing.record_base import bound_document, bound_records
from indexer.parsing.records import build_records
from indexer.parsing.tables.grid import map_cells
from indexer.parsing.warnings import no_tasks_reason, parse_warnings

__all__ = ["NO_STRUCTURE", "CollectedFiles", "collect_files", "parse_file"]

NO_STRUCTURE = "未识别出任务结构，已按原文收录"
"""The upload warning of a readable document with no task structure: it is indexed as passages only."""


@dataclass
class CollectedFiles:
    """The supported files found under some paths, and the paths that were neither file nor folder."""

    files: list[Path] = field(default_factory=list)
    problems: list[DocumentError] = field(default_factory=list)


# A folder's own notes (README.md, LICENSE, CHANGELOG) describe the folder, not a policy: found while
# expanding a folder they are skipped, since every readable text is otherwise indexed as passages.
_FOLDER_NOTES = re.compile(r"^(readme|license|licence|changelog|contributing|authors|notice)$", re.IGNORECASE)


def collect_files(paths: Iterable[Path]) -> CollectedFiles:
    """Expand folders into supported files (leaving out the folder's own notes); name the paths that are neither."""
    collected = CollectedFiles()
    for path in paths:
        if path.is_dir():
            collected.files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES and not _FOLDER_NOTES.match(p.stem)
                )
            )
        elif path.is_file():
            collected.files.append(path)
        else:
            collected.problems.append(DocumentError(str(path), "文件或目录不存在"))
    return collected


def _restored(record: TaskRecord, restorer: Restorer) -> TaskRecord:
    """The record in the document's own characters (the grammars read the simplified view)."""
    lines = (record.source.line_start, record.source.line_end)
    record.text = restorer.restore(record.text, lines)
    record.section = restorer.restore(record.section)
    record.lead_units = [without_pinyin(restorer.restore(u, lines)) for u in record.lead_units]
    record.responsible_units = [without_pinyin(restorer.restore(u, lines)) for u in record.responsible_units]
    record.deadline = replace(record.deadline, raw=restorer.restore(record.deadline.raw, lines))
    return record


def parse_file(path: Path, name: str | None = None, declared: Declaration | None = None) -> ParsedDocument:
    """Parse one file into its document, records and passages; raise DocumentError on bad input.

    ``name`` is the file name the document is known by (an upload's original
    name) when ``path`` is where it is stored; the document id comes from it.
    ``declared`` is the operator's region and year, which win over the file's
    clues (the year also dates the deadlines). A readable file in which no
    task structure is found keeps its text as passages, with a warning saying
    so; an empty or unreadable one is refused.
    """
    source = read_source(path)
    lines = [clean_debris(line) for line in source.lines]
    view = matching_view(lines)
    restorer = Restorer(lines, view)
    document = read_document(path, view, hashlib.sha256(path.read_bytes()).hexdigest(), name, declared)
    region = document.region if document.region_source == DECLARED else restorer.restore(document.region)
    document = replace(document, title=without_pinyin(restorer.restore(document.title)), region=without_pinyin(region))
    document, bound_warnings = bound_document(document)
    blocks = find_blocks(view, [(map_cells(grid, matching_view), region) for grid, region in source.grids])
    records = [replace(_restored(r, restorer), source_kind=source.kind) for r in build_records(document, blocks)]
    if not records:  # no structure found: read task-like lines one by one before giving up
        fallback = fallback_records(document, view)
        records = [replace(_restored(r, restorer), source_kind=source.kind) for r in fallback]
    if not records and not has_readable_text(view):
        raise DocumentError(str(path), no_tasks_reason(view))
    records, split_warnings = bound_records(records)
    warnings = sorted([*parse_warnings(records, blocks), *bound_warnings, *split_warnings], key=lambda w: w.line)
    if not records:
        warnings.insert(0, ParseWarning(1, "未识别出任务结构", f"{NO_STRUCTURE}（{no_tasks_reason(view)}）"))
    return ParsedDocument(document, records, warnings, build_passages(document, lines, records))
