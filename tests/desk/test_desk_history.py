"""History: every change by an editor or by ingest, compared field by field, and restored."""

import json

from gazzetta.desk import history, publishing
from gazzetta.ingest.pipeline import ingest_payload
from gazzetta.newsroom.models import Article, Section, Story


def ninjs(version: int, body: str) -> bytes:
    return json.dumps({"uri": "urn:test:history", "version": str(version), "type": "text", "language": "en",
                       "headline": f"Harbour traffic grows (v{version})", "body_html": body}).encode()


def test_changes_by_ingest_and_by_editors_line_up_newest_first(db):
    ingest_payload(ninjs(1, "<p>The harbour grew by four per cent in the quarter.</p>"), origin="test")
    ingest_payload(ninjs(2, "<p>The harbour grew by five per cent in the quarter.</p>"), origin="test")
    article = Article.objects.get(guid__contains="history")
    publishing.withdraw(article, reason="wrong figures", by="elena")

    changes = history.timeline(article)
    assert [change.author for change in changes] == ["elena", history.INGEST]
    withdrawal, update = changes
    assert {item.field for item in withdrawal.differences} == {"status", "withdrawn_reason", "updated_at"}
    body = next(item for item in update.differences if item.field == "body_html")
    assert ("delete", "four") in body.words and ("insert", "five") in body.words
    assert {"headline", "version"} <= {item.field for item in update.differences}


def test_a_restore_brings_back_text_and_placement_but_not_the_publishing_state(newsroom):
    article = newsroom.articles["en-politics"]
    before = (article.headline, article.section_id, article.story_id)
    other_story = Story.objects.create(title="Another story")
    after = Article.objects.get(pk=article.pk)
    after.headline, after.section, after.story = "A new headline", newsroom.sections[1], other_story
    publishing.record_edit(Article.objects.get(pk=article.pk), after, by="elena")
    after.save()
    publishing.withdraw(after, reason="taken back", by="elena")

    edit = history.timeline(after)[1]
    history.restore(after, edit.version, by="marco", note="restored")
    after.refresh_from_db()
    assert (after.headline, after.section_id, after.story_id) == before
    assert after.status == Article.Status.WITHDRAWN
    assert history.timeline(after)[0].author == "marco"


def test_a_restore_empties_a_place_deleted_since(newsroom):
    article = newsroom.articles["en-politics"]
    section = Section.objects.create(key="gone", names={"en": "Gone"})
    Article.objects.filter(pk=article.pk).update(section=section)
    article.refresh_from_db()
    version = history.keep(article, by="elena", note="before the move")
    section.delete()
    article.refresh_from_db()
    history.restore(article, version, by="elena", note="restored")
    article.refresh_from_db()
    assert article.section is None


def test_an_edit_of_a_public_article_sets_its_update_time_and_a_draft_edit_does_not(newsroom):
    public, draft = newsroom.articles["de-politics"], newsroom.articles["it-politics"]
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.WITHHELD)
    for article in (public, draft):
        changed = Article.objects.get(pk=article.pk)
        changed.lead = "A different lead."
        assert publishing.record_edit(Article.objects.get(pk=article.pk), changed, by="elena")
        changed.save()
    assert Article.objects.get(pk=public.pk).updated_at is not None
    assert Article.objects.get(pk=draft.pk).updated_at is None
    unchanged = Article.objects.get(pk=public.pk)
    assert not publishing.record_edit(Article.objects.get(pk=public.pk), unchanged, by="elena")


def test_long_unchanged_text_is_shortened_in_the_word_diff():
    words = [f"w{number}" for number in range(100)]
    runs = history.word_diff(" ".join(words), " ".join(words[:99] + ["changed"]))
    assert runs[0] == ("equal", " ".join(words[:8]) + " … " + " ".join(words[91:99]))
    assert runs[1:] == (("delete", "w99"), ("insert", "changed"))
