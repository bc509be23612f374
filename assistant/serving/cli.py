"""The ``zhengwuyuan`` command: index, add, remove, documents, inspect, tasks, ask, chat, serve.

Evaluation and benchmarks are not here: they live in ``eval/`` with their own
entry point (``python -m eval``), so the shipped command never imports them.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from assistant.answering.tasks import TaskQuery, TaskStatus, UnknownRegion, list_tasks
from assistant.serving.places import place_cells, place_lines
from assistant.serving.quiet import quiet_third_party
from assistant.settings import Settings
from indexer.errors import ZhengwuyuanError
from indexer.parsing.identity.declared import Declaration, declaration

__all__ = ["INDEX_DIR_OPTION", "app", "fail", "settings_for"]

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, help="AI政务员：政务公开工作要点问答与任务查询")
console = Console(stderr=True)
INDEX_DIR_OPTION = typer.Option(None, "--index-dir", help="索引目录（默认 ZHENGWUYUAN_INDEX_DIR 或 ./index）")
REGION_OPTION = typer.Option(
    None, "--region", help="声明文件所属地区（全国行政区划名，如 荆州市沙市区），优先于文件中的线索"
)
YEAR_OPTION = typer.Option(None, "--year", help="声明文件的年份（如 2025），优先于文件中的线索")


@app.callback()
def _quiet() -> None:
    """Every command starts with the known third-party noise filtered (see assistant.serving.quiet)."""
    quiet_third_party()


def settings_for(index_dir: Path | None) -> Settings:
    """The settings, with ``--index-dir`` (when given) overriding ``ZHENGWUYUAN_INDEX_DIR``."""
    settings = Settings()
    if index_dir is not None:
        settings.index_dir = index_dir
    return settings


def fail(message: str) -> NoReturn:
    """Say what went wrong in Chinese on stderr and exit 1 (never a traceback)."""
    console.print(f"[red]错误：[/red]{message}", highlight=False)
    raise typer.Exit(code=1)


def _declared(region: str | None, year: str | None) -> Declaration:
    """The operator's declaration, validated before any file is touched (a bad one exits with the reason)."""
    try:
        return declaration(region, year)
    except ZhengwuyuanError as exc:
        fail(str(exc))


def _date(option: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option} 需要 YYYY-MM-DD 格式的日期，收到“{value}”")


@app.command()
def index(
    paths: list[Path] = typer.Argument(None, help="文件或目录；默认 knowledge_base/documents/"),
    index_dir: Path | None = INDEX_DIR_OPTION,
    region: str | None = REGION_OPTION,
    year: str | None = YEAR_OPTION,
) -> None:
    """解析文档，写入任务记录、向量索引和关键词索引（新一代索引原子切换）。"""
    declared = _declared(region, year)
    settings = settings_for(index_dir)
    try:
        with Progress(console=console, transient=True) as progress:
            task = progress.add_task("加载向量模型（首次使用时重建并导出 ONNX，约 30 秒）", total=None)
            catalog = settings.catalog(settings.encoder().load())

            def on_progress(label: str, done: int, total: int) -> None:
                progress.update(task, description=label, completed=done, total=total or None)

            report = catalog.build(paths or [settings.documents_dir], on_progress, declared)
    except ZhengwuyuanError as exc:
        fail(str(exc))
    table = Table(title="索引摘要")
    for column in ("文档", "地区（来源）", "年份（来源）", "任务数", "有责任单位", "有日期", "长期", "未定", "提示"):
        table.add_column(column, overflow="fold")  # wrapped, not cut: the place and its source stay readable
    for summary in report.documents:
        d, s = summary.document, summary.stats
        counts = (s.records, s.with_units, s.with_dates, s.ongoing, s.unspecified, len(summary.warnings))
        table.add_row(d.title, *place_cells(d), *map(str, counts))
    console.print(table)
    for failure in report.failures:
        console.print(f"[yellow]跳过[/yellow] {failure.path}：{failure.problem}", highlight=False)
    if report.generation is None:
        fail("没有任何文档被成功索引。")
    console.print(f"索引已写入 {report.generation}")


