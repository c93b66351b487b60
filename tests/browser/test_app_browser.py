"""Open the served app in Chromium, change a weight, and photograph every page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

PAGES = ["ranking", "matrix", "compare", "method", "weights", "sensitivity"]


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
        app.goto(f"{app_url}/{name}")
        wait_ready(app)
        expect(app.locator('[data-testid="stException"]')).to_have_count(0)
        if name != "method":
            expect(app.locator('[data-testid="stPlotlyChart"]').first).to_be_visible()
        app.screenshot(path=screenshot_dir / f"{name}-{code}.png")
