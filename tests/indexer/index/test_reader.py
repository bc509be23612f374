"""The index changes under load: readers never fail, never mix generations; damage falls back."""

from __future__ import annotations

import random
import shutil
import threading

import pytest

from assistant.answering.answerer import Assistant
from assistant.settings import Settings
from indexer.index.catalog import Catalog
from indexer.index.layout import read_current
from tests.conftest import DOCUMENTS

pytestmark = pytest.mark.slow
QUESTIONS = [
    "政策解读工作指引谁牵头？",
    "我家老人想了解养老院监管情况，会公开吗？",
    "区大数据局负责哪些任务？",
    "哪些任务9月底前要完成？",
    "博山区招投标信息公开谁牵头？",
    "社保卡丢了怎么补办？",
]


@pytest.fixture()
def live(index_settings, encoder, tmp_path):
    index_dir = tmp_path / "index"
    shutil.copytree(index_settings.index_dir, index_dir)
    settings = Settings(index_dir=index_dir)
    kb = settings.knowledge_base(encoder).load()
    return settings, kb, Catalog(index_dir, encoder, kb.registry)


def test_sixteen_readers_while_documents_come_and_go(live, tmp_path):
    settings, kb, catalog = live
    assistant = Assistant(kb)
    extra = tmp_path / "2026_天桥区要点.txt"
    source = (DOCUMENTS / "2025_济南市市中区_政务公开工作要点.txt").read_text(encoding="utf-8")
    extra.write_text(source.replace("市中区", "天桥区").replace("2025", "2026"), encoding="utf-8")

    def documents_now() -> tuple[str, set[str]]:
        folder, manifest = read_current(settings.index_dir)
        return folder.name, {d["id"] for d in manifest["documents"]}

    documents_of = dict([documents_now()])
    errors: list[BaseException] = []
    answers: list = []
    stop = threading.Event()

    def reader(seed: int) -> None:
        rng = random.Random(seed)
        while not stop.is_set():
            try:
                answers.append(assistant.ask(rng.choice(QUESTIONS)))
            except BaseException as exc:  # any failure at all is what this test looks for
                errors.append(exc)

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(3):
            catalog.add([(extra, extra.name)])
            documents_of.update([documents_now()])
            catalog.remove("2026_天桥区要点")
            documents_of.update([documents_now()])
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == []
    assert len(answers) > 16
    for answer in answers:
        assert answer.generation in documents_of
        assert {c.doc_id for c in answer.citations} <= documents_of[answer.generation]  # never a mix


def test_damaged_current_generation_falls_back_to_previous(live, tmp_path, encoder):
    settings, kb, catalog = live
    previous = read_current(settings.index_dir)[0].name
    extra = tmp_path / "2026_天桥区要点.txt"
    source = (DOCUMENTS / "2025_济南市市中区_政务公开工作要点.txt").read_text(encoding="utf-8")
    extra.write_text(source.replace("市中区", "天桥区"), encoding="utf-8")
    current = catalog.add([(extra, extra.name)]).generation
    damaged = settings.index_dir / "generations" / current / "records.sqlite"
    damaged.write_bytes(damaged.read_bytes()[:-100] + b"\0" * 100)

    restarted = settings.knowledge_base(encoder).load()
    assert restarted.current().generation == previous
    assert current in restarted.problem and "回退" in restarted.problem
    answer = Assistant(restarted).ask("政策解读工作指引谁牵头？")
    assert answer.answered and answer.generation == previous

    from fastapi.testclient import TestClient

    from assistant.serving.app import create_app

    with TestClient(create_app(settings, with_ui=False)) as client:
        health = client.get("/api/health").json()
    assert health["status"] == "degraded" and health["generation"] == previous


def test_running_reader_keeps_old_snapshot_until_switch(live, tmp_path):
    settings, kb, catalog = live
    before = kb.current()
    extra = tmp_path / "2026_天桥区要点.txt"
    extra.write_text(
        (DOCUMENTS / "2025_济南市市中区_政务公开工作要点.txt").read_text(encoding="utf-8").replace("市中区", "天桥区"),
        encoding="utf-8",
    )
    generation = catalog.add([(extra, extra.name)]).generation
    assert before.store.count() == 233  # a reader holding the old snapshot still reads it whole
    after = kb.current()
    assert after.generation == generation and after.store.count() == 249
