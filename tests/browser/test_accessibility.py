"""axe-core (the npm package, injected into the page) on every kind of reader page."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def _pages(newsroom, edition):
    article = newsroom.articles[f"{edition}-strike-0"]
    return {
        "home": f"/{edition}/",
        "section": article.section.get_absolute_url(edition),
        "story": newsroom.story.get_absolute_url(edition),
        "article": article.get_absolute_url(),
    }


@pytest.mark.parametrize("edition", ["de", "it", "en"])
def test_reader_pages_have_no_serious_accessibility_violations(browser, live_server, newsroom, edition):
    if not AXE.exists():
        pytest.skip("axe-core is not installed (run `make install`, which needs npm)")
    context = browser.new_context(bypass_csp=True)  # only to inject axe; the site's own CSP stays strict
    page = context.new_page()
    for kind, path in _pages(newsroom, edition).items():
        page.goto(live_server.url + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run(document)).violations")
        blocking = [(v["id"], v["impact"], len(v["nodes"])) for v in violations if v["impact"] in BLOCKING]
        assert blocking == [], f"{kind} page {path}: {blocking}"
    context.close()
