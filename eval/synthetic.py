"""A synthetic provincial corpus, recombined from the real knowledge base, for the scale benchmark.

Every synthetic record is a row of a 任务分工 table — the layout the parser
reads units and deadlines from — whose 工作任务 is a real item heading, whose
具体要求 is one to three real sentences, whose 责任单位 are real unit names and
whose 完成时限 is a real deadline moved to the document's year. Documents are
spread over the gazetteer's districts and counties and the years 2018–2026.
The same seed writes the same files.

Above the size the encoder can embed in a session, the vectors of both
channels — records and passages — are derived from real ones: the
normalised sum of the real embeddings of the headings and sentences a text
holds (:func:`derived_vectors`).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.embedding.encoder import Encoder
from indexer.gazetteer import Gazetteer
from indexer.parsing.normalise import matching_view
from indexer.parsing.parse import collect_files, parse_file

__all__ = ["Pools", "derived_vectors", "write_corpus"]

ROWS_PER_DOCUMENT = 100
_YEARS = range(2018, 2027)
_NUMBERING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．])\s*")
_SENTENCE = re.compile(r"[^。；]+[。；]")
_YEAR = re.compile(r"\d{4}年")
_CELL = re.compile(r"[\n\t]")
_DERIVE_SLICE = 65_536


@dataclass(frozen=True)
class Pools:
    """The real material synthetic records are recombined from."""

    titles: list[str]
    sentences: list[str]
    units: list[str]
    deadlines: list[str]
    regions: list[str]

    @classmethod
    def from_knowledge_base(cls, documents_dir: Path) -> Pools:
        records = [r for path in collect_files([documents_dir]).files for r in parse_file(path).records]
        titles: set[str] = set()
        sentences: set[str] = set()
        for record in records:
            heading = _NUMBERING.sub("", record.section.rsplit(" > ", 1)[-1]).strip("。 ")
            if 4 <= len(heading) <= 30:
                titles.add(heading)
            sentences.update(s.strip() for s in _SENTENCE.findall(record.text) if 10 <= len(s.strip()) <= 150)
        return cls(
            titles=sorted(titles),
            sentences=sorted(sentences),
            units=sorted({u for r in records for u in r.units if len(u) <= 20}),
            deadlines=sorted({r.deadline.raw for r in records if r.deadline.kind in ("date", "ongoing")}),
            regions=_shandong_counties(),
        )


def write_corpus(pools: Pools, size: int, folder: Path, seed: int = 0) -> int:
    """Write ``size`` records as 任务分工 tables into ``folder``; return how many rows were written."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for number, start in enumerate(range(0, size, ROWS_PER_DOCUMENT)):
        region, year = rng.choice(pools.regions), rng.choice(_YEARS)
        lines = [f"{year}年{region}政务公开重点工作任务分工", "", "序号\t工作任务\t具体要求\t责任单位\t完成时限"]
        for row_number in range(1, min(ROWS_PER_DOCUMENT, size - start) + 1):
            title = pools.titles[rng.randrange(len(pools.titles))]
            chosen = rng.sample(range(len(pools.sentences)), rng.choice((1, 2, 2, 3)))
            units = "、".join(rng.sample(pools.units, rng.choice((1, 1, 2, 3))))
            deadline = _YEAR.sub(f"{year}年", rng.choice(pools.deadlines)) if rng.random() > 0.1 else ""
            requirement = "".join(pools.sentences[i] for i in chosen)
            lines.append(f"{row_number}\t{title}\t{requirement}\t{units}\t{deadline}")
        (folder / f"{number:06d}_{year}_{region}_任务分工.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return size


def derived_vectors(pools: Pools, encoder: Encoder, texts: list[str], out: np.ndarray, rows: np.ndarray) -> None:
    """Fill ``out[rows]`` with the normalised sum of the real vectors of the pool pieces each text holds.

    A piece is a heading that fills a cell (or opens a record's text before
    its ``：``) or a whole pool sentence; both are looked up in the indexes'
    matching view, the form ``texts`` are in. A text holding no whole piece
    (a window cut mid-sentence) is encoded for real, so no row is left empty.
    """
    keys = matching_view(pools.titles + pools.sentences)
    pieces = {key: number for number, key in enumerate(keys)}
    titles = set(matching_view(pools.titles))
    real = encoder.encode_passages(pools.titles + pools.sentences)
    for start in range(0, len(rows), _DERIVE_SLICE):
        block = rows[start : start + _DERIVE_SLICE]
        owners: list[int] = []
        members: list[int] = []
        alone: list[int] = []
        for position, row in enumerate(block):
            found = _pieces(texts[row], titles, pieces)
            owners.extend([position] * len(found))
            members.extend(found)
            if not found:
                alone.append(position)
        vectors = np.zeros((len(block), real.shape[1]), np.float32)
        np.add.at(vectors, np.asarray(owners, dtype=np.int64), real[np.asarray(members, dtype=np.int64)])
        if alone:
            vectors[alone] = encoder.encode_passages([texts[block[i]] for i in alone])
        out[block] = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _pieces(text: str, titles: set[str], pieces: dict[str, int]) -> list[int]:
    """The pool pieces ``text`` holds whole, in reading order."""
    found: list[int] = []
    for cell in _CELL.split(text):
        head, colon, tail = cell.partition("：")
        if cell in titles or (colon and head in titles):
            found.append(pieces[cell if cell in titles else head])
            cell = tail
        found.extend(pieces[s.strip()] for s in _SENTENCE.findall(cell) if s.strip() in pieces)
    return found


def _shandong_counties() -> list[str]:
    """County names with their city, as a Shandong plan's region reads (济南市历下区)."""
    places = Gazetteer.load().places
    return [p.city + p.name for p in places if p.level == "county" and p.province == "山东省"]
