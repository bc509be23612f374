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
from assistant.conversation.dialogue import Dialogue
from assistant.conversation.reply import Reply
from assistant.conversation.store import ConversationStore
from assistant.serving.deps import Resources
from assistant.serving.limits import client_address
from assistant.serving.ui_html import deadline_text

__all__ = [
    "EXAMPLES",
    "FAILURE_MESSAGE",
    "MAX_CHOICES",
    "Conversations",
    "chat",
    "client_of",
    "consult_tab",
    "guarded",
    "limited_chat",
    "render_answer",
    "render_reply",
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
MAX_CHOICES = 4  # ask-back buttons under the chat (hidden when there is nothing to choose)
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
    parts = [f"<p>{_marked(answer.text.splitlines()[0])}</p>"]
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
        more = "说“还有吗”看后面几项，完整清单请到“任务查询”页查看或下载"
        parts.append(f"<p>……共 {len(answer.citations)} 项：{more}。</p>")
    return "".join(parts)


def _marked(text: str) -> str:
    """Escaped text whose **question words** (a quoted passage's highlight) become <mark>."""
    pieces = html.escape(text).split("**")
    return "".join(f"<mark>{piece}</mark>" if i % 2 else piece for i, piece in enumerate(pieces))


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


def render_reply(reply: Reply) -> str:
    """A conversation turn: the notice and what the question was understood as (muted), then the answer."""
    head = "".join(
        f'<p class="{css}"><small>{html.escape(line)}</small></p>'
        for css, line in (("notice", reply.notice), ("understood", reply.understood))
        if line
    )
    answer = reply.answer
    if reply.understood and answer.text.startswith(reply.understood):
        body = answer.text[len(reply.understood) :].lstrip("\n")
        answer = Answer(answer.question, answer.outcome, body, answer.intent, answer.filters, answer.citations)
        answer.coverage = reply.answer.coverage
    return head + render_answer(answer)


class Conversations:
    """The chat's conversations: the app's store and dialogue, or (a UI built alone) a private pair."""

    def __init__(self, get_assistant: Callable[[], Assistant], get_resources: Callable[[], Resources] | None) -> None:
        self._get_assistant, self._get_resources = get_assistant, get_resources
        self._own: tuple[ConversationStore, Dialogue] | None = None

    def pair(self) -> tuple[ConversationStore, Dialogue]:
        if self._get_resources is not None:
            resources = self._get_resources()
            return resources.conversations, resources.dialogue
        if self._own is None or self._own[1].assistant is not self._get_assistant():
            self._own = (ConversationStore(), Dialogue(self._get_assistant()))
        return self._own

    def ask(self, message: str, conversation_id: str, client: str) -> Reply:
        """One turn of this browser session's conversation (its id lives in the page's ``gr.State``)."""
        store, dialogue = self.pair()
        opened = store.open(conversation_id or None, client)
        reply, state = dialogue.ask(message, opened.state)
        store.save(opened.conversation_id, client, state)
        reply.conversation_id, reply.notice = opened.conversation_id, opened.notice
        return reply


def _exchange(message: str, history: list[dict[str, Any]], reply: Reply) -> tuple[Any, ...]:
    """Clear the box, append the turn, keep the id, and show one button per ask-back choice."""
    turn = [{"role": "user", "content": message}, {"role": "assistant", "content": render_reply(reply)}]
    offered = reply.choices[:MAX_CHOICES]
    buttons = [gr.Button(value=c.label, visible=True) for c in offered]
    buttons += [gr.Button(visible=False) for _ in range(MAX_CHOICES - len(offered))]
    replies = [c.reply for c in offered]
    return ("", [*history, *turn], reply.conversation_id, replies, *buttons)


def chat(assistant: Assistant, message: str, history: list[dict[str, Any]]) -> tuple[str, list[dict[str, Any]]]:
    """Ask one question outside any conversation, append the exchange to the chat, clear the box."""
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
    resources: Resources,
    message: str,
    history: list[dict[str, Any]],
    request: gr.Request | None,
    conversation_id: str = "",
) -> tuple[Any, ...]:
    """One conversation turn behind the API's rate limit, length limit and question log."""
    client = client_of(request, resources.settings.trusted_proxies)
    retry = resources.rate_limiter.retry_after(client)
    if retry:
        raise gr.Error(f"提问过于频繁，请 {retry} 秒后再试", title=NOTICE, print_exception=False)
    message = (message or "").strip()
    if len(message) > (limit := resources.settings.max_question_chars):
        raise gr.Error(f"问题过长（{len(message)} 字），上限 {limit} 字", title=NOTICE, print_exception=False)
    reply = Conversations(lambda: resources.assistant, lambda: resources).ask(message, conversation_id, client)
    answer = reply.answer
    resources.question_log.write(message, answer.answered and not reply.asks_back, answer.intent, answer.generation)
    return _exchange(message, history, reply)


def consult_tab(get_assistant: Callable[[], Assistant], get_resources: Callable[[], Resources] | None) -> None:
    """The chat, one conversation per browser session; with ``get_resources`` (as mounted) it shares the API's
    conversations, rate limit and question log. An ask-back's choices are buttons under the chat."""
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
    conversation_id = gr.State("")  # per browser session: never shared with another page
    offered = gr.State([])  # what each choice button sends back
    with gr.Row(elem_id="choices"):
        buttons = [gr.Button(visible=False, size="sm", elem_classes="choice") for _ in range(MAX_CHOICES)]
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
    gr.Markdown(
        "可以接着追问，例如“那它什么时候完成？”“第二条详细说说”“其中逾期的”。"
        "超出知识库范围的事项，请拨打 12345 政务服务便民热线。"
    )
    conversations = Conversations(get_assistant, get_resources)
    outputs = [box, chatbot, conversation_id, offered, *buttons]

    @guarded
    def on_chat(message: str, history: list[dict[str, Any]], current: str, request: gr.Request) -> tuple[Any, ...]:
        if get_resources is None:
            return _exchange(message, history, conversations.ask(message or "", current, "local"))
        return limited_chat(get_resources(), message, history, request, current)

    send.click(on_chat, [box, chatbot, conversation_id], outputs, concurrency_limit=4, api_name="chat").then(
        None, js=_SHOW_NEW_ANSWER
    )
    box.submit(on_chat, [box, chatbot, conversation_id], outputs, concurrency_limit=4, api_name="chat_submit").then(
        None, js=_SHOW_NEW_ANSWER
    )
    for index, button in enumerate(buttons):

        @guarded
        def on_choice(
            history: list[dict[str, Any]], current: str, replies: list[str], request: gr.Request, index: int = index
        ) -> tuple[Any, ...]:
            return on_chat(replies[index] if index < len(replies) else "", history, current, request)

        button.click(
            on_choice, [chatbot, conversation_id, offered], outputs, concurrency_limit=4, api_name=f"choice_{index}"
        ).then(None, js=_SHOW_NEW_ANSWER)
