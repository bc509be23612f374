"""The 咨询 tab: the web chat, its answer rendering, and the guard every UI handler runs behind.

The chat answers questions like ``POST /api/ask``, so it shares that route's
limiter and question log: the client comes from ``gr.Request`` (through the
trusted-proxy rule of :func:`~assistant.serving.limits.client_address`).
Every handler is wrapped by :func:`guarded`, so an unexpected exception
reaches the browser as one fixed Chinese sentence, never its text, under a
Chinese title (Gradio's default title is the English "Error").
"""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import gradio as gr

from assistant.answering.answerer import Answer, Assistant
from assistant.answering.render import PassageCitation
from assistant.serving.deps import Resources
from assistant.serving.limits import client_address
from assistant.serving.ui_html import deadline_text

__all__ = [
    "EXAMPLES",
    "FAILURE_MESSAGE",
    "chat",
    "client_of",
    "consult_tab",
    "guarded",
    "limited_chat",
    "render_answer",
]

log = logging.getLogger("zhengwuyuan.ui")
FAILURE_MESSAGE = "服务暂时出现问题，请稍后再试；如需帮助请拨打 12345 政务服务便民热线。"
NOTICE = "提示"  # the title of every message box (toast) the UI raises
EXAMPLES = [
    "我家老人想了解养老院监管情况，会公开吗？",
    "政策解读工作指引谁牵头？",
    "区大数据局今年负责哪些任务？",
    "哪些任务9月底前要完成？",
]
# After an answer arrives, bring the top of the newest reply into view (not the end of a long list).
_SHOW_NEW_ANSWER = """() => {
  const replies = document.querySelectorAll('#chatbot .message.bot, #chatbot [data-testid="bot"]');
  if (replies.length) replies[replies.length - 1].scrollIntoView({block: "start"});
}"""
P = ParamSpec("P")
R = TypeVar("R")


def guarded(handler: Callable[P, R]) -> Callable[P, R]:
    """Let ``gr.Error`` (our own messages) through; log anything else and show :data:`FAILURE_MESSAGE`."""

    @functools.wraps(handler)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return handler(*args, **kwargs)
        except gr.Error:
            raise
        except Exception as exc:
            log.exception("UI handler %s failed", getattr(handler, "__name__", "?"))
            raise gr.Error(FAILURE_MESSAGE, title=NOTICE, print_exception=False) from exc

    return wrapper


def render_answer(answer: Answer) -> str:
    """The chat reply: the answer's first sentence, then one card per citation (HTML, escaped).

    A refusal is one or two sentences; what the knowledge base holds is folded
    in a ``<details>`` block under it, not a wall of titles.
    """
    if not answer.answered:
        covered = "".join(f"<li>{html.escape(title)}</li>" for title in answer.coverage)
        folded = (
            f"<details><summary>知识库收录的文件（{len(answer.coverage)} 份）</summary><ul>{covered}</ul></details>"
        )
        return f"<p>{html.escape(answer.text)}</p>" + (folded if answer.coverage else "")
    parts = [f"<p>{html.escape(answer.text.splitlines()[0])}</p>"]
    for citation in answer.citations[:5]:
        if isinstance(citation, PassageCitation):
            parts.append(_passage_card(citation))
            continue
        record = citation.record
        text = html.escape(record.text)
        if citation.highlight:
            text = text.replace(html.escape(citation.highlight), f"<mark>{html.escape(citation.highlight)}</mark>", 1)
        units = "、".join([*citation.lead_units, *citation.responsible_units]) or "文件未列明"
        lead = f"（牵头：{'、'.join(citation.lead_units)}）" if citation.lead_units else ""
        if citation.borrowed is not None:
            lead += "（据附件任务分解表）"
        due = deadline_text(citation.deadline)
        scan = "<br><small>来源为扫描件，文字经 OCR 识别，请以原件为准</small>" if record.source_kind == "ocr" else ""
        parts.append(
            '<div class="citation-card">'
            f"<b>《{html.escape(record.doc_title)}》</b><br>"
            f"<small>{html.escape(record.section)}（{html.escape(record.number)}）</small>"
            f"<p>{text}</p>"
            f"<b>责任单位：</b>{html.escape(units)}{html.escape(lead)}<br>"
            f"<b>完成时限：</b>{html.escape(due)}{scan}"
            "</div>"
        )
    if len(answer.citations) > 5:
        parts.append(f"<p>……共 {len(answer.citations)} 项，完整清单请到“任务查询”页查看或下载。</p>")
    return "".join(parts)


