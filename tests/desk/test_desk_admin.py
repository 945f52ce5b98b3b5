"""The editors' workflow through the admin with the test client: write, publish, correct, withdraw."""

from datetime import timedelta

import pytest
from django.contrib.messages import INFO, WARNING
from django.urls import reverse
from django.utils import timezone

from gazzetta.newsroom.models import Article, ArticleVersion, Story

CHANGELIST = "/admin/newsroom/article/"
ADD = "/admin/newsroom/article/add/"


def article_data(newsroom, **fields) -> dict:
    """The change form's fields for a new German politics article, with one empty picture slot."""
    data = {
        "headline": "Triest eröffnet neuen Fährhafen", "lead": "Der Hafen wächst.",
        "body_html": "Erster Absatz über den Hafen.\n\nZweiter Absatz mit Zahlen.", "authors": "Anna Berg",
        "siglum": "GZ", "agency": "", "language": "de", "section": newsroom.sections[0].pk, "story": "",
        "source": "", "status": "withheld", "published_at_0": "", "published_at_1": "", "embargo_until_0": "",
        "embargo_until_1": "", "correction_note": "", "withdrawn_reason": "", "slug": "", "source_url": "",
        "images-TOTAL_FORMS": "1", "images-INITIAL_FORMS": "0", "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "12", "images-0-caption": "", "images-0-credit": "", "images-0-alt": "",
        "images-0-position": "0",
    }
    now = timezone.localtime()
    data["published_at_0"], data["published_at_1"] = now.strftime("%Y-%m-%d"), now.strftime("%H:%M:%S")
    return {**data, **fields}


def change_data(article: Article, **fields) -> dict:
    """The change form's fields for an existing article (no pictures changed)."""
    published = timezone.localtime(article.published_at)
    data = {
        "headline": article.headline, "lead": article.lead, "body_html": article.body_html,
        "authors": ", ".join(article.authors), "siglum": article.siglum, "agency": article.agency,
        "language": article.language, "section": article.section_id or "", "story": article.story_id or "",
        "source": article.source_id or "", "status": article.status,
        "published_at_0": published.strftime("%Y-%m-%d"), "published_at_1": published.strftime("%H:%M:%S"),
        "embargo_until_0": "", "embargo_until_1": "", "correction_note": article.correction_note,
        "withdrawn_reason": article.withdrawn_reason, "slug": article.slug, "source_url": article.source_url,
        "images-TOTAL_FORMS": "0", "images-INITIAL_FORMS": "0", "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "12",
    }
    return {**data, **fields}


def run_action(client, action: str, articles, **extra):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [a.pk for a in articles], **extra},
                       follow=True)


@pytest.fixture
def editor(client, staff):
    return staff(client, "Editor", "elena")


def test_an_editor_writes_publishes_corrects_and_withdraws(client, editor, newsroom, upload, picture):
    photo = upload(picture((2000, 1200)))
    response = client.post(ADD, article_data(newsroom, **{
        "images-0-file": photo, "images-0-caption": "Der neue Anleger", "images-0-credit": "Anna Berg - GZ",
        "images-0-alt": "Ein Fährschiff am Kai"}), follow=True)
    assert response.status_code == 200, response.content
    article = Article.objects.get(headline="Triest eröffnet neuen Fährhafen")
    assert article.guid.startswith("urn:gazzetta:desk:") and article.status == Article.Status.WITHHELD
    assert article.body_html == "<p>Erster Absatz über den Hafen.</p>\n<p>Zweiter Absatz mit Zahlen.</p>"
    assert client.get(article.get_absolute_url()).status_code == 404

    run_action(client, "publish", [article])
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Triest eröffnet neuen Fährhafen" in page
    assert '<source type="image/webp" srcset="' in page and " 1600w" in page and " 960w" in page
    assert 'Der neue Anleger / <span class="credit">Foto: Anna Berg - GZ</span>' in page

    article.refresh_from_db()
    assert article.updated_at is None
    client.post(reverse("admin:newsroom_article_change", args=[article.pk]), change_data(
        article, body_html="<p>Erster Absatz über den neuen Hafen.</p>",
        correction_note="Der Hafen ist neu, nicht erweitert."))
    article.refresh_from_db()
    assert article.updated_at is not None
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Der Hafen ist neu, nicht erweitert." in page and "Erster Absatz über den neuen Hafen." in page

    run_action(client, "withdraw", [article], apply="1", reason="Die Meldung war verfrüht.")
    gone = client.get(article.get_absolute_url())
    assert gone.status_code == 410 and "Die Meldung war verfrüht." in gone.content.decode()
    notes = list(ArticleVersion.objects.filter(article=article).values_list("recorded_by", "note"))
    assert [note.split(":")[0] for _by, note in notes] == ["withdrawn", "correction", "published"]
    assert {by for by, _note in notes} == {"elena"}


