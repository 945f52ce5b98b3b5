"""An editor's day in a real browser: log in, write with a photo, publish, correct, withdraw."""

import pytest
from django.contrib.auth.models import User
from PIL import Image as PillowImage

from gazzetta.newsroom.models import Article

pytestmark = pytest.mark.browser
PASSWORD = "a long and winding road"
HEADLINE = "Triest eröffnet neuen Fährhafen"


def choose_action(page, base: str, article: Article, action: str) -> None:
    page.goto(f"{base}/admin/newsroom/article/")
    page.check(f'input[name="_selected_action"][value="{article.pk}"]')
    page.select_option('select[name="action"]', action)
    page.click('button[name="index"]')


def test_an_editor_publishes_corrects_and_withdraws_an_article(browser, live_server, newsroom, tmp_path):
    User.objects.create_superuser("elena", password=PASSWORD)
    photo = tmp_path / "faehre.jpg"
    PillowImage.new("RGB", (1800, 1000), (30, 90, 160)).save(photo, "JPEG")
    context = browser.new_context(locale="en-US")
    page = context.new_page()
    policy_violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text and policy_violations.append(
        f"{page.url}: {message.text}"))
    base = live_server.url

    page.goto(f"{base}/admin/login/?next=/admin/")
    page.fill("#id_username", "elena")
    page.fill("#id_password", PASSWORD)
    page.click('input[type="submit"]')
    page.wait_for_url(f"{base}/admin/")

    page.goto(f"{base}/admin/newsroom/article/add/")
    page.fill("#id_headline", HEADLINE)
    page.fill("#id_lead", "Der Hafen wächst um einen Anleger.")
    page.fill("#id_body_html", "Erster Absatz über den Hafen.\n\nZweiter Absatz mit Zahlen.")
    page.select_option("#id_language", "de")
    page.select_option("#id_section", str(newsroom.sections[0].pk))
    page.set_input_files("#id_images-0-file", str(photo))
    page.fill("#id_images-0-caption", "Der neue Anleger")
    page.fill("#id_images-0-credit", "Anna Berg - GZ")
    page.fill("#id_images-0-alt", "Ein Fährschiff am Kai")
    page.click('input[name="_save"]')
    page.wait_for_url(f"{base}/admin/newsroom/article/")
    article = Article.objects.get(headline=HEADLINE)

    choose_action(page, base, article, "publish")
    page.goto(base + article.get_absolute_url())
    assert page.locator("h1").inner_text() == HEADLINE
    assert page.locator("picture source[type='image/webp']").count() == 1
    page.wait_for_function("document.querySelector('.lead-image img').naturalWidth > 0")
    assert page.locator("figcaption").inner_text() == "Der neue Anleger / Foto: Anna Berg - GZ"

    page.goto(f"{base}/admin/newsroom/article/{article.pk}/change/")
    page.fill("#id_body_html", "Erster Absatz über den neuen Hafen.")
    page.fill("#id_correction_note", "Der Hafen ist neu, nicht erweitert.")
    page.click('input[name="_save"]')
    page.wait_for_url(f"{base}/admin/newsroom/article/")
    page.goto(base + article.get_absolute_url())
    assert page.locator(".correction p").inner_text() == "Der Hafen ist neu, nicht erweitert."
    assert page.locator(".byline").inner_text().count("Aktualisiert") == 1

    choose_action(page, base, article, "withdraw")
    page.fill("#id_reason", "Die Meldung war verfrüht.")
    page.click('input[type="submit"].default')
    page.wait_for_url(f"{base}/admin/newsroom/article/")
    gone = page.goto(base + article.get_absolute_url())
    assert gone.status == 410
    assert page.locator(".withdrawn-reason").inner_text().endswith("Die Meldung war verfrüht.")
    assert policy_violations == []
    context.close()