@app.command()
def add(
    files: list[Path] = typer.Argument(..., help=".txt/.md/.docx 文件"),
    index_dir: Path | None = INDEX_DIR_OPTION,
    region: str | None = REGION_OPTION,
    year: str | None = YEAR_OPTION,
) -> None:
    """向本地索引添加或更新文档（内容相同则不变；同名新版本替换旧版本，并保留此前声明的地区与年份）。"""
    declared = _declared(region, year)
    missing = [f for f in files if not f.is_file()]
    if missing:
        fail("文件不存在：" + "、".join(map(str, missing)))
    try:
        result = settings_for(index_dir).catalog().add([(f, f.name) for f in files], declared)
    except ZhengwuyuanError as exc:
        fail(str(exc))
    for label, ids in (("新增", result.added), ("替换", result.replaced), ("未变化", result.unchanged)):
        for doc_id in ids:
            console.print(f"{label}：{doc_id}  " + "  ".join(place_lines(result.documents[doc_id])), highlight=False)
    for doc_id, warnings in result.warnings.items():
        if warnings:
            console.print(f"{doc_id}：{len(warnings)} 条解析提示（用 zhengwuyuan inspect 查看）", highlight=False)
    for failure in result.failures:
        console.print(f"[yellow]跳过[/yellow] {failure.path}：{failure.problem}", highlight=False)
    if result.generation:
        console.print(f"新一代索引：{result.generation}")
    if result.failures and not (result.added or result.replaced or result.unchanged):
        raise typer.Exit(code=1)


@app.command()
def remove(
    doc_id: str = typer.Argument(..., help="文档标识（见 zhengwuyuan documents）"),
    index_dir: Path | None = INDEX_DIR_OPTION,
) -> None:
    """从本地索引删除一份文档。"""
    try:
        result = settings_for(index_dir).catalog().remove(doc_id)
    except ZhengwuyuanError as exc:
        fail(str(exc))
    console.print(f"已删除 {doc_id}；新一代索引：{result.generation}")


@app.command()
def documents(index_dir: Path | None = INDEX_DIR_OPTION) -> None:
    """列出当前索引中的文档。"""
    table = Table(title="知识库文档")
    for column in ("标识", "标题", "任务数", "sha256"):
        table.add_column(column, overflow="fold")
    for entry in settings_for(index_dir).catalog().documents():
        table.add_row(entry["id"], entry["title"], str(entry["records"]), entry["sha256"][:12])
    Console().print(table)


