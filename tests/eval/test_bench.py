"""``zhengwuyuan bench`` end to end at small sizes: every measurement reaches the report."""

from __future__ import annotations

import json

import pytest

from assistant.settings import PROJECT_ROOT
from eval.bench import run_bench

pytestmark = pytest.mark.slow


def test_bench_builds_measures_and_reports(index_settings, tmp_path):
    report = tmp_path / "BENCH.md"
    results = run_bench(
        index_settings,
        [300, 12_000],
        tmp_path / "work",
        report,
        encode_up_to=300,
        rank_bm25_up_to=12_000,
        questions_path=PROJECT_ROOT / "eval" / "dev_questions.jsonl",
        backends=("onnx",),
    )
    small, large = results["sizes"]
    assert small["embedding"] == "real" and large["embedding"] == "derived"
    assert small["manifest_dense"]["kind"] == "flat" and small["recall_at_10"] == 1.0
    assert large["manifest_dense"]["kind"] == "hnsw" and large["recall_at_10"] >= 0.95
    for row in results["sizes"]:
        assert set(row["seconds"]) >= {"parse", "store", "embed", "faiss", "keyword"}
        assert row["latency_ms"]["hybrid"]["n"] == 132
        assert row["baselines_ms"]["rank_bm25"]["p50"] > 0 and row["baselines_ms"]["faiss_flat"]["p50"] > 0
        assert row["disk_mb"]["vectors.npy"] > 0 and row["build_peak_rss_gb"] > 0
        assert row["passages"] > 0 and row["disk_mb"]["passages"] > 0  # both channels are built and measured
    assert results["encoders"][0]["pass_rate"] >= 0.95
    text = report.read_text(encoding="utf-8")
    assert "| 12,000 |" in text and "HNSW32" in text and "rank_bm25 ÷ keyword" in text
    assert report.with_suffix(".png").stat().st_size > 10_000
    saved = json.loads(report.with_suffix(".json").read_text(encoding="utf-8"))
    assert [row["size"] for row in saved["sizes"]] == [300, 12_000]
    assert not (tmp_path / "work" / "index-12000").exists()  # large intermediates are removed
