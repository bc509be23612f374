"""Saved government web pages: article body only, page metadata, rowspan/colspan tables, encodings, limits."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.errors import DocumentError
from indexer.parsing.parse import parse_file
from indexer.parsing.readers import SUPPORTED_SUFFIXES, read_source
from indexer.parsing.readers.html import MAX_HTML_BYTES, MAX_HTML_DEPTH

_PAGE = """<!DOCTYPE html>
<html><head><meta charset="{charset}">
<title>测试区人民政府办公室关于印发2024年测试区政务公开工作要点的通知_通知公告_测试区人民政府</title>
<style>.x{{color:red}}</style><script>var menu = "首页 政务公开";</script></head>
<body>
<div class="top-bar"><a href="/">无障碍</a> | <a href="/m">手机版</a></div>
<div id="header"><span>测试区人民政府</span></div>
<ul class="main-nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li></ul>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
<div class="detail">
 <table class="info"><tr><td>索引号：</td><td>1234/2024-00001</td><td>发布机构：</td><td>测试区人民政府办公室</td></tr>
 <tr><td>成文日期：</td><td>2024-03-05</td><td>文号：</td><td>测政办发[2024]3号</td></tr></table>
 <h1>测试区人民政府办公室关于印发2024年测试区政务公开工作要点的通知</h1>
 <div class="article-content">
  <p>各街道办事处，区政府各部门：</p>
  <p>&nbsp;&nbsp;现将《2024年测试区政务公开工作要点》印发给你们，请认真贯彻落实。</p>
  <p style="text-align:center"><strong>2024年测试区政务公开工作要点</strong></p>
  <p>&nbsp;&nbsp;一、加强政策解读</p>
  <p>&nbsp;&nbsp;（一）做好&ldquo;一件事&rdquo;政策解读，同步发布解读材料。（责任单位：区政府办）</p>
  <p>&nbsp;&nbsp;（二）规范依申请公开办理，<br>提高答复质量。（责任单位：区司法局）</p>
  <table border="1">
   <tr><td colspan="5">附件：重点任务分解表</td></tr>
   <tr><td rowspan="2">序号</td><td rowspan="2">工作任务</td><td colspan="2">责任分工</td>
       <td rowspan="2">完成时限</td></tr>
   <tr><td>牵头单位</td><td>配合单位</td></tr>
   <tr><td>1</td><td>公开财政预决算信息</td><td rowspan="2">区财政局</td>
       <td>区审计局<br>区税务局</td><td>6月底前</td></tr>
   <tr><td>2</td><td>公开政府采购意向信息</td><td>——</td><td>年底前</td></tr>
   <tr><td colspan="5">注：完成时限为空的按有关规定执行。</td></tr>
  </table>
  <div class="bdsharebuttonbox"><a class="bds_weixin">分享到微信</a></div>
 </div>
 <div class="tools">【<a href="javascript:print()">打印</a>】【<a href="javascript:close()">关闭</a>】</div>
