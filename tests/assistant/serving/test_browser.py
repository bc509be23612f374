"""The real server in Debian's chromium: ask in the chat, filter the staff desk, download CSV.

Screenshots land in a temporary folder, or in ``ZHENGWUYUAN_SCREENSHOT_DIR`` when set
(``make screenshots`` sets it to docs/screenshots/ to refresh the README's).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from eval.server import running_server

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed (.ci/run installs it)"),
]


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("ZHENGWUYUAN_SCREENSHOT_DIR")
    return Path(folder) if folder else tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="module")
def server(index_settings):
    with running_server(index_settings.index_dir) as (url, _):
        yield url


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page.goto(server, wait_until="networkidle")
        yield page
        browser.close()


def test_chat_shows_unit_and_deadline(page, shots):
    page.locator("#question textarea").fill("政策解读工作指引谁牵头？")
    page.locator("#ask").click()
    page.wait_for_selector("#chatbot .citation-card", timeout=60_000)
    reply = page.locator("#chatbot").inner_text()
    assert "区党政办公室" in reply and "9月底前" in reply and "2025-09-30" in reply
    page.locator("#chatbot").evaluate("el => el.querySelectorAll('*').forEach(e => { e.scrollTop = 0; })")
    page.screenshot(path=str(shots / "consult.png"), full_page=True)


def test_long_answer_opens_at_its_first_sentence(page):
    """A 37-task list does not leave the reader at its end: the chat shows the top of the new reply."""
    page.locator("#question textarea").fill("区大数据局负责哪些任务？")
    page.locator("#ask").click()
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


def test_staff_desk_filters_by_unit_and_downloads_csv(page, shots, tmp_path):
    page.get_by_role("tab", name="任务查询").click()
    unit = page.locator("#unit input")
    unit.click()
    unit.press_sequentially("人社")
    page.locator("ul[role=listbox] li", has_text="区人社局").first.click()
    page.locator("#search").click()
    page.wait_for_function("document.querySelector('#task-table').innerText.includes('t16')", timeout=30_000)
    table = page.locator("#task-table").inner_text()
    assert "2024_济南市章丘区_政务公开工作要点:t10" in table and "新业态从业者" in table
    with page.expect_download() as download:
        page.locator("#download-csv").click()
    saved = tmp_path / "tasks.csv"
    download.value.save_as(saved)
    text = saved.read_text(encoding="utf-8-sig")
    assert text.startswith("编号,文件") and "区人社局" in text
    page.screenshot(path=str(shots / "tasks.png"), full_page=True)


def test_documents_tab_lists_the_knowledge_base(page, shots):
    page.get_by_role("tab", name="文档").click()
    page.wait_for_function("document.querySelector('#documents').innerText.includes('博山区')", timeout=30_000)
    text = page.locator("#documents").inner_text()
    assert "2024年济南市章丘区政务公开工作要点" in text and "济宁高新区" in text
    page.screenshot(path=str(shots / "documents.png"), full_page=True)
