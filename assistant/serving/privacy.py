"""Log questions without personal data: ID numbers, phones, bank cards and emails are masked.

Logs are one JSON-lines file per day under ``Settings.log_dir``; files older
than ``Settings.log_retention_days`` are deleted when the log opens and when
the day changes.
"""

from __future__ import annotations

import json
import logging
import os
import re
import threading
import time
import unicodedata
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["AccessLogFilter", "QuestionLog", "install_access_log_filter", "mask"]

log = logging.getLogger("zhengwuyuan.privacy")

_SEP = r"[-. ]?"  # phones are written 138-1234-5678, 138.1234.5678 or 138 1234 5678
_PATTERNS = [
    (
        re.compile(
            r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])"
        ),
        "[身份证号]",
    ),
    (  # the 15-digit ID number issued before 1999: area, YYMMDD, sequence
        re.compile(r"(?<![0-9A-Za-z])[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])"),
        "[身份证号]",
    ),
    (re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.\w{2,}"), "[邮箱]"),  # \w: non-ASCII addresses too
    (re.compile(r"(?<!\d)(?:\d[ -]?){15,18}\d(?!\d)"), "[银行卡号]"),
    (re.compile(rf"(?<!\d)(?:\+?86{_SEP})?1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}}(?!\d)"), "[手机号]"),
    (re.compile(r"(?<!\d)0\d{2,3}[-. ]?\d{7,8}(?!\d)"), "[电话]"),
]


def mask(text: str) -> str:
    """Replace personal identifiers with labels; ID numbers first, so their digits are not read as phones.

    Characters whose NFKC form is an ASCII letter, digit or ``@ . - + _ %``
    are folded to it first (full-width digits, ``＠``), so they match the same
    patterns; the question's own punctuation (``？``) is kept as typed.
    """
    text = "".join(_fold(ch) for ch in text)
    for pattern, label in _PATTERNS:
        text = pattern.sub(label, text)
    return text


def _fold(ch: str) -> str:
    folded = unicodedata.normalize("NFKC", ch) if not ch.isascii() else ch
    return folded if len(folded) == 1 and folded.isascii() and (folded.isalnum() or folded in "@.-+_%") else ch


class QuestionLog:
    """Append masked questions to ``questions-YYYY-MM-DD.jsonl``; prune by retention.

    Writing is best-effort: a full or read-only log directory must not turn
    an answer into a 500, so failures are counted (see :meth:`health`) and
    logged, never raised. The folder is created 0700 and files 0600: they
    hold what citizens typed.
    """

    def __init__(self, folder: Path, retention_days: int) -> None:
        self.folder = folder
        self.retention_days = retention_days
        self._lock = threading.Lock()
        self._day: date | None = None
        self.failures = 0
        self.last_error: str | None = None

    def write(self, question: str, answered: bool, intent: str, generation: str) -> None:
        """Append one entry; never raises."""
        try:
            self._write(question, answered, intent, generation)
        except Exception as exc:  # best-effort by design: the answer goes out regardless
            with self._lock:
                self.failures += 1
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "写入失败"
                self.last_error = f"{type(exc).__name__}: {reason}"  # no path: /api/health is public
            log.warning("question log: %s", exc)

    def health(self) -> dict[str, object]:
        return {"failures": self.failures, "last_error": self.last_error}

    def _write(self, question: str, answered: bool, intent: str, generation: str) -> None:
        today = date.today()
        entry = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "question": mask(question)[:1000],
            "answered": answered,
            "intent": intent,
            "generation": generation,
        }
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        with self._lock:
            if self._day != today:
                self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                os.chmod(self.folder, 0o700)
                self.prune(today)
                self._day = today
            path = self.folder / f"questions-{today.isoformat()}.jsonl"
            descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            try:
                os.write(descriptor, line)
            finally:
                os.close(descriptor)

    def prune(self, today: date) -> None:
        oldest = today - timedelta(days=self.retention_days)
        for path in self.folder.glob("questions-*.jsonl"):
            try:
                day = date.fromisoformat(path.stem.removeprefix("questions-"))
            except ValueError:
                continue
            if day < oldest:
                path.unlink(missing_ok=True)


class AccessLogFilter(logging.Filter):
    """Drop the query string from uvicorn's access log lines: ``?unit=…`` may carry what a person typed."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str) and "?" in args[2]:
            record.args = (*args[:2], urlsplit(args[2]).path, *args[3:])
        return True


def install_access_log_filter() -> None:
    """Add :class:`AccessLogFilter` to ``uvicorn.access`` once per process."""
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, AccessLogFilter) for f in logger.filters):
        logger.addFilter(AccessLogFilter())
