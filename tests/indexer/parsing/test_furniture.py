"""Page furniture: what a website or a document-sharing site prints around a document is never a task."""

from __future__ import annotations

import pytest

from indexer.parsing.text import is_furniture
from tests.indexer.parsing.real_pages import real_records


@pytest.mark.parametrize(
    "line",
    [
        "来源: 北京市人民政府 更新时间:2018-09-10 点击:1165",
        "- 文档编号:5328372",
        "- 格式:DOCX",
        "当前位置: 首页» 政务公开» 政府文件",
        "首页 -> 政务公开 -> 政府信息公开制度",
        "丨     网站无障碍 丨 关怀版",
        "发布日期: 2024-08-20 11:19 来源: 本网 字体大小:",
        "[字体: ] 打印",
        "《某市政务公开工作要点实施方案.docx》由会员分享,可在线阅读,更多相关《…(31页珍藏版)》请在某网上搜索。",
    ],
)
def test_furniture(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize("line", ["完成时间：2020年底", "时间安排：年底前完成", "1.做好公开", "资金来源：区财政"])
def test_not_furniture(line: str) -> None:
    assert not is_furniture(line)


def test_document_viewer_page_gives_no_furniture_records() -> None:
    """weifang_2017: 文档编号/上传时间/格式/页数/大小 bullets above the table were records."""
    texts = [r.text for r in real_records("weifang_2017")]
    assert not any(word in text for text in texts for word in ("文档编号", "上传时间", "页数", "由会员分享"))
    assert any(text.startswith("加强市内外舆情收集研判") for text in texts)  # the last, cut-off row is kept
