"""Real PDFs for the reader tests: HTML printed by Debian's headless Chromium (``make browser``)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

__all__ = ["TASK_TABLE_PAGE", "chromium_pdf", "long_table_html"]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
_STYLE = (
    "<style>body{font-family:'WenQuanYi Micro Hei',sans-serif;font-size:16px}"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #000;padding:4px}</style>"
)

TASK_TABLE_PAGE = """
<h2>测试县2024年政务公开工作要点</h2>
<p>　　为做好全县政务公开工作，深化重点领域信息公开，提升政策解读和平台服务水平，
以高质量政务公开助力经济社会发展，现提出如下要点。</p>
<table>
<tr><th>序号</th><th>工作内容</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>
<tr><td>1</td><td>公开县级预算决算和部门预算决算信息，细化到功能分类项级科目。</td>
<td rowspan="2">县财政局</td><td>县直各部门</td><td>6月底前</td></tr>
<tr><td>2</td><td>公开政府债务限额余额和使用安排情况。</td><td>县发改局</td><td>年底前</td></tr>
<tr><td>3</td><td>公开义务教育招生入学政策和学区划分信息。</td><td>县教育局</td><td>——</td><td>8月31日前</td></tr>
</table>
"""


def long_table_html(rows: int, title: str = "测试市2025年政务公开工作要点") -> str:
    """A task table long enough to run over several pages; Chromium repeats its ``<thead>`` on each."""
    body = "".join(
        f"<tr><td>{i}</td><td>公开第{i}项重点领域信息，做好政策解读和回应关切工作，确保发布及时准确，编号{i}。</td>"
        f"<td>{'市财政局牵头，市审计局配合' if i % 3 else '市人社局'}</td><td>{i % 12 + 1}月底前</td></tr>"
        for i in range(1, rows + 1)
    )
    return (
        f"<h2>{title}</h2><p>　　各单位要对照任务清单抓好落实。</p>"
        f"<table><thead><tr><th>序号</th><th>工作任务</th><th>责任单位</th><th>完成时限</th></tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def chromium_pdf(html: str, folder: Path, name: str = "doc", header_footer: bool = False) -> Path:
    """Print ``html`` to ``folder/name.pdf`` with headless Chromium; ``header_footer`` keeps its running
    header (date, title) and footer (address, page N/M) on every page."""
    if CHROMIUM is None:
        pytest.skip("Debian chromium 未安装（make browser 会安装）")
    page = folder / f"{name}.html"
    page.write_text(f"<html><head><meta charset='utf-8'><title>{name}</title>{_STYLE}</head><body>{html}</body></html>")
    target = folder / f"{name}.pdf"
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={target}"]
    command += [] if header_footer else ["--no-pdf-header-footer"]
    subprocess.run([*command, page.as_uri()], capture_output=True, timeout=120, check=False, cwd=folder)
    assert target.is_file(), "chromium did not print the PDF"
    return target
