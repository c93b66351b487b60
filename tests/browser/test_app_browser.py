"""Open the served app in Chromium, change a weight, and photograph every page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

PAGES = [
    "ranking",
    "matrix",
    "compare",
    "weights",
    "sensitivity",
    "readiness",
    "readiness_results",
    "data",
    "method",
]


def wait_ready(page: Page) -> None:
    """Wait until the script has run and charts and grids have replaced skeletons."""
    app = page.locator('[data-testid="stApp"]')
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED")
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=20000)
    expect(page.locator('[data-testid="stSkeleton"]')).to_have_count(0, timeout=20000)
    page.wait_for_timeout(800)


def switch_language(page: Page, label: str) -> None:
    choice = page.get_by_role("radio", name=label, exact=True)
    if choice.get_attribute("aria-checked") != "true":
        choice.click()
        expect(choice).to_have_attribute("aria-checked", "true")
    wait_ready(page)


@pytest.fixture
def app(page: Page, app_url: str) -> Page:
    page.goto(app_url)
    wait_ready(page)
    return page


def test_weight_change_reranks_in_the_browser(app: Page, screenshot_dir):
    switch_language(app, "English")
    expect(app.get_by_text("Recommended: Siebel", exact=False)).to_be_visible()
    headline = app.get_by_text(re.compile(r"Recommended: Siebel with [\d.]+ of 100"))
    before = headline.inner_text()
    app.screenshot(path=screenshot_dir / "ranking-before-en.png")

    # raise the weight of call response management to the maximum with the keyboard
    slider = app.get_by_role("slider").nth(7)
    slider.focus()
    slider.press("End")
    app.wait_for_timeout(300)
    wait_ready(app)
    changed = app.get_by_text(re.compile(r"Recommended: Siebel with [\d.]+ of 100"))
    try:
        expect(changed).not_to_have_text(before, timeout=10000)
    finally:
        app.screenshot(path=screenshot_dir / "ranking-after-weight-en.png")


@pytest.mark.parametrize("lang", ["English", "繁體中文"])
def test_every_page_renders(app: Page, app_url: str, screenshot_dir, lang: str):
    switch_language(app, lang)
    wait_ready(app)
    code = "en" if lang == "English" else "zh"
    for name in PAGES:
        # the default page (Ranking) is served at the root only
        app.goto(app_url if name == "ranking" else f"{app_url}/{name}")
        wait_ready(app)
        expect(app.locator('[data-testid="stException"]')).to_have_count(0)
        if name not in ("method", "data", "readiness"):
            expect(app.locator('[data-testid="stPlotlyChart"]').first).to_be_visible()
        app.screenshot(path=screenshot_dir / f"{name}-{code}.png")


CASES = Path(__file__).resolve().parents[1] / "fixtures" / "cases"


def test_import_flow(app: Page, app_url: str, screenshot_dir, tmp_path):
    """A bad file and its report, the mapping step, then a good file committed."""
    switch_language(app, "English")
    app.goto(f"{app_url}/data")
    wait_ready(app)
    dropzone = app.locator('[data-testid="stFileUploaderDropzoneInput"]')

    # a file named .xlsx that is really an HTML page
    fake = tmp_path / "vendors.xlsx"
    fake.write_bytes(b"<html><body><table><tr><td>Vendor</td></tr></table></html>")
    dropzone.set_input_files(str(fake))
    expect(app.get_by_text("Errors to fix", exact=False)).to_be_visible(timeout=20000)
    wait_ready(app)
    app.screenshot(path=screenshot_dir / "import-bad-file-en.png")

    # a column that matches no known criterion goes to the mapping step
    app.goto(f"{app_url}/data")  # a new session: an empty uploader
    wait_ready(app)
    odd = tmp_path / "mine.csv"
    odd.write_text(
        "Vendor,Opportunity managment,Colour\nA,3,red\nB,5,blue\n", encoding="utf-8"
    )
    dropzone.set_input_files(str(odd))
    expect(app.get_by_text("Columns to map")).to_be_visible(timeout=20000)
    wait_ready(app)
    app.screenshot(path=screenshot_dir / "import-mapping-en.png")

    # the baseline case: scores and weights together, clean, committed
    app.goto(f"{app_url}/data")
    wait_ready(app)
    case = CASES / "00-baseline-reference"
    dropzone.set_input_files([str(case / "scores.csv"), str(case / "weights.csv")])
    expect(app.get_by_text("The file reads cleanly.")).to_be_visible(timeout=20000)
    wait_ready(app)
    app.screenshot(path=screenshot_dir / "import-good-file-en.png")
    app.get_by_role("button", name="Import as a data set").click()
    expect(app.get_by_text("Imported as", exact=False)).to_be_visible(timeout=20000)
    app.goto(app_url)
    wait_ready(app)
    expect(app.get_by_text("Recommended: Vendor B", exact=False)).to_be_visible()
    app.screenshot(path=screenshot_dir / "import-ranked-en.png")


def answer(page: Page, question: str, option: str) -> None:
    """Click an option of the readiness question that starts with ``question``."""
    radio = page.locator('[data-testid="stRadio"]').filter(has_text=question)
    radio.get_by_text(option, exact=True).click()
    wait_ready(page)


def test_readiness_flow(app: Page, app_url: str, screenshot_dir):
    """A few answers, then the results in both languages."""
    switch_language(app, "English")
    app.goto(f"{app_url}/readiness")
    wait_ready(app)
    app.get_by_role("combobox", name="Market segment").click()
    app.get_by_role("option", name="Large enterprises").click()
    wait_ready(app)
    for question, option in [
        ("Top management is resolved", "3 · Largely"),
        ("A named executive sponsor", "2 · Yes"),
        ("A full-time, hand-picked", "0 · No"),
        ("Back-office customer data", "1 · A little"),
        ("The high initial cost", "3 · Serious"),
        ("A lack of skilled people", "4 · Blocking"),
        ("Set the CRM strategy", "3 · Mostly done"),
        ("Plan the blueprint", "2 · Under way"),
        ("Fast response, to raise", "4 · Essential"),
        ("Service: the contact centre", "4 · Essential"),
    ]:
        answer(app, question, option)
    expect(app.get_by_text("Not ready yet", exact=False).first).to_be_visible()
    app.locator('[data-testid="stMain"]').evaluate("e => e.scrollTo(0, 0)")
    app.wait_for_timeout(500)
    app.screenshot(path=screenshot_dir / "readiness-filled-en.png")
    app.goto(f"{app_url}/readiness_results")
    wait_ready(app)
    picker = app.get_by_role("combobox", name="Your industry")
    picker.click()
    picker.fill("Insur")
    picker.press("Enter")
    wait_ready(app)
    expect(app.get_by_text("Blockers", exact=True)).to_be_visible()
    app.locator('[data-testid="stMain"]').evaluate("e => e.scrollTo(0, 0)")
    app.wait_for_timeout(500)
    app.screenshot(path=screenshot_dir / "readiness-results-en.png")
    app.locator('[data-testid="stMain"]').evaluate("e => e.scrollTo(0, 1400)")
    app.wait_for_timeout(500)
    app.screenshot(path=screenshot_dir / "readiness-results-2-en.png")
    switch_language(app, "繁體中文")
    expect(app.get_by_text("尚未準備好", exact=False).first).to_be_visible()
    app.locator('[data-testid="stMain"]').evaluate("e => e.scrollTo(0, 0)")
    app.wait_for_timeout(500)
    app.screenshot(path=screenshot_dir / "readiness-results-zh.png")
    app.locator('[data-testid="stMain"]').evaluate("e => e.scrollTo(0, 1400)")
    app.wait_for_timeout(500)
    app.screenshot(path=screenshot_dir / "readiness-results-2-zh.png")
    app.goto(f"{app_url}/readiness")
    wait_ready(app)
    app.screenshot(path=screenshot_dir / "readiness-filled-zh.png")
