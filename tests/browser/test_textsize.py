"""The text-size control in a real browser, with and without JavaScript."""

import pytest

pytestmark = pytest.mark.browser


def _body_font_size(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.querySelector('.article-body p')).fontSize)")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_text_size_grows_and_persists(browser, live_server, newsroom, javascript):
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    first = live_server.url + newsroom.articles["de-politics"].get_absolute_url()
    page.goto(first)
    start = _body_font_size(page)

    page.get_by_role("button", name="Schrift vergrößern").click()
    page.get_by_role("button", name="Schrift vergrößern").click()
    page.wait_for_function("document.documentElement.classList.contains('ts-2')")
    assert _body_font_size(page) == pytest.approx(start * 1.5)
    assert page.locator(".textsize output").inner_text() == "150 %"

    page.reload()
    assert _body_font_size(page) == pytest.approx(start * 1.5)
    page.goto(live_server.url + newsroom.articles["de-photo"].get_absolute_url())
    assert _body_font_size(page) == pytest.approx(start * 1.5)

    page.get_by_role("button", name="Normale Schriftgröße").click()
    page.wait_for_function("document.documentElement.classList.contains('ts-0')")
    assert _body_font_size(page) == pytest.approx(start)
    context.close()


def test_javascript_changes_the_size_without_a_reload(browser, live_server, newsroom):
    page = browser.new_page()
    page.goto(live_server.url + newsroom.articles["de-politics"].get_absolute_url())
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Schrift vergrößern").click()
    page.wait_for_function("document.documentElement.classList.contains('ts-1')")
    assert page.evaluate("window.notReloaded") is True
    page.close()
