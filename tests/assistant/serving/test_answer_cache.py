"""The answer cache: keys as fine as the analyzer's reading, LRU, a new generation never serves an old answer."""

from __future__ import annotations

from datetime import date

from assistant.serving.answer_cache import AnswerCache, CachedAnswer, CacheKey, normalised_question


def test_questions_the_analyzer_reads_alike_share_a_key():
    assert normalised_question("政策解讀工作指引誰牽頭？") == normalised_question("政策解读工作指引谁牵头?")
    assert normalised_question("  政策解读\u3000工作指引  谁牵头？ ") == normalised_question(
        "政策解读 工作指引 谁牵头?"
    )
    assert normalised_question("２０２５年任务") == normalised_question("2025年任务")
    assert normalised_question("政策解读谁牵头") != normalised_question("政策解读谁配合")


def _key(question: str, generation: str = "g1") -> CacheKey:
    return CacheKey(normalised_question(question), 5, None, None, generation, date(2026, 11, 23))


def test_lru_keeps_the_newest_and_a_new_generation_is_a_new_key():
    cache = AnswerCache(2)
    answer = CachedAnswer(b"{}", True, "who", "g1")
    cache.put(_key("一"), answer)
    cache.put(_key("二"), answer)
    assert cache.get(_key("一")) is answer  # now the most recent
    cache.put(_key("三"), answer)
    assert cache.get(_key("二")) is None and cache.get(_key("三")) is answer
    assert cache.get(_key("一", generation="g2")) is None
    assert cache.health() == {"size": 2, "hits": 2, "misses": 2}
    empty = AnswerCache(0)
    empty.put(_key("一"), answer)
    assert empty.get(_key("一")) is None
