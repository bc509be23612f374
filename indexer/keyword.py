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
_LOOKUP_COST = 16  # a binary-search lookup costs about sixteen column entries read
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
    """BM25 scores for a question's tokens, computed only over the records that can make the top k.

    bm25s keeps each token's precomputed per-record scores as a sparse column
    (``indptr``/``indices``/``data``, record ids sorted). Its stock scoring adds
    every column of the question into a vector as long as the corpus and picks
    the top k from all of it: at a million records a question's columns hold
    about a million entries and that costs tens of milliseconds. Here
    (MaxScore): the question's rarest tokens are added first into a reused
    per-thread buffer; the records they touch are completed by looking up the
    remaining, common tokens' columns (binary search); once the k-th best of
    them beats the most any untouched record could score — the sum of the
    remaining tokens' largest column entries — the top k is final. Common
    tokens' long columns are then never read whole (eval/BENCH.md).
    """

    def __init__(self, bm25: bm25s.BM25, tokenizer: JiebaTokenizer) -> None:
        self.bm25 = bm25
        self.tokenizer = tokenizer
        self._vocab: dict[str, int] = bm25.vocab_dict
        self._data = np.asarray(bm25.scores["data"])
        self._indices = np.asarray(bm25.scores["indices"])
        self._indptr = np.asarray(bm25.scores["indptr"])
        self._upper = _column_maxima(self._data, self._indptr)
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

    def search(self, question: str, k: int) -> list[tuple[int, float]]:
        """Top ``k`` (position, BM25 score) pairs with a positive score, best first; ties: earlier record first."""
        token_ids = [self._vocab[t] for t in self.tokenizer(question) if t in self._vocab]
        if not token_ids or k <= 0:
            return []
        tokens, repeats = np.unique(np.asarray(token_ids), return_counts=True)  # a repeated token counts again
        lengths = self._indptr[tokens + 1] - self._indptr[tokens]
        order = np.argsort(lengths, kind="stable")  # rarest first
        tokens, repeats, lengths = tokens[order], repeats[order].astype(self._data.dtype), lengths[order]
        still_possible = np.cumsum((self._upper[tokens] * repeats)[::-1])[::-1]  # best score from tokens[i:]
        postings_left = np.cumsum(lengths[::-1])[::-1]
        totals, touched, seen = self._buffer(), [], 0
        try:
            for i, (token, repeat) in enumerate(zip(tokens, repeats, strict=True)):
                records, weights = self._column(token, repeat)
                touched.append(records[totals[records] == 0])  # BM25 term scores are positive: 0 means unseen
                np.add.at(totals, records, weights)
                seen += len(touched[-1])
                if i + 1 == len(tokens):
                    break
                if seen * (len(tokens) - i - 1) * _LOOKUP_COST >= postings_left[i + 1]:
                    # Completing the candidates would cost more than reading the columns left: read them all.
                    for token_left, repeat_left in zip(tokens[i + 1 :], repeats[i + 1 :], strict=True):
                        np.add.at(totals, *self._column(token_left, repeat_left))
                    touched = []
                    return _best(np.flatnonzero(totals), totals, k)
                if seen >= k:
                    candidates = np.concatenate(touched)
                    complete = totals[candidates] + self._lookup(tokens[i + 1 :], repeats[i + 1 :], candidates)
                    if np.partition(complete, len(complete) - k)[len(complete) - k] >= still_possible[i + 1]:
                        return _best(candidates, complete, k, scores_by_candidate=True)
            return _best(np.concatenate(touched), totals, k)
        finally:
            if touched:
                for records in touched:
                    totals[records] = 0  # leave the buffer clean for the next question
            else:
                totals.fill(0)

    def _column(self, token: int, repeat: float) -> tuple[np.ndarray, np.ndarray]:
        start, end = self._indptr[token], self._indptr[token + 1]
        column = self._data[start:end]
        return self._indices[start:end], column if repeat == 1 else column * repeat

    def _lookup(self, tokens: np.ndarray, repeats: np.ndarray, records: np.ndarray) -> np.ndarray:
        """The given tokens' summed scores for ``records``, by binary search in each sorted column."""
        scores = np.zeros(len(records), dtype=self._data.dtype)
        for token, repeat in zip(tokens, repeats, strict=True):
            start, end = self._indptr[token], self._indptr[token + 1]
            column = self._indices[start:end]
            at = np.minimum(np.searchsorted(column, records), len(column) - 1)
            found = column[at] == records
            scores[found] += self._data[start:end][at[found]] * repeat
        return scores

    def _buffer(self) -> np.ndarray:
        """A zeroed score per record, one per thread, reused across questions."""
        buffer = getattr(self._local, "totals", None)
        if buffer is None:
            buffer = self._local.totals = np.zeros(int(self.bm25.scores["num_docs"]), dtype=self._data.dtype)
        return buffer


def _best(
    candidates: np.ndarray, scores: np.ndarray, k: int, scores_by_candidate: bool = False
) -> list[tuple[int, float]]:
    """The top ``k`` candidates by score (``scores`` indexed by record, or aligned with ``candidates``)."""
    values = scores if scores_by_candidate else scores[candidates]
    k = min(k, len(candidates))
    top = np.argpartition(-values, k - 1)[:k] if k < len(candidates) else np.arange(len(candidates))
    top = top[np.lexsort((candidates[top], -values[top]))]
    return [(int(candidates[i]), float(values[i])) for i in top]


def _column_maxima(data: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """Each token's largest per-record score (0 for a token with no records)."""
    maxima = np.zeros(len(indptr) - 1, dtype=data.dtype)
    filled = np.diff(indptr) > 0
    if filled.any():
        maxima[filled] = np.maximum.reduceat(data, indptr[:-1][filled])
    return maxima