def test_withdrawing_asks_for_a_reason_and_insists_on_one(client, editor, newsroom):
    article = newsroom.articles["de-politics"]
    question = run_action(client, "withdraw", [article])
    assert question.status_code == 200 and 'name="reason"' in question.content.decode()
    empty = run_action(client, "withdraw", [article], apply="1", reason="  ")
    assert empty.status_code == 200 and "errorlist" in empty.content.decode()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED


def test_an_invalid_article_form_answers_with_its_errors(client, editor, newsroom):
    response = client.post(ADD, article_data(newsroom, headline="", language="xx"))
    assert response.status_code == 200
    assert set(response.context["adminform"].form.errors) == {"headline", "language"}
    assert not Article.objects.filter(lead="Der Hafen wächst.").exists()


def test_a_picture_needs_caption_credit_and_alt_text(client, editor, newsroom, upload, picture):
    response = client.post(ADD, article_data(newsroom, **{"images-0-file": upload(picture())}))
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors
    assert set(errors) == {"caption", "credit", "alt"}


def test_a_future_publication_time_schedules_and_an_embargo_holds(client, editor, newsroom):
    later = timezone.now() + timedelta(hours=2)
    scheduled, embargoed = newsroom.articles["de-strike-1"], newsroom.articles["de-strike-2"]
    Article.objects.filter(pk=scheduled.pk).update(status="withheld", published_at=later)
    Article.objects.filter(pk=embargoed.pk).update(status="withheld", embargo_until=later)
    response = run_action(client, "publish", [scheduled, embargoed])
    assert [message.level for message in response.context["messages"]] == [INFO, WARNING, WARNING]
    for article in (scheduled, embargoed):
        article.refresh_from_db()
        assert article.status == Article.Status.PUBLISHED
        assert client.get(article.get_absolute_url()).status_code == 404
        assert Article.objects.visible(now=later + timedelta(minutes=1)).filter(pk=article.pk).exists()