</div>
<div class="footer"><p>版权所有：测试区人民政府 <a href="https://beian.miit.gov.cn">某ICP备12345678号</a></p></div>
</body></html>
"""


def _write(tmp_path: Path, name: str = "page.html", charset: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(_PAGE.format(charset=charset).encode("gb18030" if charset == "gbk" else charset))
    return path


def test_html_suffixes_are_registered() -> None:
    assert ".html" in SUPPORTED_SUFFIXES and ".htm" in SUPPORTED_SUFFIXES


def test_article_body_only_without_page_furniture(tmp_path: Path) -> None:
    text = "\n".join(read_source(_write(tmp_path)).lines)
    for noise in (
        "无障碍",
        "首页",
        "当前位置",
        "版权所有",
        "ICP备",
        "分享到",
        "打印",
        "var menu",
        "color:red",
        "索引号",
    ):
        assert noise not in text
    assert "&nbsp;" not in text and "“一件事”" in text
    assert "规范依申请公开办理，" in text and "提高答复质量。" in text  # <br> breaks the line


def test_page_metadata_gives_title_region_number_and_date(tmp_path: Path) -> None:
    lines = read_source(_write(tmp_path)).lines
    assert lines[:4] == [
        "测试区人民政府办公室关于印发2024年测试区政务公开工作要点的通知",
        "文号：测政办发〔2024〕3号",
        "发文日期：2024年3月5日",
        "发布机构：测试区人民政府办公室",
    ]
    document = parse_file(_write(tmp_path)).document
    # 测试区 is no real place: the gazetteer refuses it (the region is unknown, not made up).
    assert (document.title, document.region, document.year) == ("2024年测试区政务公开工作要点", "", 2024)
    assert (document.number, document.issue_date) == ("测政办发〔2024〕3号", "2024-03-05")


def test_rowspan_and_colspan_table_becomes_a_grid(tmp_path: Path) -> None:
    source = read_source(_write(tmp_path))
    assert len(source.grids) == 1
    grid, region = source.grids[0]
    assert grid.header == ["序号", "工作任务", "牵头单位", "配合单位", "完成时限"]
    assert [row.cells for row in grid.rows] == [
        ["1", "公开财政预决算信息", "区财政局", "区审计局、区税务局", "6月底前"],
        ["2", "公开政府采购意向信息", "区财政局", "——", "年底前"],
    ]
    assert "附件：重点任务分解表" in source.lines and "注：完成时限为空的按有关规定执行。" in source.lines
    assert all(source.lines[row.span.start - 1].startswith(row.cells[0] + "\t") for row in grid.rows)
    assert region.start == source.lines.index("序号\t工作任务\t责任分工\t责任分工\t完成时限")


def test_records_from_prose_and_table(tmp_path: Path) -> None:
    parsed = parse_file(_write(tmp_path))
    units = {r.text: (r.lead_units, r.responsible_units, r.deadline.date) for r in parsed.records}
    assert units == {
        "做好“一件事”政策解读，同步发布解读材料。": ([], ["区政府办"], None),
        "规范依申请公开办理，提高答复质量。": ([], ["区司法局"], None),  # rejoined across the <br>
        "公开财政预决算信息": (["区财政局"], ["区审计局", "区税务局"], "2024-06-30"),
        "公开政府采购意向信息": (["区财政局"], [], "2024-12-31"),  # rowspan lead cell repeated
    }
    assert parsed.warnings == []


def test_gbk_page_is_decoded_by_its_meta_charset(tmp_path: Path) -> None:
    path = _write(tmp_path, "gbk.htm", charset="gbk")
    assert path.read_bytes().decode("utf-8", errors="replace") != _PAGE  # really GBK bytes
    document = parse_file(path).document
    assert (document.title, document.region) == ("2024年测试区政务公开工作要点", "")  # 测试区 is no real place


def test_undeclared_gbk_and_pubdate_meta(tmp_path: Path) -> None:
    page = (
        '<html><head><meta name="PubDate" content="2022-07-01 09:00"><title>某县2022年政务公开工作要点-某县政府</title>'
        "</head><body><p>一、公开预算</p><p>（一）公开部门预算。（责任单位：县财政局）</p></body></html>"
    )
    path = tmp_path / "plain.html"
    path.write_bytes(page.encode("gbk"))
    lines = read_source(path).lines
    assert lines[:2] == ["某县2022年政务公开工作要点", "发文日期：2022年7月1日"]


def test_hostile_pages_are_refused_clearly(tmp_path: Path) -> None:
    deep = tmp_path / "deep.html"
    deep.write_text("<html><body>" + "<div>" * (MAX_HTML_DEPTH + 50) + "x</body></html>", encoding="utf-8")
    big = tmp_path / "big.html"
    big.write_bytes(b"<html><body><p>" + b"a" * (MAX_HTML_BYTES + 1) + b"</p></body></html>")
    binary = tmp_path / "binary.html"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><script>x()</script></body></html>", encoding="utf-8")
    for path, reason in ((deep, "嵌套"), (big, "MB"), (binary, "二进制"), (empty, "没有正文")):
        with pytest.raises(DocumentError, match=reason):
            read_source(path)
