"""Log questions without personal data: ID numbers, phones, bank cards and emails are masked.

Logs are one JSON-lines file per day under ``Settings.log_dir``; files older
than ``Settings.log_retention_days`` are deleted when the log opens and when
the day changes.
"""

from __future__ import annotations

import json
import re
import threading
import time
from datetime import date, timedelta
from pathlib import Path

__all__ = ["QuestionLog", "mask"]

_PATTERNS = [
    (
        re.compile(
            r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])"
        ),
        "[身份证号]",
    ),
    (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"), "[邮箱]"),
    (re.compile(r"(?<!\d)(?:\d[ -]?){15,18}\d(?!\d)"), "[银行卡号]"),
    (re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)"), "[手机号]"),
    (re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)"), "[电话]"),
]


def mask(text: str) -> str:
    """Replace personal identifiers with labels; ID numbers first, so their digits are not read as phones."""
    for pattern, label in _PATTERNS:
        text = pattern.sub(label, text)
    return text


class QuestionLog:
    """Append masked questions to ``questions-YYYY-MM-DD.jsonl``; prune by retention."""

    def __init__(self, folder: Path, retention_days: int) -> None:
        self.folder = folder
        self.retention_days = retention_days
        self._lock = threading.Lock()
        self._day: date | None = None

    def write(self, question: str, answered: bool, intent: str, generation: str) -> None:
        today = date.today()
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "question": mask(question)[:1000],
            "answered": answered,
            "intent": intent,
            "generation": generation,
        }
        with self._lock:
            if self._day != today:
                self.folder.mkdir(parents=True, exist_ok=True)
                self.prune(today)
                self._day = today
            with open(self.folder / f"questions-{today.isoformat()}.jsonl", "a", encoding="utf-8") as handle:
                handle.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def prune(self, today: date) -> None:
        oldest = today - timedelta(days=self.retention_days)
        for path in self.folder.glob("questions-*.jsonl"):
            try:
                day = date.fromisoformat(path.stem.removeprefix("questions-"))
            except ValueError:
                continue
            if day < oldest:
                path.unlink(missing_ok=True)