def test_preview_shows_an_unpublished_article_to_staff_only(client, editor, newsroom):
    held = newsroom.articles["de-embargoed"]
    preview = client.get(reverse("admin:newsroom_article_preview", args=[held.pk]))
    assert preview.status_code == 200
    assert held.headline in preview.content.decode() and preview["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in preview["Cache-Control"]
    client.logout()
    assert client.get(reverse("admin:newsroom_article_preview", args=[held.pk])).status_code == 302


def featured_link(client) -> str:
    """The address the edition home's top story links to."""
    top = client.get("/de/").content.decode().split('<article class="featured">', 1)[1].split("</article>", 1)[0]
    return top.split('<h3><a href="', 1)[1].split('"', 1)[0]


def test_featuring_and_pinning_hold_one_place_each(client, editor, newsroom):
    first, second = newsroom.articles["de-strike-0"], newsroom.articles["de-strike-1"]
    run_action(client, "feature", [first])
    assert featured_link(client) == first.get_absolute_url()
    run_action(client, "feature", [second])
    assert featured_link(client) == second.get_absolute_url()
    run_action(client, "pin", [first])
    run_action(client, "pin", [second])
    pinned = Article.objects.filter(language="de", section=first.section, pinned=True)
    assert list(pinned) == [second]
    run_action(client, "unfeature", [second])
    second.refresh_from_db()
    assert not second.featured and not second.pinned


def test_articles_move_to_another_story_and_out_of_it(client, editor, newsroom):
    story = Story.objects.create(title="Fährhafen")
    article = newsroom.articles["de-politics"]
    run_action(client, "move_to_story", [article], apply="1", story=story.pk)
    article.refresh_from_db()
    assert article.story == story and article.story_pinned
    run_action(client, "move_to_story", [article], apply="1", story="")
    article.refresh_from_db()
    assert article.story is None


def test_the_list_filters_by_story_and_agency(client, editor, newsroom):
    in_story = client.get(CHANGELIST, {"story__id__exact": newsroom.story.pk})
    assert in_story.status_code == 200
    assert in_story.context["cl"].result_count == newsroom.story.articles.count() == 9
    by_agency = client.get(CHANGELIST, {"agency": "ADP", "language__exact": "it"})
    assert by_agency.context["cl"].result_count == 4


def test_an_editor_sees_and_restores_an_earlier_text(client, editor, newsroom):
    article = newsroom.articles["de-politics"]
    original = article.headline
    client.post(reverse("admin:newsroom_article_change", args=[article.pk]),
                change_data(article, headline="Ein falscher Titel"))
    history = client.get(reverse("admin:newsroom_article_history", args=[article.pk])).content.decode()
    assert "elena" in history and f"<del>{original}</del>" in history and "<ins>Ein falscher Titel</ins>" in history
    version = ArticleVersion.objects.get(article=article)
    restored = client.post(reverse("admin:newsroom_article_restore", args=[article.pk, version.pk]), follow=True)
    assert restored.status_code == 200
    article.refresh_from_db()
    assert article.headline == original and article.updated_at is not None
    assert ArticleVersion.objects.filter(article=article).count() == 2


def test_bad_addresses_answer_clearly_never_500(client, editor, newsroom):
    article = newsroom.articles["de-politics"]
    assert client.get(reverse("admin:newsroom_article_restore", args=[article.pk, 1])).status_code == 405
    assert client.post(reverse("admin:newsroom_article_restore", args=[article.pk, 999999])).status_code == 404
    assert client.get("/admin/newsroom/article/not-a-number/history/", follow=True).status_code == 200
    assert client.get(reverse("admin:newsroom_article_preview", args=[999999])).status_code == 404


def test_stories_merge_into_the_larger_one(client, editor, newsroom):
    small = Story.objects.create(title="Streik, zweiter Tag")
    moved = newsroom.articles["de-politics"]
    Article.objects.filter(pk=moved.pk).update(story=small)
    client.post("/admin/newsroom/story/", {"action": "merge_stories",
                                           "_selected_action": [small.pk, newsroom.story.pk]})
    small.refresh_from_db()
    moved.refresh_from_db()
    assert small.merged_into == newsroom.story and moved.story == newsroom.story
    single = client.post("/admin/newsroom/story/", {"action": "merge_stories", "_selected_action": [small.pk]},
                         follow=True)
    assert single.status_code == 200 and "at least two" in single.content.decode()


def test_an_untouched_wire_picture_without_texts_does_not_block_a_correction(client, editor, newsroom):
    article = newsroom.articles["de-photo"]
    image = article.images.get()
    image.alt = image.credit = ""
    image.save()
    data = change_data(article, correction_note="Falscher Ort genannt.", **{
        "images-TOTAL_FORMS": "1", "images-INITIAL_FORMS": "1", "images-0-id": image.pk,
        "images-0-article": article.pk, "images-0-caption": image.caption, "images-0-credit": "",
        "images-0-alt": "", "images-0-position": "0"})
    assert client.post(reverse("admin:newsroom_article_change", args=[article.pk]), data).status_code == 302
    data["images-0-caption"] = "Neue Bildunterschrift"
    refused = client.post(reverse("admin:newsroom_article_change", args=[article.pk]), data)
    assert set(refused.context["inline_admin_formsets"][0].formset.forms[0].errors) == {"credit", "alt"}