def _passage_card(citation: PassageCitation) -> str:
    """A quoted passage: marked 原文片段, with no unit or deadline fields (none were read)."""
    p = citation.passage
    return (
        '<div class="citation-card passage-card">'
        f"<b>《{html.escape(p.doc_title)}》</b> <small>原文片段 · 第{p.source.line_start}–{p.source.line_end}行</small>"
        f"<p>{html.escape(citation.excerpt)}</p>"
        "<small>这段原文未能读成任务条目：责任单位与完成时限请以原文为准</small>"
        "</div>"
    )


def chat(assistant: Assistant, message: str, history: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Ask, append the exchange to the chat, clear the box."""
    answer = assistant.ask(message or "")
    reply = {"role": "assistant", "content": render_answer(answer)}
    return "", [*history, {"role": "user", "content": message}, reply]


def client_of(request: gr.Request | None, trusted: list[str]) -> str:
    """The client address of a Gradio event, by the same rule as the API's."""
    if request is None:
        return "unknown"
    client = getattr(request, "client", None)
    peer = getattr(client, "host", None)
    headers = getattr(request, "headers", None) or {}
    return client_address(peer, headers.get("x-forwarded-for"), trusted)


def limited_chat(
    resources: Resources, message: str, history: list[dict[str, Any]], request: gr.Request | None
) -> tuple[str, list[dict[str, Any]]]:
    """:func:`chat` behind the API's rate limit, length limit and question log."""
    retry = resources.rate_limiter.retry_after(client_of(request, resources.settings.trusted_proxies))
    if retry:
        raise gr.Error(f"提问过于频繁，请 {retry} 秒后再试", title=NOTICE, print_exception=False)
    message = (message or "").strip()
    if len(message) > (limit := resources.settings.max_question_chars):
        raise gr.Error(f"问题过长（{len(message)} 字），上限 {limit} 字", title=NOTICE, print_exception=False)
    answer = resources.assistant.ask(message)
    resources.question_log.write(message, answer.answered, answer.intent, answer.generation)
    reply = {"role": "assistant", "content": render_answer(answer)}
    return "", [*history, {"role": "user", "content": message}, reply]


def consult_tab(get_assistant: Callable[[], Assistant], get_resources: Callable[[], Resources] | None) -> None:
    """The chat; with ``get_resources`` (as mounted) it shares the API's rate limit and question log."""
    chatbot = gr.Chatbot(
        label="对话",
        show_label=False,  # the floating label covered the first characters of the reply scrolled to the top
        height=480,
        elem_id="chatbot",
        sanitize_html=True,
        feedback_options=None,
        buttons=["copy"],
        autoscroll=False,  # a long answer is read from its first sentence: _SHOW_NEW_ANSWER scrolls to its top
    )
    with gr.Row():
        box = gr.Textbox(
            placeholder="请输入您的问题，例如：政策解读工作指引谁牵头？",
            show_label=False,
            scale=8,
            max_lines=3,
            elem_id="question",
        )
        send = gr.Button("提问", variant="primary", scale=1, elem_id="ask")
    gr.Examples(EXAMPLES, inputs=box, label="示例问题")
    gr.Markdown("超出知识库范围的事项，请拨打 12345 政务服务便民热线。")

    @guarded
    def on_chat(message: str, history: list[dict[str, Any]], request: gr.Request) -> tuple[str, list[dict[str, Any]]]:
        if get_resources is None:
            return chat(get_assistant(), message, history)
        return limited_chat(get_resources(), message, history, request)

    send.click(on_chat, [box, chatbot], [box, chatbot], concurrency_limit=4, api_name="chat").then(
        None, js=_SHOW_NEW_ANSWER
    )
    box.submit(on_chat, [box, chatbot], [box, chatbot], concurrency_limit=4, api_name="chat_submit").then(
        None, js=_SHOW_NEW_ANSWER
    )
