"""``python -m eval``: evaluation, reports and benchmarks — apart from the shipped ``zhengwuyuan`` command.

The product never imports this package; these commands import the product.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console

from assistant.serving.cli import INDEX_DIR_OPTION, fail, settings_for
from assistant.settings import PROJECT_ROOT, Settings
from indexer.errors import ZhengwuyuanError

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, help="AI政务员的评测、报告与基准")
console = Console(stderr=True)
Questions = typer.Option(Path("eval/dev_questions.jsonl"), "--questions")


@app.command("run")
def run_questions(
    questions: Path = Questions,
    modes: str = typer.Option("keyword,dense,hybrid,hybrid-weighted", "--modes"),
    report: Path = typer.Option(Path("eval/REPORT.md"), "--report"),
    min_pass_rate: float = typer.Option(0.95, "--min-pass-rate"),
    documents: list[Path] = typer.Option(
        None,
        "--documents",
        help="先把这些文件或目录建成临时索引再评测（可重复）",
    ),
    conversation: bool = typer.Option(
        False, "--conversation", help="每题作为一个新对话的第一问（与 API、网页相同：未写地区时按默认地区或反问）"
    ),
    index_dir: Path | None = INDEX_DIR_OPTION,
) -> None:
    """在问题集上比较检索模式，写出 eval/REPORT.md；通过率低于阈值时退出码非零。"""
    import tempfile

    from eval.runner import run_evaluation

    settings = settings_for(index_dir)
    try:
        with tempfile.TemporaryDirectory(prefix="zhengwuyuan-eval-") as folder:
            if documents:
                settings.index_dir = Path(folder)
                built = settings.catalog().build(documents)
                for failure in built.failures:
                    console.print(f"[yellow]跳过[/yellow] {failure.path}：{failure.problem}", highlight=False)
            results = run_evaluation(settings, questions, modes.split(","), report, conversation)
    except ZhengwuyuanError as exc:
        fail(str(exc))
    hybrid = results.get("hybrid") or next(iter(results.values()))
    console.print(f"报告已写入 {report}；hybrid 通过率 {hybrid['pass_rate']:.1%}")
    if hybrid["pass_rate"] < min_pass_rate:
        fail(f"通过率 {hybrid['pass_rate']:.1%} 低于阈值 {min_pass_rate:.0%}")


@app.command()
def dialogues(
    source: Path = typer.Option(Path("eval/dialogues.jsonl"), "--dialogues"),
    split: str = typer.Option("dev", "--split", help="dev（写规则时用）、heldout（留出，只在最后测一次）或 all"),
    report: Path = typer.Option(Path("eval/DIALOGUES.md"), "--report"),
    documents: list[Path] = typer.Option(None, "--documents", help="先把这些文件或目录建成临时索引再评测（可重复）"),
    index_dir: Path | None = INDEX_DIR_OPTION,
) -> None:
    """多轮对话评测：轮次准确率、对话准确率、反问率、误解析率，写出 eval/DIALOGUES.md。"""
    import tempfile

    from assistant.answering.answerer import Assistant
    from assistant.conversation.dialogue import Dialogue
    from eval.dialogues import load_dialogues, render_dialogue_report, run_dialogues
    from eval.runner import EVAL_TODAY

    splits = ["dev", "heldout"] if split == "all" else [split]
    settings = settings_for(index_dir)
    try:
        items = [d for d in load_dialogues(source) if d.get("split", "dev") in splits]
        with tempfile.TemporaryDirectory(prefix="zhengwuyuan-dialogues-") as folder:
            if documents:
                settings.index_dir = Path(folder)
                settings.catalog().build(documents)
            assistant = Assistant.from_settings(settings.knowledge_base(), settings, today=lambda: EVAL_TODAY)
            dialogue = Dialogue(assistant, page_size=settings.conversation_page_size)
            results = run_dialogues(dialogue, items, EVAL_TODAY.isoformat())
    except ZhengwuyuanError as exc:
        fail(str(exc))
    report.write_text(render_dialogue_report(source, results, splits), encoding="utf-8")
    passed = sum(r.passed for r in results)
    console.print(f"报告已写入 {report}；轮次准确率 {passed}/{len(results)}")


@app.command()
def bench(
    sizes: str = typer.Option("1000,10000,100000,1000000", "--sizes", help="合成语料规模，逗号分隔"),
    encode_up_to: int = typer.Option(10_000, "--encode-up-to", help="不超过此规模时真实编码，更大时派生向量"),
    rank_bm25_up_to: int = typer.Option(100_000, "--rank-bm25-up-to", help="rank_bm25 对照的最大规模"),
    work_dir: Path = typer.Option(Path("bench-work"), "--work-dir", help="合成语料与索引的临时目录"),
    report: Path = typer.Option(Path("eval/BENCH.md"), "--report"),
    questions: Path = Questions,
    seed: int = typer.Option(0, "--seed"),
    backends: str = typer.Option("torch,onnx,onnx-int8", "--backends", help="要对比的编码器后端"),
    index_dir: Path | None = INDEX_DIR_OPTION,
) -> None:
    """规模基准：合成 1e3–1e6 条记录，测构建与查询，写出 eval/BENCH.md 与曲线图。"""
    from eval.bench import run_bench
    from indexer.embedding.encoder import BACKENDS

    try:
        counts = [int(float(s)) for s in sizes.split(",") if s.strip()]
    except ValueError:
        fail(f"--sizes 应为逗号分隔的整数，例如 1000,10000：{sizes!r}")
    if not counts or min(counts) < 100:
        fail("--sizes 中每个规模至少 100 条")
    chosen = tuple(b.strip() for b in backends.split(",") if b.strip())
    if not chosen or not set(chosen) <= set(BACKENDS):
        fail(f"--backends 只能取 {'、'.join(BACKENDS)}：{backends!r}")
    try:
        run_bench(
            settings_for(index_dir), counts, work_dir, report, encode_up_to, rank_bm25_up_to, questions, seed, chosen
        )
    except ZhengwuyuanError as exc:
        fail(str(exc))
    console.print(f"报告已写入 {report}")


@app.command()
def parsing(report: Path = typer.Option(Path("eval/PARSING.md"), "--report")) -> None:
    """解析报告：每份内置文档的记录数、单位与日期覆盖率、未定时限的原文。"""
    from eval.parsing_report import write_parsing_report

    write_parsing_report(Settings().documents_dir, report)
    console.print(f"报告已写入 {report}")


@app.command()
def crash(
    kills: int = typer.Option(50, "--kills"),
    report: Path = typer.Option(Path("eval/CRASH.md"), "--report"),
    index_dir: Path | None = INDEX_DIR_OPTION,
) -> None:
    """崩溃测试：在 `zhengwuyuan add` 运行中随机 kill -9，检查索引总是完整的一代。"""
    from eval.crash_test import crash_test

    trials = crash_test(settings_for(index_dir), kills, report)
    broken = sum(t.outcome not in ("old", "new") for t in trials)
    console.print(f"{len(trials)} 次 kill，{broken} 次损坏；报告已写入 {report}")
    if broken:
        raise typer.Exit(code=1)


@app.command()
def backends(
    report: Path = typer.Option(Path("eval/BACKENDS.md"), "--report"),
    with_layouts: bool = typer.Option(True, "--layouts/--no-layouts", help="日常用语集连同 ../shared/layouts"),
) -> None:
    """同一评测在内置检索与 Milvus（milvus-lite）上各跑一遍：通过率与逐题相同的回答，写出 eval/BACKENDS.md。"""
    from eval.backends import compare_backends

    settings = settings_for(None)
    documents = [settings.documents_dir]
    sets = [(Path("eval/dev_questions.jsonl"), documents)]
    layouts = PROJECT_ROOT.parent / "shared" / "layouts"
    if with_layouts and layouts.is_dir():
        sets.append((Path("eval/everyday_questions.jsonl"), [*documents, layouts]))
    for row in compare_backends(settings, sets, report):
        console.print(row)


@app.command()
def load(
    clients: int = typer.Option(32, "--clients"),
    seconds: float = typer.Option(60.0, "--seconds"),
    report: Path = typer.Option(Path("eval/LOAD.md"), "--report"),
    index_dir: Path | None = INDEX_DIR_OPTION,
    compare: bool = typer.Option(True, "--compare/--no-compare", help="先测改动前的服务方式（单进程、逐个向量化）"),
    int8: bool = typer.Option(False, "--int8", help="再测一遍：问题由 int8 量化模型向量化（索引向量不变）"),
) -> None:
    """负载测试：平凡路由基准、并发提问（问题各不相同）、同时上传/删除、128 客户端，逐阶段计时，写出 eval/LOAD.md。"""
    from eval.load_test import run

    runs = run(settings_for(index_dir).index_dir, report, clients, seconds, compare, int8)
    for name, measured in runs.items():
        for phase in measured["phases"]:
            console.print(name, {k: v for k, v in phase.items() if k != "ingests"})


@app.command()
def layouts(
    corpora: list[Path] = typer.Argument(
        None, help="版式语料目录（含 gold.jsonl）；默认 ../shared/layouts 与 tests/layouts*"
    ),
    report: Path = typer.Option(Path("eval/LAYOUTS.md"), "--report"),
) -> None:
    """版式泛化报告：每份语料文档的记录数，以及金标准任务的单独记录、牵头/责任单位、时限正确率。"""
    from eval.layouts import DEFAULT_CORPORA, write_layouts_report

    write_layouts_report(corpora or DEFAULT_CORPORA, report)
    console.print(f"报告已写入 {report}")


@app.command()
def real(
    shared: Path = typer.Option(Path("../shared"), "--shared", help="共享目录（含 real/、real2/ 与评分脚本）"),
    holdout: bool = typer.Option(False, "--holdout", help="同时评测留出集 tests/real_holdout（若有；只测一次）"),
    report: Path = typer.Option(Path("eval/REAL.md"), "--report"),
) -> None:
    """真实页面评测：../shared/real、../shared/real2、tests/real_dev*（与留出集，若有）逐页的记录、单位、时限、问答与误拒。"""
    from eval.layouts import DEFAULT_CORPORA
    from eval.real import DEVELOPED_SETS, RealSet, write_real_report

    sets = [
        RealSet("real", shared / "real"),
        RealSet("real2", shared / "real2"),
        *(RealSet(name, Path("tests") / name) for name in DEVELOPED_SETS),
    ]
    if holdout:
        sets.append(RealSet("real_holdout", Path("tests/real_holdout"), held_out=True))
    try:
        scores = write_real_report([s for s in sets if s.folder.is_dir()], DEFAULT_CORPORA, shared, report)
    except ZhengwuyuanError as exc:
        fail(str(exc))
    for score in scores:
        t = score.totals
        console.print(
            f"{score.real_set.name}: 单位正确 {t['units']}/{t['gold']}，问答正确 {t['qa_right']}/{t['qa_n']}，"
            f"误拒（地区）{t['place_refusals']}"
        )
    console.print(f"报告已写入 {report}")


@app.command()
def peers(
    shared: Path = typer.Option(Path("../shared"), "--shared"),
    peers_python: Path | None = typer.Option(
        None,
        "--peers-python",
        help="同行系统虚拟环境的 python（见 ../shared/peers/README.md）；不给则只测本项目三种方式",
    ),
    report: Path = typer.Option(Path("eval/PEERS.md"), "--report"),
    holdout: bool = typer.Option(False, "--holdout", help="同时评测留出集 tests/real_holdout（若有；只测一次）"),
) -> None:
    """记录、原文片段与融合三种检索，与 Chatchat、LlamaIndex、纯向量检索并排，写出 eval/PEERS.md。"""
    import tempfile

    from eval.peers import peers_report

    try:
        with tempfile.TemporaryDirectory(prefix="zhengwuyuan-peers-") as folder:
            text = peers_report(shared, peers_python, Path(folder), holdout)
    except ZhengwuyuanError as exc:
        fail(str(exc))
    report.write_text(text, encoding="utf-8")
    console.print(f"报告已写入 {report}")


@app.command()
def hostile(report: Path = typer.Option(Path("eval/HOSTILE.md"), "--report")) -> None:
    """恶意输入探测：启动真实服务，逐项发送恶意请求，写出 eval/HOSTILE.md。"""
    from eval.hostile import write_hostile_report

    console.print(write_hostile_report(report))


@app.command()
def formats(report: Path = typer.Option(Path("eval/OCR.md"), "--report")) -> None:
    """PDF 与扫描件读取报告：共享 PDF 及其扫描件的逐字段正确率、20 页 PDF 读取耗时、OCR 每页耗时。"""
    from eval.formats import write_formats_report

    write_formats_report(report)
    console.print(f"报告已写入 {report}")


@app.command("serve-bench")
def serve_bench(report: Path = typer.Option(Path("eval/SERVE_BENCH.md"), "--report")) -> None:
    """服务性能：启动到就绪、/api/ask 与 /api/tasks 的延迟，写出 eval/SERVE_BENCH.md。"""
    from eval.serve_bench import run

    console.print(run(report))


if __name__ == "__main__":
    app()
