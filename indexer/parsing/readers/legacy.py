"""Legacy Word ``.doc`` and WPS ``.wps``: converted to .docx by LibreOffice headless, then read as .docx.

Their binary formats are never guessed at: the container is checked by its
magic bytes (OLE2/CFB, or a zip for newer WPS files) so that an executable
renamed to .doc is refused before anything runs, and the conversion uses
LibreOffice (Debian ``libreoffice-writer-nogui``) in a temporary directory
with its own HOME and a timeout. Without LibreOffice the message says how to
convert the file by hand.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from indexer.errors import DocumentError
from indexer.parsing.readers.docx import read_docx
from indexer.parsing.readers.source import Source

__all__ = ["CONVERT_TIMEOUT_SECONDS", "read_legacy_word"]

CONVERT_TIMEOUT_SECONDS = 60
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
_NOT_INSTALLED = (
    "无法读取 {suffix} 文件：服务器未安装 LibreOffice。请用 Word 或 WPS 打开后“另存为”.docx 再上传，"
    "或由管理员安装 LibreOffice（Debian：apt-get install libreoffice-writer-nogui）"
)


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_legacy_word(path: Path, data: bytes) -> Source:
    """Check the container, convert with LibreOffice, read the result with the .docx reader."""
    suffix = path.suffix.lower()
    if not data.startswith(_OLE2) and not (suffix == ".wps" and data.startswith(_ZIP)):
        raise DocumentError(str(path), f"不是有效的 {suffix} 文件（文件头不是 Word/WPS 文档格式），已拒绝")
    program = _soffice()
    if program is None:
        raise DocumentError(str(path), _NOT_INSTALLED.format(suffix=suffix))
    with tempfile.TemporaryDirectory(prefix="zwy-convert-") as folder:
        work = Path(folder)
        source = work / f"document{suffix}"
        source.write_bytes(data)
        (work / "home").mkdir()
        command = [program, "--headless", "--norestore", "--convert-to", "docx", "--outdir", str(work / "out")]
        environment = {**os.environ, "HOME": str(work / "home")}
        _convert([*command, str(source)], environment, work, path, suffix)
        converted = work / "out" / "document.docx"
        if not converted.is_file():
            raise DocumentError(str(path), f"LibreOffice 无法转换此 {suffix} 文件（文件可能已损坏或加密）")
        try:
            return read_docx(converted, converted.read_bytes())
        except DocumentError as exc:
            raise DocumentError(str(path), f"转换后的文档无法读取：{exc.problem}") from exc


def _convert(command: list[str], environment: dict[str, str], work: Path, path: Path, suffix: str) -> None:
    """Run LibreOffice in its own process group, so a hung conversion is killed with all its children."""
    try:
        process = subprocess.Popen(
            command,
            env=environment,
            cwd=work,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError as exc:
        raise DocumentError(str(path), f"无法启动 LibreOffice 转换：{exc.strerror}") from exc
    try:
        process.wait(timeout=CONVERT_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise DocumentError(str(path), f"{suffix} 转换超时（超过 {CONVERT_TIMEOUT_SECONDS} 秒），已终止") from exc
