"""The report in a real browser: headless Chromium driven through the system chromedriver.

Needs Debian's ``chromium`` and ``chromium-driver`` packages (and a CJK font,
``fonts-wqy-zenhei``, for Chinese to render as characters rather than boxes)
plus selenium from PyPI; skips, saying which is missing, otherwise.
Screenshots are saved to tests/artifacts/ for people to look at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from clusterfacts.report import ReportDocument, render_report
from report_samples import seed_documents

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

if CHROMIUM is None or CHROMEDRIVER is None:
    pytest.skip(
        "headless browser tests need Chromium and its driver: apt-get install chromium chromium-driver",
        allow_module_level=True,
    )
webdriver = pytest.importorskip("selenium.webdriver", reason="browser tests need selenium: pip install selenium")
from selenium.webdriver.common.by import By  # noqa: E402

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1400,1000",
)


@pytest.fixture(scope="module")
def documents():
    return seed_documents()


@pytest.fixture(scope="module")
def report_url(documents):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "report.html"
    path.write_text(render_report([ReportDocument(result, text) for result, text in documents]), encoding="utf-8")
    return path.as_uri()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


# For each first part of a mark in a document page: its fact id, its offset in
# the rendered text of the page (all text before it), its data-start, and the
# text of all parts of the fact joined, as the browser sees them.
MARK_POSITIONS = """
var out = [];
document.querySelectorAll(".doctext").forEach(function (box) {
  var joined = {};
  box.querySelectorAll("mark.claim").forEach(function (m) { joined[m.dataset.fact] = (joined[m.dataset.fact] || "") + m.textContent; });
  box.querySelectorAll("mark.claim:not(.cont)").forEach(function (m) {
    var range = document.createRange();
    range.setStart(box, 0);
    range.setEnd(m, 0);
    out.push([m.dataset.fact, range.toString().length, Number(m.dataset.start), joined[m.dataset.fact]]);
  });
});
return out;
"""


def visible_rows(browser):
    return [row for row in browser.find_elements(By.CSS_SELECTOR, "#facts tbody tr") if row.is_displayed()]


def test_highlights_sit_on_the_right_text(browser, report_url, documents):
    browser.get(report_url)
    found = {fact: (offset, start, text) for fact, offset, start, text in browser.execute_script(MARK_POSITIONS)}
    facts = [fact for result, _ in documents for fact in result.facts]
    assert len(found) == len(facts)
    for fact in facts:
        offset, start, text = found[fact.id]
        assert offset == start == fact.span.start, fact.id
        assert text == fact.span.text


def test_a_document_page_shows_its_marks_and_the_panel_explains_them(browser, report_url, documents):
    number, (result, _) = next((n, d) for n, d in enumerate(documents) if d[0].doc.lang.startswith("zh") and d[0].facts)
    browser.get(f"{report_url}#doc-{number}")
    page = browser.find_element(By.ID, f"doc-{number}")
    assert page.is_displayed() and not browser.find_element(By.ID, "overview").is_displayed()
    money = next(fact for fact in result.facts if fact.quantity.kind.value == "money")
    mark = browser.find_element(By.CSS_SELECTOR, f'#doc-{number} mark[data-fact="{money.id}"]')
    assert mark.is_displayed() and mark.size["width"] > 0
    mark.click()
    panel = browser.find_element(By.ID, "panel")
    assert money.quantity.unit in panel.text and (money.measure or "") in panel.text
    browser.execute_script("window.scrollTo(0, 0)")
    browser.save_screenshot(str(ARTIFACTS / "report-document-zh.png"))


def test_filtering_and_sorting_the_fact_table(browser, report_url, documents):
    browser.get(report_url)
    total = sum(len(result.facts) for result, _ in documents)
    assert len(visible_rows(browser)) == total
    measure = next(fact.measure for result, _ in documents for fact in result.facts if fact.measure)
    word = measure.split()[0] if " " in measure else measure
    browser.find_element(By.ID, "filter-text").send_keys(word)
    shown = visible_rows(browser)
    assert 0 < len(shown) < total
    assert browser.find_element(By.ID, "fact-count").text == str(len(shown))
    assert all(word.lower() in row.text.lower() for row in shown)
    browser.find_element(By.ID, "filter-text").clear()
    browser.execute_script("document.getElementById('filter-text').dispatchEvent(new Event('input'))")
    assert len(visible_rows(browser)) == total

    kind = browser.find_element(By.ID, "filter-kind")
    kind.find_element(By.CSS_SELECTOR, 'option[value="money"]').click()
    shown = visible_rows(browser)
    assert len(shown) == sum(f.quantity.kind.value == "money" for r, _ in documents for f in r.facts)
    assert all(row.get_attribute("data-kind") == "money" for row in shown)

    value_header = browser.find_element(By.XPATH, '//table[@id="facts"]//th[button="value"]')
    value_header.find_element(By.TAG_NAME, "button").click()
    values = [float(row.find_element(By.CSS_SELECTOR, "td.num").get_attribute("data-sort")) for row in visible_rows(browser)]
    assert values == sorted(values)
    browser.save_screenshot(str(ARTIFACTS / "report-overview-filtered.png"))


def test_clicking_a_claim_in_the_table_opens_its_document_at_the_mark(browser, report_url, documents):
    browser.get(report_url)
    link = browser.find_element(By.CSS_SELECTOR, "#facts tbody tr td:nth-child(4) a")
    target = link.get_attribute("href").rsplit("#", 1)[1]
    link.click()
    mark = browser.find_element(By.ID, target)
    assert mark.is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, "#panel dl").is_displayed()
    browser.save_screenshot(str(ARTIFACTS / "report-document-en.png"))


def test_a_cjk_font_is_installed():
    """Without one Chromium draws Chinese as boxes; the screenshots would show it."""
    import subprocess

    if shutil.which("fc-list") is None:
        pytest.skip("fc-list (fontconfig) is not installed, so installed fonts cannot be listed")
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=True).stdout
    assert fonts.strip(), "no Chinese font: Chinese renders as boxes; apt-get install fonts-wqy-zenhei"


def test_diff_page_filters_by_status_and_shows_old_and_new(browser, tmp_path):
    from clusterfacts.diff import diff
    from clusterfacts.report_diff import render_diff
    from report_samples import changed_release, hand_built, write_release

    old = [result for result, _ in hand_built()]
    new, edited_old, edited_new, _dropped = changed_release(old)
    write_release(tmp_path / "old.jsonl", old)
    write_release(tmp_path / "new.jsonl", new)
    path = ARTIFACTS / "diff.html"
    path.write_text(render_diff(diff(tmp_path / "old.jsonl", tmp_path / "new.jsonl")), encoding="utf-8")
    browser.get(path.as_uri())
    assert len(visible_rows(browser)) == 2
    status = browser.find_element(By.ID, "filter-status")
    status.find_element(By.CSS_SELECTOR, 'option[value="changed"]').click()
    (row,) = visible_rows(browser)
    old_mark = row.find_element(By.CSS_SELECTOR, ".old mark.claim")
    new_mark = row.find_element(By.CSS_SELECTOR, ".new mark.claim")
    assert old_mark.get_attribute("textContent") == edited_old.span.text
    assert old_mark.get_attribute("data-value") == str(edited_old.quantity.value)
    assert new_mark.get_attribute("data-value") == str(edited_new.quantity.value)
    assert "→" in row.find_element(By.CSS_SELECTOR, "td.num").text
    browser.save_screenshot(str(ARTIFACTS / "diff.png"))