@app.command()
def inspect(
    file: Path = typer.Argument(..., help="要检查的文件"),
    as_json: bool = typer.Option(False, "--json", help="输出文档、任务记录与解析提示的 JSON"),
    region: str | None = REGION_OPTION,
    year: str | None = YEAR_OPTION,
) -> None:
    """只解析、不入库：地区与年份及其来源、识别出的任务记录，以及无法归属的单位、未解析的时限和不属于任何条目的行。"""
    from indexer.parsing.parse import parse_file

    declared = _declared(region, year)
    try:
        parsed = parse_file(file, declared=declared)
    except ZhengwuyuanError as exc:
        fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps(parsed.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return
    d = parsed.document
    out = Console()
    out.print(f"《{d.title}》 文号：{d.number or '—'}", highlight=False)
    for line in place_lines(d):
        out.print(line, highlight=False)
    table = Table(title=f"任务记录（{len(parsed.records)} 条）")
    for column in ("行", "序号", "内容", "牵头", "责任/配合", "时限"):
        table.add_column(column, overflow="fold")
    for r in parsed.records:
        deadline = f"{r.deadline.raw}（{r.deadline.date or r.deadline.kind}）" if r.deadline.raw else "—"
        lines = f"{r.source.line_start}-{r.source.line_end}"
        table.add_row(lines, r.number, r.text[:40], "、".join(r.lead_units), "、".join(r.responsible_units), deadline)
    Console().print(table)
    warnings = Table(title=f"解析提示（{len(parsed.warnings)} 条）")
    for column in ("行", "类别", "内容"):
        warnings.add_column(column, overflow="fold")
    for warning in parsed.warnings:
        warnings.add_row(str(warning.line), warning.kind, warning.text)
    Console().print(warnings)


@app.command()
def tasks(
    unit: str | None = typer.Option(None, "--unit", help="单位（支持简称，如 区人社局）"),
    region: str | None = typer.Option(None, "--region"),
    year: int | None = typer.Option(None, "--year"),
    due_before: str | None = typer.Option(None, "--due-before", help="截止日期不晚于 YYYY-MM-DD"),
    due_after: str | None = typer.Option(None, "--due-after", help="截止日期不早于 YYYY-MM-DD"),
    status: TaskStatus | None = typer.Option(None, "--status", help="upcoming / overdue / ongoing / unspecified"),
    as_json: bool = typer.Option(False, "--json", help="输出任务的 JSON 列表（与 /api/tasks 相同）"),
    index_dir: Path | None = INDEX_DIR_OPTION,
) -> None:
    """列出任务：按单位（含别名与集体部署）、地区、年份、截止日期、状态过滤。"""
    from indexer.index.reader import open_records

    query = TaskQuery(unit, region, year, _date("--due-before", due_before), _date("--due-after", due_after), status)
    settings = settings_for(index_dir)
    try:
        rows = list_tasks(open_records(settings.index_dir, settings.registry()), query, date.today())
    except (UnknownRegion, ZhengwuyuanError) as exc:
        fail(str(exc))
    if as_json:
        sys.stdout.write(json.dumps([row.to_dict() for row in rows], ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"任务（{len(rows)} 项）")
    for column in ("编号", "文档", "条目", "内容", "牵头", "责任/配合", "时限"):
        table.add_column(column, overflow="fold")
    for row in rows:
        r = row.record
        table.add_row(
            r.number,
            f"{r.year} {r.region}",
            r.section.rsplit(" > ", 1)[-1],
            r.text[:40],
            "、".join(r.lead_units),
            ("［集体］" if row.collective else "") + "、".join(r.responsible_units),
            r.deadline.raw or "—",
        )
    Console().print(table)


@app.command()
def ask(
    question: str | None = typer.Argument(None, help="问题；省略时从标准输入逐行读取"),
    as_json: bool = typer.Option(False, "--json"),
    top_k: int | None = typer.Option(None, "--top-k", min=1, max=50, help="引用条数（默认 ZHENGWUYUAN_TOP_K）"),
    index_dir: Path | None = INDEX_DIR_OPTION,
) -> None:
    """回答问题并给出出处；不带问题时每行一个问题、每行一个答案。"""
    from assistant.answering.answerer import Assistant

    settings = settings_for(index_dir)
    try:
        assistant = Assistant.from_settings(settings.knowledge_base(), settings)
    except ZhengwuyuanError as exc:
        fail(str(exc))
    questions = [question] if question is not None else (line.rstrip("\n") for line in sys.stdin)
    for q in questions:
        answer = assistant.ask(q, top_k=top_k or settings.top_k)
        sys.stdout.write((json.dumps(answer.to_dict(), ensure_ascii=False) if as_json else answer.text + "\n") + "\n")
        sys.stdout.flush()


@app.command()
def chat(
    top_k: int | None = typer.Option(None, "--top-k", min=1, max=50, help="引用条数（默认 ZHENGWUYUAN_TOP_K）"),
    index_dir: Path | None = INDEX_DIR_OPTION,
) -> None:
    """交互式对话：可以追问（“那它什么时候完成？”“第二条详细说说”“其中逾期的”），反问时输入序号选择；输入“退出”结束。"""
    from dataclasses import replace

    from assistant.answering.answerer import Assistant
    from assistant.conversation.dialogue import Dialogue
    from assistant.conversation.state import ConversationState

    settings = settings_for(index_dir)
    try:
        dialogue = Dialogue.from_settings(Assistant.from_settings(settings.knowledge_base(), settings), settings)
    except ZhengwuyuanError as exc:
        fail(str(exc))
    dialogue = replace(dialogue, top_k=top_k or settings.top_k)
    out = Console(highlight=False)
    out.print("AI政务员：请提问，可以接着追问；反问时输入序号选择，输入“退出”结束。")
    state, offered = ConversationState(), list[str]()
    for line in sys.stdin if not sys.stdin.isatty() else iter(lambda: _read("问："), None):
        question = line.strip()
        if question in ("退出", "exit", "quit", "q"):
            break
        if not question:
            continue
        if question.isdigit() and 0 < int(question) <= len(offered):
            question = offered[int(question) - 1]
        reply, state = dialogue.ask(question, state)
        out.print(reply.text)
        offered = [c.reply for c in reply.choices]
        for number, choice in enumerate(reply.choices, start=1):
            out.print(f"  {number}. {choice.label}")
        out.print("")


def _read(prompt: str) -> str | None:
    """One line typed at the terminal; None at end of input (Ctrl-D) or Ctrl-C."""
    try:
        return input(prompt)
    except (EOFError, KeyboardInterrupt):
        return None


@app.command()
def serve(
    host: str | None = typer.Option(None, "--host", help="默认 127.0.0.1"),
    port: int | None = typer.Option(None, "--port", min=1, max=65535, help="默认 7860"),
    index_dir: Path | None = INDEX_DIR_OPTION,
) -> None:
    """启动服务：API（/api，文档 /docs）与网页（/），索引缺失时先构建。"""
    import logging

    import uvicorn

    from assistant.serving.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = settings_for(index_dir)
    settings.host = host or settings.host
    settings.port = port or settings.port
    try:  # an unreachable Milvus is one clear line naming its URI, not a traceback from the lifespan
        settings.search().check()
    except ZhengwuyuanError as exc:
        fail(str(exc))
    if settings.answer_workers is None:  # the fast configuration: one answer process per core (eval/LOAD.md)
        settings.answer_workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    # Forwarded headers are believed only from configured proxies (uvicorn's default trusts 127.0.0.1).
    trusted = settings.trusted_proxies
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level="info",
        proxy_headers=bool(trusted),
        forwarded_allow_ips=",".join(trusted) if trusted else None,
    )


if __name__ == "__main__":
    app()
