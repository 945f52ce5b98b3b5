"""The sources' health page: rates, silent and failing sources, fetch now, pause and resume."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from localwire import Reply

from gazzetta.desk import health
from gazzetta.newsroom.models import Article, Source

HEALTH = "/admin/newsroom/source/health/"
FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Local wire</title><link>https://wire.example/</link>
<item><guid>https://wire.example/1</guid><link>https://wire.example/1</link><title>Harbour traffic grows again</title>
<description>The harbour reported record traffic for the third quarter, the port authority said.</description>
<pubDate>Tue, 02 Jul 2024 10:00:00 GMT</pubDate></item></channel></rss>"""


def received(source: Source, *ages: timedelta) -> None:
    """Give `source` articles that arrived `ages` ago."""
    now = timezone.now()
    for number, age in enumerate(ages):
        article = Article.objects.create(guid=f"urn:test:{source.key}:{number}", language="en", source=source,
                                         headline=f"Item {number} of {source.key}")
        Article.objects.filter(pk=article.pk).update(created_at=now - age)


@pytest.fixture
def sources(db):
    busy = Source.objects.create(key="busy", name="Busy wire", url="https://busy.example/feed")
    quiet = Source.objects.create(key="quiet", name="Quiet wire", url="https://quiet.example/feed")
    weekly = Source.objects.create(key="weekly", name="Weekly letter", url="https://weekly.example/feed")
    received(busy, *[timedelta(hours=hours) for hours in range(1, 24, 2)], *[timedelta(days=2)] * 14)
    received(quiet, *[timedelta(days=days, hours=3) for days in range(1, 8) for _ in range(4)])
    received(weekly, timedelta(days=5))
    return {source.key: source for source in (busy, quiet, weekly)}


def test_rates_and_silence_follow_each_source_s_usual_pace(sources):
    rows = {row.source.key: row for row in health.sources_health()}
    assert (rows["busy"].last_day, rows["busy"].usual_per_day, rows["busy"].state) == (12, 2.0, "ok")
    assert (rows["quiet"].last_day, rows["quiet"].usual_per_day) == (0, 4.0)
    assert rows["quiet"].state == "silent"
    assert rows["weekly"].state == "ok"
    assert list(rows)[0] == "quiet"


def test_a_failing_or_paused_source_says_so_first(sources):
    Source.objects.filter(key="busy").update(error_streak=3, last_error="ingest: fetch: timed out")
    Source.objects.filter(key="quiet").update(enabled=False)
    states = {row.source.key: row.state for row in health.sources_health()}
    assert states == {"busy": "failing", "quiet": "paused", "weekly": "ok"}


def test_the_page_shows_each_source_with_its_buttons(client, staff, sources):
    staff(client, "Desk chief")
    page = client.get(HEALTH).content.decode()
    assert page.count('class="state-') == 3 and "Quiet wire" in page
    assert page.count(">Jetzt abrufen<") + page.count(">Fetch now<") == 3


@pytest.fixture
def local_wire(wire):
    return wire.route("/feed.xml", Reply(body=FEED, headers={"Content-Type": "application/rss+xml"}))


def test_fetch_now_ingests_and_records_success(client, staff, local_wire):
    staff(client, "Desk chief")
    wire = Source.objects.create(key="local", name="Local wire", url=local_wire)
    response = client.post(reverse("admin:newsroom_source_fetch", args=[wire.pk]), follow=True)
    assert [str(message) for message in response.context["messages"]] == ["local: ok (1 created)"]
    wire.refresh_from_db()
    assert wire.last_success_at is not None and wire.error_streak == 0
    assert Article.objects.filter(source=wire, headline="Harbour traffic grows again").exists()


def test_fetch_now_of_a_broken_source_records_the_error(client, staff, db):
    staff(client, "Desk chief")
    broken = Source.objects.create(key="internal", name="Internal", url="http://127.0.0.1:9/feed")
    response = client.post(reverse("admin:newsroom_source_fetch", args=[broken.pk]), follow=True)
    assert response.status_code == 200 and "refusing 127.0.0.1" in response.content.decode()
    broken.refresh_from_db()
    assert broken.error_streak == 1 and "refusing" in broken.last_error
