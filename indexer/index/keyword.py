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
_EMPTY = "empty"  # marks an index of no texts
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
    """BM25 scores (bm25s's own scoring) for a question's tokens, restricted by a mask before the top k.

    bm25s scores the whole corpus from its precomputed sparse columns and
    multiplies by ``weight_mask``; the top k is then taken among the records
    with a positive score. A hand-written scorer over touched records only was
    measured against this and was slower at 1e3–1e5 records and no faster at
    1e6 (eval/BENCH.md), so the library's path is the one kept.
    """

    def __init__(self, bm25: bm25s.BM25 | None, tokenizer: JiebaTokenizer) -> None:
        self.bm25 = bm25  # None for an empty index (bm25s cannot index nothing)
        self.tokenizer = tokenizer
        self._vocab: dict[str, int] = bm25.vocab_dict if bm25 is not None else {}

    @classmethod
    def build(cls, texts: list[str], tokenizer: JiebaTokenizer) -> KeywordIndex:
        if not texts:
            return cls(None, tokenizer)
        vocab: dict[str, int] = {}
        ids = [[vocab.setdefault(token, len(vocab)) for token in tokenizer(text)] for text in texts]
        bm25 = bm25s.BM25()
        bm25.index(Tokenized(ids=ids, vocab=vocab), show_progress=False)
        bm25.vocab_dict = vocab
        return cls(bm25, tokenizer)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        if self.bm25 is None:
            (folder / _EMPTY).write_text("0\n", encoding="utf-8")
        else:
            self.bm25.save(str(folder), show_progress=False)
        self.tokenizer.save(folder)

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex:
        if (folder / _EMPTY).exists():
            return cls(None, JiebaTokenizer.load(folder))
        # Memory-mapped score columns: worker processes serving one generation share their pages.
        bm25 = bm25s.BM25.load(str(folder), mmap=True, show_progress=False, verbosity=0)
        return cls(bm25, JiebaTokenizer.load(folder))

    def __len__(self) -> int:
        return int(self.bm25.scores["num_docs"]) if self.bm25 is not None else 0

    def token_ids(self, question: str) -> list[int]:
        """The question's tokens that the index knows, as vocabulary ids (a repeated token counts twice)."""
        return [self._vocab[t] for t in self.tokenizer(question) if t in self._vocab]

    def search(self, question: str, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Top ``k`` (position, BM25 score) pairs with a positive score, best first; ties: earlier record first.

        ``allowed`` (a mask by position) restricts the ranking to those records.
        """
        token_ids = self.token_ids(question)
        if not token_ids or k <= 0 or self.bm25 is None:
            return []
        scores = self.bm25.get_scores_from_ids(token_ids, weight_mask=allowed)
        return _best(np.flatnonzero(scores > 0), scores, k)


def _best(candidates: np.ndarray, totals: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The top ``k`` of ``candidates`` by their ``totals``; ties: earlier record first."""
    values = totals[candidates]
    k = min(k, len(candidates))
    top = np.argpartition(-values, k - 1)[:k] if k < len(candidates) else np.arange(len(candidates))
    top = top[np.lexsort((candidates[top], -values[top]))]
    return [(int(candidates[i]), float(values[i])) for i in top]
