"""The article page's cheap path: prepared queries, the per-process sections, shared fragments, page dates."""

import datetime

import pytest
from django.template import Context, Template, engines
from django.test import RequestFactory
from django.utils import timezone, translation

from gazzetta.newsroom.models import Article, Section
from gazzetta.reader import sections
from gazzetta.reader.prepared import PreparedQuery

pytestmark = pytest.mark.django_db

VISIBLE = PreparedQuery(lambda now: Article.objects.visible(now).only("headline").order_by("pk"), now=datetime.datetime)


def test_a_prepared_query_reads_what_the_orm_reads_for_each_new_value(newsroom):
    now = timezone.now()
    for moment in (now, now + datetime.timedelta(hours=4), now - datetime.timedelta(hours=3)):
        prepared = VISIBLE.run(now=moment)
        assert [(a.pk, a.headline) for a in prepared] == list(
            Article.objects.visible(moment).order_by("pk").values_list("pk", "headline"))
    assert newsroom.articles["de-embargoed"].pk not in {a.pk for a in VISIBLE.run(now=now)}
    assert newsroom.articles["de-embargoed"].pk in {a.pk for a in VISIBLE.run(now=now + datetime.timedelta(hours=4))}


def test_a_prepared_query_converts_columns_like_the_orm(newsroom):
    article = newsroom.articles["de-photo"]
    [prepared] = PreparedQuery(lambda pk: Article.objects.filter(pk=pk), pk=int).run(pk=article.pk)
    loaded = Article.objects.get(pk=article.pk)
    assert prepared.published_at == loaded.published_at and prepared.published_at.tzinfo is not None
    assert prepared.authors == loaded.authors == ["Elena Maria Rossi"]
    assert prepared.featured is loaded.featured is False
    assert prepared.get_deferred_fields() == set()


def test_a_prepared_query_refuses_what_it_could_not_fill_or_bind():
    with pytest.raises(ValueError, match="own model's columns"):
        PreparedQuery(lambda pk: Article.objects.select_related("section").filter(pk=pk), pk=int).compile()
    with pytest.raises(ValueError, match="left no parameter"):
        PreparedQuery(lambda pk: Article.objects.all(), pk=int).compile()


def test_a_renamed_section_shows_on_the_next_page_even_without_signals(client, newsroom):
    article = newsroom.articles["de-strike-0"]
    assert ">Wirtschaft</a>" in client.get(article.get_absolute_url()).content.decode()
    Section.objects.filter(key="politics").update(names={"de": "Innenpolitik", "it": "Politica", "en": "Politics"})
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'href="/de/innenpolitik/">Innenpolitik</a>' in html
    assert 'href="/de/politik/"' not in html


@pytest.mark.parametrize(("key", "current", "other"), [("de-photo", "Politik", "Wirtschaft"),
                                                        ("de-strike-0", "Wirtschaft", "Politik")])
def test_the_shared_navigation_marks_each_pages_own_section(client, newsroom, key, current, other):
    client.get("/de/")  # the navigation without a current section is kept first
    html = client.get(newsroom.articles[key].get_absolute_url()).content.decode()
    nav = html.split('<nav class="sections"', 1)[1].split("</nav>", 1)[0]
    assert f'aria-current="page">{current}</a>' in nav
    assert f'aria-current="page">{other}</a>' not in nav


def test_the_shared_masthead_follows_the_edition(client, newsroom):
    for edition in ("de", "it", "de"):
        masthead = client.get(f"/{edition}/").content.decode().split('<form class="site-search"', 1)[0]
        assert f'<a href="/{edition}/" hreflang="{edition}" lang="{edition}" aria-current="true">' in masthead


def test_teaser_links_are_the_articles_canonical_addresses(client, newsroom):
    html = client.get(newsroom.articles["de-strike-0"].get_absolute_url()).content.decode()
    more = html.split('id="story-heading"', 1)[1].split("</section>", 1)[0]
    for key in ("de-strike-1", "de-strike-2", "it-strike-0", "en-strike-0"):
        assert f'href="{newsroom.articles[key].get_absolute_url()}"' in more


@pytest.mark.parametrize("zone", ["Europe/Rome", "Asia/Tokyo", "America/New_York"])
@pytest.mark.parametrize("language", ["de", "it", "en"])
def test_page_dates_read_as_djangos_date_filter(zone, language):
    moment = datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC)  # the night Europe's clocks change
    source = engines["jinja2"].from_string('{{ moment|page_date("DATETIME_FORMAT") }}|{{ moment|page_date("c") }}')
    reference = Template('{{ moment|date:"DATETIME_FORMAT" }}|{{ moment|date:"c" }}')
    with timezone.override(zone), translation.override(language):
        assert source.render({"moment": moment}) == reference.render(Context({"moment": moment}))


def test_a_fragment_outside_a_request_is_rendered_each_time():
    template = engines["jinja2"].from_string('{% call shared_fragment("x") %}{{ value }}{% endcall %}')
    assert template.render({"value": "a"}) == "a"
    assert template.render({"value": "b"}) == "b"
    request = RequestFactory().get("/de/")
    assert template.render({"value": "c"}, request) == "c"
    assert template.render({"value": "d"}, request) == "c"  # kept with this reading of the sections
    assert sections.of(request) is sections.of(request)
