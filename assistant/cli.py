"""The ``zhengwuyuan`` command: index, tasks, ask, eval."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from assistant.settings import Settings
from indexer.errors import ZhengwuyuanError

__all__ = ["app"]

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, help="AI政务员：政务公开工作要点问答与任务查询")
console = Console(stderr=True)
IndexDir = typer.Option(None, "--index-dir", help="索引目录（默认 ZHENGWUYUAN_INDEX_DIR 或 ./index）")


def _settings(index_dir: Path | None) -> Settings:
    settings = Settings()
    if index_dir is not None:
        settings.index_dir = index_dir
    return settings


def _fail(message: str) -> None:
    console.print(f"[red]错误：[/red]{message}")
    raise typer.Exit(code=1)


@app.command()
def index(
    paths: list[Path] = typer.Argument(None, help="文件或目录；默认 knowledge_base/documents/"),
    index_dir: Path | None = IndexDir,
) -> None:
    """解析文档，写入任务记录、向量索引和关键词索引（新一代索引原子切换）。"""
    from indexer.build import build_index
    from indexer.registry import UnitRegistry

    settings = _settings(index_dir)
    try:
        registry = UnitRegistry.load(settings.units_file)
    except ZhengwuyuanError as exc:
        _fail(str(exc))
    encoder = settings.encoder()
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("准备", total=None)

        def on_progress(label: str, done: int, total: int) -> None:
            progress.update(task, description=label, completed=done, total=total or None)

        try:
            report = build_index(paths or [settings.documents_dir], settings.index_dir, encoder, registry, on_progress)
        except ZhengwuyuanError as exc:
            _fail(str(exc))
    table = Table(title="索引摘要")
    for column in ("文档", "地区", "年份", "任务数", "有责任单位", "有日期", "长期", "未定"):
        table.add_column(column)
    for s in report.documents:
        d = s.document
        table.add_row(
            d.title,
            d.region,
            str(d.year or ""),
            str(s.records),
            str(s.with_units),
            str(s.with_dates),
            str(s.ongoing),
            str(s.unspecified),
        )
    console.print(table)
    for failure in report.failures:
        console.print(f"[yellow]跳过[/yellow] {failure.path}：{failure.problem}")
    if report.generation is None:
        _fail("没有任何文档被成功索引。")
    console.print(f"索引已写入 {report.generation}")


def _catalog(settings: Settings):
    from indexer.catalog import Catalog
    from indexer.registry import UnitRegistry

    return Catalog(settings.index_dir, settings.encoder(), UnitRegistry.load(settings.units_file))


@app.command()
def add(
    files: list[Path] = typer.Argument(..., help=".txt/.md/.docx 文件"),
    index_dir: Path | None = IndexDir,
) -> None:
    """向本地索引添加或更新文档（内容相同则不变；同名新版本替换旧版本）。"""
    settings = _settings(index_dir)
    missing = [f for f in files if not f.is_file()]
    if missing:
        _fail("文件不存在：" + "、".join(map(str, missing)))
    try:
        result = _catalog(settings).add([(f, f.name) for f in files])
    except ZhengwuyuanError as exc:
        _fail(str(exc))
    for label, ids in (("新增", result.added), ("替换", result.replaced), ("未变化", result.unchanged)):
        for doc_id in ids:
            console.print(f"{label}：{doc_id}")
    for failure in result.failures:
        console.print(f"[yellow]跳过[/yellow] {failure.path}：{failure.problem}")
    if result.generation:
        console.print(f"新一代索引：{result.generation}")
    if result.failures and not (result.added or result.replaced or result.unchanged):
        raise typer.Exit(code=1)


@app.command()
def remove(
    doc_id: str = typer.Argument(..., help="文档标识（见 zhengwuyuan documents）"), index_dir: Path | None = IndexDir
) -> None:
    """从本地索引删除一份文档。"""
    try:
        result = _catalog(_settings(index_dir)).remove(doc_id)
    except ZhengwuyuanError as exc:
        _fail(str(exc))
    console.print(f"已删除 {doc_id}；新一代索引：{result.generation}")


@app.command()
def documents(index_dir: Path | None = IndexDir) -> None:
    """列出当前索引中的文档。"""
    table = Table(title="知识库文档")
    for column in ("标识", "标题", "任务数", "sha256"):
        table.add_column(column, overflow="fold")
    for entry in _catalog(_settings(index_dir)).documents():
        table.add_row(entry["id"], entry["title"], str(entry["records"]), entry["sha256"][:12])
    Console().print(table)


@app.command()
def tasks(
    unit: str | None = typer.Option(None, "--unit", help="单位（支持简称，如 区人社局）"),
    region: str | None = typer.Option(None, "--region"),
    year: int | None = typer.Option(None, "--year"),
    due_before: str | None = typer.Option(None, "--due-before", help="YYYY-MM-DD"),
    as_json: bool = typer.Option(False, "--json", help="输出 TaskRecord 的 JSON 列表"),
    index_dir: Path | None = IndexDir,
) -> None:
    """列出任务：按单位（含别名与集体部署）、地区、年份、截止日期过滤。"""
    from indexer.generations import read_current, verify
    from indexer.registry import UnitRegistry
    from indexer.store import RecordStore, TaskFilter

    if due_before is not None:
        try:
            date.fromisoformat(due_before)
        except ValueError:
            _fail(f"--due-before 需要 YYYY-MM-DD 格式的日期，收到“{due_before}”")
    settings = _settings(index_dir)
    try:
        folder, manifest = read_current(settings.index_dir)
        verify(folder, manifest)
        store = RecordStore(folder / "records.sqlite", UnitRegistry.load(settings.units_file)).open()
    except ZhengwuyuanError as exc:
        _fail(str(exc))
    task_filter = TaskFilter(region=region, year=year, due_before=due_before)
    if unit:
        rows = [(m.record, m.collective) for m in store.unit_tasks(unit, task_filter)]
    else:
        rows = [(r, False) for r in store.tasks(task_filter)]
    if as_json:
        payload = [{**r.to_dict(), **({"collective": True} if c else {})} for r, c in rows]
        for item in payload:
            item.pop("kind", None)
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(title=f"任务（{len(rows)} 项）")
    for column in ("编号", "文档", "条目", "内容", "牵头", "责任/配合", "时限"):
        table.add_column(column, overflow="fold")
    for r, collective in rows:
        table.add_row(
            r.number,
            f"{r.year} {r.region}",
            r.section.rsplit(" > ", 1)[-1],
            r.text[:40],
            "、".join(r.lead_units),
            ("［集体］" if collective else "") + "、".join(r.responsible_units),
            r.deadline.raw or "—",
        )
    Console().print(table)


@app.command()
def ask(
    question: str | None = typer.Argument(None, help="问题；省略时从标准输入逐行读取"),
    as_json: bool = typer.Option(False, "--json"),
    top_k: int = typer.Option(5, "--top-k", min=1, max=50),
    index_dir: Path | None = IndexDir,
) -> None:
    """回答问题并给出出处；不带问题时每行一个问题、每行一个答案。"""
    from assistant.answerer import Assistant
    from assistant.knowledge import KnowledgeBase

    try:
        assistant = Assistant(KnowledgeBase(_settings(index_dir)))
    except ZhengwuyuanError as exc:
        _fail(str(exc))
    questions = [question] if question is not None else (line.rstrip("\n") for line in sys.stdin)
    for q in questions:
        answer = assistant.ask(q, top_k=top_k)
        if as_json:
            sys.stdout.write(json.dumps(answer.to_dict(), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(answer.text + "\n\n")
        sys.stdout.flush()


@app.command("eval")
def evaluate(
    questions: Path = typer.Option(Path("eval/dev_questions.jsonl"), "--questions"),
    modes: str = typer.Option("keyword,dense,hybrid,hybrid-weighted", "--modes"),
    report: Path = typer.Option(Path("eval/REPORT.md"), "--report"),
    min_pass_rate: float = typer.Option(0.95, "--min-pass-rate"),
    index_dir: Path | None = IndexDir,
) -> None:
    """在问题集上比较检索模式，写出 eval/REPORT.md；通过率低于阈值时退出码非零。"""
    from eval.runner import run_evaluation

    try:
        results = run_evaluation(_settings(index_dir), questions, modes.split(","), report)
    except ZhengwuyuanError as exc:
        _fail(str(exc))
    hybrid = results.get("hybrid") or next(iter(results.values()))
    console.print(f"报告已写入 {report}；hybrid 通过率 {hybrid['pass_rate']:.1%}")
    if hybrid["pass_rate"] < min_pass_rate:
        _fail(f"通过率 {hybrid['pass_rate']:.1%} 低于阈值 {min_pass_rate:.0%}")


@app.command()
def bench(
    sizes: str = typer.Option("1000,10000,100000,1000000", "--sizes", help="合成语料规模，逗号分隔"),
    encode_up_to: int = typer.Option(10_000, "--encode-up-to", help="不超过此规模时真实编码，更大时派生向量"),
    rank_bm25_up_to: int = typer.Option(100_000, "--rank-bm25-up-to", help="rank_bm25 对照的最大规模"),
    work_dir: Path = typer.Option(Path("bench-work"), "--work-dir", help="合成语料与索引的临时目录"),
    report: Path = typer.Option(Path("eval/BENCH.md"), "--report"),
    questions: Path = typer.Option(Path("eval/dev_questions.jsonl"), "--questions"),
    seed: int = typer.Option(0, "--seed"),
    backends: str = typer.Option("torch,onnx,onnx-int8", "--backends", help="要对比的编码器后端"),
    index_dir: Path | None = IndexDir,
) -> None:
    """规模基准：合成 1e3–1e6 条记录，测构建与查询，写出 eval/BENCH.md 与曲线图。"""
    from eval.bench import run_bench
    from indexer.encoder import BACKENDS

    try:
        counts = [int(float(s)) for s in sizes.split(",") if s.strip()]
    except ValueError:
        _fail(f"--sizes 应为逗号分隔的整数，例如 1000,10000：{sizes!r}")
    if not counts or min(counts) < 100:
        _fail("--sizes 中每个规模至少 100 条")
    chosen = tuple(b.strip() for b in backends.split(",") if b.strip())
    if not chosen or not set(chosen) <= set(BACKENDS):
        _fail(f"--backends 只能取 {'、'.join(BACKENDS)}：{backends!r}")
    try:
        run_bench(
            _settings(index_dir), counts, work_dir, report, encode_up_to, rank_bm25_up_to, questions, seed, chosen
        )
    except ZhengwuyuanError as exc:
        _fail(str(exc))
    console.print(f"报告已写入 {report}")


@app.command()
def serve(
    host: str | None = typer.Option(None, "--host", help="默认 127.0.0.1"),
    port: int | None = typer.Option(None, "--port", min=1, max=65535, help="默认 7860"),
    index_dir: Path | None = IndexDir,
) -> None:
    """启动服务：API（/api，文档 /docs）与网页（/），索引缺失时先构建。"""
    import logging

    import uvicorn

    from assistant.api import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = _settings(index_dir)
    settings.host = host or settings.host
    settings.port = port or settings.port
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")


if __name__ == "__main__":
    app()
