"""The real server in Debian's chromium, at a desk's width (1280 px) and a phone's (390 px).

Each check is what a person sees: the chat answer is not covered, the staff desk shows its reading
columns (cards on a phone), the unit box searches as one types, a bad date is a Chinese message in
place, a wrong token changes nothing, an upload and a delete refresh the other tabs and a tab opened
before them, a double-clicked delete deletes once, and /docs renders with the internet cut off.

The server gets a copy of the test index (uploads and deletes change it) and an admin token.
Screenshots land in a temporary folder, or in ``ZHENGWUYUAN_SCREENSHOT_DIR`` when set (``make
screenshots`` sets it to docs/screenshots/ to refresh the README's).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import httpx
import pytest

from eval.server import running_server

CHROMIUM = Path("/usr/bin/chromium")
TOKEN = "browser-test-token"
WIDTHS = {"desk": 1280, "phone": 390}
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (make system-packages)"),
]
NEW_DOCUMENT = (
    "2026年测试县政务公开工作要点\n\n一、重点任务\n"
    "（一）推进政策解读。县政府办公室牵头，县发改局配合，9月底前完成。\n"
    "（二）做好数据开放。由县大数据局负责，年底前完成。\n"
)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("ZHENGWUYUAN_SCREENSHOT_DIR")
    return Path(folder) if folder else tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def server(index_settings, tmp_path_factory):
    index_dir = tmp_path_factory.mktemp("browser") / "index"
    shutil.copytree(index_settings.index_dir, index_dir)
    env = {
        "ZHENGWUYUAN_ADMIN_TOKEN": TOKEN,
        "ZHENGWUYUAN_UI_REFRESH_SECONDS": "2",
        "ZHENGWUYUAN_LOG_DIR": str(tmp_path_factory.mktemp("browser-logs")),
    }
    with running_server(index_dir, env=env) as (url, _):
        yield url


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


def _open(browser, server, width: int):
    page = browser.new_page(viewport={"width": width, "height": 900}, accept_downloads=True)
    page.goto(server, wait_until="load")
    page.wait_for_selector("#question textarea", timeout=60_000)
    page.wait_for_timeout(1500)  # the page's load events: regions, documents, the first search
    return page


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def page(request, browser, server):
    page = _open(browser, server, WIDTHS[request.param])
    page.device = request.param  # type: ignore[attr-defined]
    yield page
    page.close()


def _shot(page, shots: Path, name: str, top: str | None = None) -> None:
    """A viewport screenshot, ``top`` (a selector) scrolled to the top of the window when given."""
    if top:
        page.locator(top).evaluate("el => el.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(300)
    suffix = "" if page.device == "desk" else "-phone"
    page.screenshot(path=str(shots / f"{name}{suffix}.png"), full_page=False)


def _ask(page, question: str) -> None:
    page.locator("#question textarea").fill(question)
    page.locator("#ask").click()


def test_chat_answer_is_fully_visible(page, shots):
    """The floating "对话" label covered the first characters of every answer scrolled to the top."""
    _ask(page, "政策解读工作指引谁牵头？")
    page.wait_for_selector("#chatbot .citation-card", timeout=60_000)
    page.wait_for_timeout(800)
    covered = page.evaluate(
        """() => {
          const replies = document.querySelectorAll('#chatbot .message.bot');
          const first = replies[replies.length - 1].querySelector('p');
          const range = document.createRange();
          range.setStart(first.firstChild, 0);
          range.setEnd(first.firstChild, 3);
          const text = range.getBoundingClientRect();
          const box = document.querySelector('#chatbot .bubble-wrap').getBoundingClientRect();
          if (text.top < box.top || text.left < box.left) return ['outside the chat box'];
          const shown = el => {
            const style = getComputedStyle(el), r = el.getBoundingClientRect();
            const visible = style.display !== 'none' && style.visibility !== 'hidden' && +style.opacity > 0;
            return visible && r.width && r.height;
          };
          const over = el => {
            const r = el.getBoundingClientRect();
            return r.left < text.right && r.right > text.left && r.top < text.bottom && r.bottom > text.top;
          };
          // Anything drawn over the first characters that is neither around them nor inside the reply
          // (pointer-events:none labels escape elementFromPoint, so every element is measured).
          return [...document.querySelectorAll('#chatbot *')]
            .filter(el => !el.contains(first) && !first.contains(el) && shown(el) && over(el))
            .map(el => el.outerHTML.slice(0, 80));
        }"""
    )
    assert covered == []
    reply = page.locator("#chatbot").inner_text()
    assert "区党政办公室" in reply and "9月底前" in reply and "2025-09-30" in reply
    _shot(page, shots, "consult")


def test_long_answer_opens_at_its_first_sentence(page):
    """A 37-task list does not leave the reader at its end: the chat shows the top of the new reply."""
    _ask(page, "区大数据局负责哪些任务？")
    page.wait_for_function("document.querySelector('#chatbot').innerText.includes('共涉及')", timeout=60_000)
    page.wait_for_timeout(1000)
    offset = page.evaluate(
        """() => {
          const replies = document.querySelectorAll('#chatbot .message.bot');
          const reply = replies[replies.length - 1].getBoundingClientRect();
          const box = document.querySelector('#chatbot .bubble-wrap').getBoundingClientRect();
          return reply.top - box.top;
        }"""
    )
    assert -20 <= offset <= 60  # at the top of the visible chat; scrolled to the end it is about -550


def test_chat_follow_up_asks_back_with_buttons_and_a_button_answers(page, shots):
    """One conversation per page: "它" after a list is asked back with buttons; a click resolves it."""
    _ask(page, "区大数据局负责哪些任务？")
    page.wait_for_function("document.querySelector('#chatbot').innerText.includes('共涉及')", timeout=60_000)
    _ask(page, "它什么时候完成？")
    page.wait_for_selector("#choices button.choice:visible", timeout=60_000)
    buttons = page.locator("#choices button.choice:visible")
    assert buttons.count() == 3 and buttons.nth(1).inner_text().startswith("第2项")
    _shot(page, shots, "consult-askback")
    buttons.nth(1).click()
    page.wait_for_function(
        "document.querySelector('#chatbot').innerText.includes('（上一条回答的第2项）')", timeout=60_000
    )
    assert page.locator("#choices button.choice:visible").count() == 0
    _ask(page, "其中逾期的")
    page.wait_for_function("document.querySelector('#chatbot').innerText.includes('已逾期的任务')", timeout=60_000)


def _desk(page):
    page.get_by_role("tab", name="任务查询").click()
    page.wait_for_function("document.querySelector('#task-table table') !== null", timeout=30_000)


def _summary_count(page) -> int:
    match = re.search(r"共 (\d+) 项任务", page.locator("#desk-summary").inner_text())
    assert match, page.locator("#desk-summary").inner_text()
    return int(match.group(1))


def test_staff_desk_searches_as_one_types_with_counts_that_match(page, shots, tmp_path):
    _desk(page)
    page.locator("#unit input").press_sequentially("人社", delay=150)
    page.wait_for_function(
        "(document.querySelector('#unit-matches') || {innerText: ''}).innerText.includes('区人社局')",
        timeout=30_000,
    )
    page.wait_for_timeout(1000)
    offered = re.search(r"· (\d+) 项", page.locator("#unit-matches").inner_text())
    assert offered and int(offered.group(1)) == _summary_count(page) > 0
    table = page.locator("#task-table")
    assert "新业态从业者" in table.inner_text() and "区人社局" in table.inner_text()
    shown = page.locator("#task-table tbody").inner_text()  # what is rendered: closed 出处 lines are not
    assert "政务公开工作要点:t" not in shown and "政务公开工作要点:t" in page.locator("#task-table").inner_html()
    _shot(page, shots, "tasks", top="body" if page.device == "desk" else "#desk-summary")
    if page.device == "desk":
        with page.expect_download() as download:
            page.locator("#download-csv").click()
        saved = tmp_path / "tasks.csv"
        download.value.save_as(saved)
        assert saved.read_text(encoding="utf-8-sig").startswith("编号,文件") and "区人社局" in saved.read_text(
            "utf-8-sig"
        )


def test_staff_desk_columns_on_a_desk_and_cards_on_a_phone(page):
    _desk(page)
    layout = page.evaluate(
        """() => {
          const table = document.querySelector('#task-table table');
          const heads = [...table.querySelectorAll('thead th')].map(th => {
            const r = th.getBoundingClientRect();
            return {text: th.innerText, right: r.right, shown: getComputedStyle(table.tHead).display !== 'none'};
          });
          const cells = [...table.querySelector('tbody tr').children].map(td => td.getBoundingClientRect());
          return {heads, cells: cells.map(c => ({left: c.left, top: c.top, width: c.width})), width: innerWidth};
        }"""
    )
    if page.device == "desk":
        assert [h["text"] for h in layout["heads"]] == ["任务内容", "牵头单位", "责任单位", "完成时限", "状态"]
        assert all(h["shown"] and h["right"] <= layout["width"] for h in layout["heads"])  # nothing off-screen
    else:  # one card per task: the cells stacked, each the card's width, labelled
        assert not layout["heads"][0]["shown"]
        tops = [c["top"] for c in layout["cells"]]
        assert tops == sorted(tops) and len(set(tops)) == len(tops)
        assert all(c["width"] > layout["width"] * 0.6 for c in layout["cells"])
        label = page.evaluate(
            "getComputedStyle(document.querySelector('#task-table td[data-label=牵头单位]'), '::before').content"
        )
        assert "牵头单位" in label


def test_a_date_people_write_is_read_and_a_bad_one_is_said_in_place(page, shots):
    _desk(page)
    before = page.locator("#due-before input")
    before.fill("9月30日")
    before.press("Enter")
    page.wait_for_function(
        "document.querySelector('#desk-message').innerText.includes('按知识库中最新的2025年理解')", timeout=30_000
    )
    count = _summary_count(page)
    assert count > 0
    before.fill("9月31日")
    before.press("Enter")
    page.wait_for_function("document.querySelector('#desk-message').innerText.includes('无法识别日期')", timeout=30_000)
    page.wait_for_timeout(500)
    assert "截止日期不晚于：无法识别日期“9月31日”" in page.locator("#desk-message").inner_text()
    assert page.get_by_text("Error", exact=True).count() == 0  # no English toast, no error badges
    assert _summary_count(page) == count  # the results stay as they were
    if page.device == "desk":
        _shot(page, shots, "tasks-date-error")


def _documents_tab(page):
    page.get_by_role("tab", name="文档").click()
    page.wait_for_function("document.querySelector('#kb-stats').innerText.includes('份文件')", timeout=30_000)


def _stats(page) -> str:
    """The statistics line (Gradio's progress text can sit in the same block while a refresh runs)."""
    return re.findall(r"知识库：.*", page.locator("#kb-stats").inner_text())[0]


def _document_count(server) -> int:
    return len(httpx.get(f"{server}/api/documents").json())


def test_a_wrong_token_or_an_unreadable_file_is_said_in_place_and_changes_nothing(page, server, tmp_path):
    _documents_tab(page)
    stats = _stats(page)
    count = _document_count(server)
    upload = tmp_path / "2026_测试县_政务公开工作要点.txt"
    upload.write_text(NEW_DOCUMENT, encoding="utf-8")
    page.locator("#admin-token").fill("wrong-token")
    page.locator("#upload-file").set_input_files(str(upload))
    page.locator("#upload-button").click()
    page.wait_for_function("document.querySelector('#upload-result').innerText.includes('上传失败')", timeout=30_000)
    assert "管理令牌缺失或错误" in page.locator("#upload-result").inner_text()
    assert _document_count(server) == count and _stats(page) == stats
    unreadable = tmp_path / "2026_损坏的文件.docx"
    unreadable.write_bytes(b"\x00\x01 not a zip")
    page.locator("#admin-token").fill(TOKEN)
    page.locator("#upload-file").set_input_files(str(unreadable))
    page.locator("#upload-button").click()
    page.wait_for_function("document.querySelector('#upload-result').innerText.includes('上传失败')", timeout=30_000)
    assert "不是有效的 .docx 文件" in page.locator("#upload-result").inner_text()
    assert _document_count(server) == count and _stats(page) == stats


def test_upload_and_delete_refresh_every_tab_and_a_double_click_deletes_once(page, browser, server, shots, tmp_path):
    stale = _open(browser, server, WIDTHS[page.device])  # a tab opened before the change, never reloaded
    _desk(stale)
    stale.locator("#unit input").fill("县发改")  # a unit of the document about to be uploaded: nothing yet
    stale.wait_for_function("document.querySelector('#task-table').innerText.includes('没有符合条件的任务')")
    _documents_tab(page)
    _shot(page, shots, "documents")
    count = _document_count(server)
    upload = tmp_path / "2026_测试县_政务公开工作要点.txt"
    upload.write_text(NEW_DOCUMENT, encoding="utf-8")
    page.locator("#admin-token").fill(TOKEN)
    page.locator("#upload-file").set_input_files(str(upload))
    page.locator("#upload-region").fill("济南市平阴县")  # a declared place must be a real one (测试县 is refused)
    page.locator("#upload-year").fill("2026")
    page.locator("#upload-button").click()
    page.wait_for_function("document.querySelector('#upload-result').innerText.includes('新增')", timeout=60_000)
    result = page.locator("#upload-result").inner_text()
    assert "2026年测试县政务公开工作要点" in result and "年份：2026（据运维声明）" in result and "解析提示" in result
    assert "地区：济南市平阴县（据运维声明）" in result
    page.wait_for_function(f"document.querySelector('#kb-stats').innerText.includes('{count + 1} 份文件')")
    assert "2026年测试县政务公开工作要点" in page.locator("#documents").inner_text()
    # The page opened before the upload reruns the search it shows, without a reload or a keystroke.
    stale.wait_for_function("document.querySelector('#task-table').innerText.includes('推进政策解读')", timeout=30_000)
    _desk(page)  # this page's other tab
    page.locator("#unit input").fill("县发改")
    page.wait_for_function("document.querySelector('#task-table').innerText.includes('推进政策解读')", timeout=30_000)
    _documents_tab(stale)
    stale.wait_for_function(f"document.querySelector('#kb-stats').innerText.includes('{count + 1} 份文件')")
    _documents_tab(page)
    _shot(page, shots, "documents-upload", top="#admin")

    deletes: list[str] = []
    page.on("request", lambda request: deletes.append(request.url) if request.method == "DELETE" else None)
    document_id = "2026_测试县_政务公开工作要点"
    page.locator("#delete-doc").select_option(document_id)
    page.locator("#delete-button").click()
    assert "确定删除《2026年测试县政务公开工作要点》" in page.locator("#delete-confirm").inner_text()
    page.locator("#delete-yes").dblclick()
    page.wait_for_function("document.querySelector('#delete-result').innerText.includes('已删除')", timeout=60_000)
    page.wait_for_timeout(1000)
    assert len(deletes) == 1 and "删除失败" not in page.locator("#delete-result").inner_text()
    assert _document_count(server) == count
    stale.wait_for_function(f"document.querySelector('#kb-stats').innerText.includes('{count} 份文件')")
    assert "测试县" not in stale.locator("#documents").inner_text()
    stale.close()


def test_api_docs_render_with_the_internet_cut_off(page, server):
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server) else route.abort())
    page.goto(f"{server}/docs", wait_until="load")
    page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
    assert "AI政务员" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock-tag").count() > 0
    page.goto(f"{server}/redoc", wait_until="load")
    page.wait_for_function("document.body.innerText.includes('/api/tasks')", timeout=30_000)
