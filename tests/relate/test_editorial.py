"""Editors' story decisions: merge, move, release; the engine and a rebuild respect them."""

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.utils import translation

from gazzetta.newsroom.models import Article, Relation, Story
from gazzetta.relate import editorial, engine, rebuild
from gazzetta.relate.admin import release_stories

pytestmark = pytest.mark.django_db


def story_of(article: Article) -> Story | None:
    return Article.objects.get(pk=article.pk).story


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run the editors' announcements (article_changed after commit) as they happen."""
    def run(function, *arguments):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*arguments)
    return run


def test_merge_moves_every_article_pins_them_and_redirects_the_story(wire, committed):
    wire.send_all()
    strike, storm = story_of(wire.articles[("strike", 0)]), story_of(wire.articles[("storm", 0)])
    survivor = committed(editorial.merge_stories, storm, strike)
    storm.refresh_from_db()
    assert survivor == strike and storm.merged_into == strike
    members = Article.objects.filter(story=strike)
    assert {a.pk for a in members} >= {wire.articles[("storm", i)].pk for i in range(2)}
    assert all(a.story_pinned for a in members)
    assert set(strike.__class__.objects.get(pk=strike.pk).titles) == {"de"}


def test_an_editors_merge_survives_a_rebuild(wire, committed):
    wire.send_all()
    strike, storm = story_of(wire.articles[("strike", 0)]), story_of(wire.articles[("storm", 0)])
    committed(editorial.merge_stories, storm, strike)
    rebuild.rebuild(workers=1)
    stories = {story_of(wire.articles[key]).pk for key in [("strike", 0), ("strike", 2), ("storm", 0), ("storm", 1)]}
    assert stories == {strike.pk}
    assert Story.objects.get(pk=storm.pk).merged_into_id == strike.pk


def test_a_rebuild_without_decisions_keeps_story_rows_and_lists(wire):
    wire.send_all()
    before = {key: story_of(a).pk for key, a in wire.articles.items()}
    rebuild.rebuild(workers=1)
    after = {key: story_of(a).pk for key, a in wire.articles.items()}
    assert after == before
    with engine.current() as current:
        for article in wire.articles.values():
            stored = article.relations.filter(kind="recommended").order_by("rank").values_list("related", flat=True)
            assert list(stored) == [pick.article_id for pick in current.picks(article.pk)]
    assert Relation.objects.filter(kind="recommended").exists()


def test_a_moved_article_stays_after_a_rebuild(wire, committed):
    wire.send_all()
    basket = Article.objects.get(pk=wire.articles[("basket", 0)].pk)
    budget_story = story_of(wire.articles[("budget", 0)])
    committed(editorial.move_article, basket, budget_story)
    assert story_of(basket) == budget_story and Article.objects.get(pk=basket.pk).story_pinned
    rebuild.rebuild(workers=1)
    assert story_of(basket) == budget_story


def test_moving_into_a_merged_story_lands_in_the_survivor(wire, committed):
    wire.send_all()
    strike, storm = story_of(wire.articles[("strike", 0)]), story_of(wire.articles[("storm", 0)])
    committed(editorial.merge_stories, storm, strike)
    basket = Article.objects.get(pk=wire.articles[("basket", 0)].pk)
    committed(editorial.move_article, basket, Story.objects.get(pk=storm.pk))
    assert story_of(basket) == strike


def test_released_articles_are_placed_by_relate_again(wire, committed):
    wire.send_all()
    basket = Article.objects.get(pk=wire.articles[("basket", 0)].pk)
    committed(editorial.move_article, basket, story_of(wire.articles[("budget", 0)]))
    assert committed(editorial.release, [Article.objects.get(pk=basket.pk)]) == 1
    assert not Article.objects.get(pk=basket.pk).story_pinned
    rebuild.rebuild(workers=1)
    assert story_of(basket) != story_of(wire.articles[("budget", 0)])


def test_a_story_cannot_be_merged_into_itself(wire):
    wire.send("storm", 0)
    story = story_of(wire.articles[("storm", 0)])
    with pytest.raises(editorial.EditorialError):
        editorial.merge_stories(story, story)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _admin_request(admin_user):
    request = RequestFactory().post("/admin/")
    request.user, request.session = admin_user, {}
    request._messages = FallbackStorage(request)
    return request


def test_admin_action_releases_pins(wire, admin_user, committed):
    wire.send_all()
    basket = Article.objects.get(pk=wire.articles[("basket", 0)].pk)
    committed(editorial.move_article, basket, story_of(wire.articles[("budget", 0)]))
    request = _admin_request(admin_user)
    committed(release_stories, admin.site.get_model_admin(Article), request, Article.objects.filter(pk=basket.pk))
    assert not Article.objects.get(pk=basket.pk).story_pinned
    assert str(list(request._messages)[0]) == "1 article released."
