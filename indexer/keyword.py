"""The keyword index: BM25 (bm25s) over jieba tokens.

bm25s's default splitter treats a Chinese sentence as one token, so jieba does
the splitting, with a user dictionary of unit names and policy terms from the
knowledge base so "区大数据局" or "双随机、一公开" stay whole. The dictionary is
saved with the index, so queries are cut exactly as the passages were.
"""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

import bm25s
import numpy as np
from bm25s.tokenization import Tokenized

__all__ = ["JiebaTokenizer", "KeywordIndex"]

_KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_STOPWORDS = frozenset(
    "的 了 和 与 及 等 在 是 要 对 为 将 并 或 把 被 由 从 向 以 之 其 中 上 下 有 个 这 那 吗 呢 吧 啊 么 "
    "什么 怎么 哪些 哪个 哪里 谁 会 能 可以 是否 请问 我 我们 你 您 他 她 它 今年 一下 情况 如何 "
    "负责 牵头 部门 单位 由谁 由谁来 来 做 事 时候 什么时候 完成 期限 截止 时限 没有 有没有 多久 几次 "
    "怎么样 要求 各地 各区 这些 那些 里 到 吗 呢 想 需要 应该 叫 一年 每年 方面".split()
)
_USERDICT = "userdict.txt"
_FULL_SCAN_SHARE = 0.5  # postings per record above which one pass over all records is cheaper
_jieba_lock = threading.Lock()


class JiebaTokenizer:
    """Cut text with jieba and a project dictionary; drop punctuation and stopwords."""

    def __init__(self, terms: list[str]) -> None:
        import jieba

        logging.getLogger("jieba").setLevel(logging.WARNING)
        self.terms = sorted({t for t in terms if 1 < len(t) <= 20 and "\n" not in t})
        self._jieba = jieba.Tokenizer()
        with _jieba_lock:
            self._jieba.initialize()
            for term in self.terms:
                self._jieba.add_word(term, freq=200_000)

    def __call__(self, text: str) -> list[str]:
        tokens = self._jieba.lcut_for_search(text)
        return [t for t in tokens if _KEEP.search(t) and t not in _STOPWORDS]

    def save(self, folder: Path) -> None:
        (folder / _USERDICT).write_text("\n".join(self.terms) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> JiebaTokenizer:
        return cls((folder / _USERDICT).read_text(encoding="utf-8").split("\n"))


class KeywordIndex:
    """BM25 scores for a question's tokens; the top k chosen among the records they appear in.

    bm25s keeps each token's precomputed per-record scores as a sparse column
    (``indptr``/``indices``/``data``). Its stock scoring adds the question's
    columns into a new vector as long as the corpus and selects the top k from
    all of it. Here the columns are added into a reused per-thread buffer and,
    while they cover less than :data:`_FULL_SCAN_SHARE` of the corpus, the top
    k is chosen among the records they touched only, so a question costs in
    proportion to its postings. When the columns cover most of the corpus
    anyway, one pass over the buffer is cheaper than tracking what was
    touched. Scores are the same floats bm25s computes (eval/BENCH.md).
    """

    def __init__(self, bm25: bm25s.BM25, tokenizer: JiebaTokenizer) -> None:
        self.bm25 = bm25
        self.tokenizer = tokenizer
        self._vocab: dict[str, int] = bm25.vocab_dict
        self._data = np.asarray(bm25.scores["data"])
        self._indices = np.asarray(bm25.scores["indices"])
        self._indptr = np.asarray(bm25.scores["indptr"])
        self._local = threading.local()

    @classmethod
    def build(cls, texts: list[str], tokenizer: JiebaTokenizer) -> KeywordIndex:
        vocab: dict[str, int] = {}
        ids = [[vocab.setdefault(token, len(vocab)) for token in tokenizer(text)] for text in texts]
        bm25 = bm25s.BM25()
        bm25.index(Tokenized(ids=ids, vocab=vocab), show_progress=False)
        bm25.vocab_dict = vocab
        return cls(bm25, tokenizer)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.bm25.save(str(folder), show_progress=False)
        self.tokenizer.save(folder)

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex:
        bm25 = bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
        return cls(bm25, JiebaTokenizer.load(folder))

    def search(self, question: str, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Top ``k`` (position, BM25 score) pairs with a positive score, best first; ties: earlier record first.

        ``allowed`` (a mask by position) restricts the ranking to those records.
        """
        token_ids = [self._vocab[t] for t in self.tokenizer(question) if t in self._vocab]
        if not token_ids or k <= 0:
            return []
        columns = [
            (self._indices[self._indptr[t] : self._indptr[t + 1]], self._data[self._indptr[t] : self._indptr[t + 1]])
            for t in token_ids  # a repeated token adds again, as in bm25s
        ]
        totals = self._buffer()
        if sum(len(records) for records, _ in columns) >= _FULL_SCAN_SHARE * len(totals):
            try:
                for records, scores in columns:
                    np.add.at(totals, records, scores)
                if allowed is not None:
                    totals[~allowed] = 0
                top = np.argpartition(-totals, k - 1)[:k] if k < len(totals) else np.arange(len(totals))
                return _best(top[totals[top] > 0], totals, k)
            finally:
                totals.fill(0)
        touched: list[np.ndarray] = []
        try:
            for records, scores in columns:
                touched.append(records[totals[records] == 0])  # BM25 term scores are positive: 0 means unseen
                np.add.at(totals, records, scores)
            candidates = np.concatenate(touched)
            return _best(candidates if allowed is None else candidates[allowed[candidates]], totals, k)
        finally:
            for records in touched:
                totals[records] = 0  # leave the buffer clean for the next question

    def _buffer(self) -> np.ndarray:
        """A zeroed score per record, one per thread, reused across questions."""
        buffer = getattr(self._local, "totals", None)
        if buffer is None:
            buffer = self._local.totals = np.zeros(int(self.bm25.scores["num_docs"]), dtype=self._data.dtype)
        return buffer


def _best(candidates: np.ndarray, totals: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The top ``k`` of ``candidates`` by their ``totals``; ties: earlier record first."""
    values = totals[candidates]
    k = min(k, len(candidates))
    top = np.argpartition(-values, k - 1)[:k] if k < len(candidates) else np.arange(len(candidates))
    top = top[np.lexsort((candidates[top], -values[top]))]
    return [(int(candidates[i]), float(values[i])) for i in top]
