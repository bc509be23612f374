"""A synthetic provincial corpus, recombined from the real knowledge base, for the scale benchmark.

Every synthetic record is a row of a 任务分工 table — the layout the parser
reads units and deadlines from — whose 工作任务 is a real item heading, whose
具体要求 is one to three real sentences, whose 责任单位 are real unit names and
whose 完成时限 is a real deadline moved to the document's year. Documents are
spread over the gazetteer's districts and counties and the years 2018–2026.
The same seed writes the same files.

Above the size the encoder can embed in a session, a record's vector is
derived from real ones: the normalised sum of the real embeddings of its
heading and sentences (:func:`derived_vectors`).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.embedding.encoder import Encoder
from indexer.gazetteer import Gazetteer
from indexer.parsing.parse import collect_files, parse_file

__all__ = ["Pools", "SyntheticRow", "derived_vectors", "write_corpus"]

ROWS_PER_DOCUMENT = 100
_YEARS = range(2018, 2027)
_NUMBERING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十\d]+[、.．])\s*")
_SENTENCE = re.compile(r"[^。；]+[。；]")
_YEAR = re.compile(r"\d{4}年")


@dataclass(frozen=True)
class SyntheticRow:
    """Which pool entries one synthetic record was made of (for derived vectors)."""

    title: int
    sentences: tuple[int, ...]


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


def write_corpus(pools: Pools, size: int, folder: Path, seed: int = 0) -> list[SyntheticRow]:
    """Write ``size`` records as 任务分工 tables into ``folder``; return each record's makings, in file order."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    rows: list[SyntheticRow] = []
    for number, start in enumerate(range(0, size, ROWS_PER_DOCUMENT)):
        region, year = rng.choice(pools.regions), rng.choice(_YEARS)
        lines = [f"{year}年{region}政务公开重点工作任务分工", "", "序号\t工作任务\t具体要求\t责任单位\t完成时限"]
        for row_number in range(1, min(ROWS_PER_DOCUMENT, size - start) + 1):
            row = SyntheticRow(
                title=rng.randrange(len(pools.titles)),
                sentences=tuple(rng.sample(range(len(pools.sentences)), rng.choice((1, 2, 2, 3)))),
            )
            units = "、".join(rng.sample(pools.units, rng.choice((1, 1, 2, 3))))
            deadline = _YEAR.sub(f"{year}年", rng.choice(pools.deadlines)) if rng.random() > 0.1 else ""
            requirement = "".join(pools.sentences[i] for i in row.sentences)
            lines.append(f"{row_number}\t{pools.titles[row.title]}\t{requirement}\t{units}\t{deadline}")
            rows.append(row)
        (folder / f"{number:06d}_{year}_{region}_任务分工.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return rows


def derived_vectors(pools: Pools, rows: list[SyntheticRow], encoder: Encoder, out: np.ndarray) -> np.ndarray:
    """Fill ``out`` with each row's normalised sum of its heading's and sentences' real embeddings."""
    titles = encoder.encode_passages(pools.titles)
    sentences = encoder.encode_passages(pools.sentences)
    chunk = 65_536
    for start in range(0, len(rows), chunk):
        block = rows[start : start + chunk]
        vectors = titles[[r.title for r in block]].copy()
        for slot in range(3):
            members = [(i, r.sentences[slot]) for i, r in enumerate(block) if len(r.sentences) > slot]
            positions, pool_rows = zip(*members, strict=True) if members else ((), ())
            vectors[list(positions)] += sentences[list(pool_rows)]
        out[start : start + len(block)] = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return out


def _shandong_counties() -> list[str]:
    """County names with their city, as a Shandong plan's region reads (济南市历下区)."""
    places = Gazetteer.load().places
    return [p.city + p.name for p in places if p.level == "county" and p.province == "山东省"]
