"""kill -9 during `zhengwuyuan add`: the index is the old one or the new one, whole (see eval/CRASH.md)."""

from __future__ import annotations

import pytest

from eval.crash_test import run_trials
from tests.conftest import DOCUMENTS

pytestmark = pytest.mark.slow


def test_killed_writers_leave_old_or_new_generation(index_settings, registry, tmp_path):
    extra = tmp_path / "2026_天桥区要点.txt"
    source = (DOCUMENTS / "2025_济南市市中区_政务公开工作要点.txt").read_text(encoding="utf-8")
    extra.write_text(source.replace("市中区", "天桥区"), encoding="utf-8")
    trials = run_trials(index_settings.index_dir, extra, registry, kills=3)
    assert [t.outcome for t in trials if t.outcome not in ("old", "new")] == []
