"""Relate wired to the newsroom through the real ingest pipeline: stories, lists, withdrawals, pages."""

import re

import pytest

from gazzetta.newsroom.models import Article, Relation, Story
from gazzetta.relate import editorial, engine, tasks
from gazzetta.relate.models import ArticleFeatures, RelateState

pytestmark = pytest.mark.django_db


def listed(article: Article) -> list[int]:
    """The ids of an article's stored "Empfohlen" list, in rank order."""
    return list(Relation.objects.filter(article=article, kind=Relation.Kind.RECOMMENDED)
                .order_by("rank").values_list("related_id", flat=True))


def section(html: str, css_class: str) -> str:
    """The HTML of the page's <section class="…"> ('' when the page has none)."""
    found = re.search(rf'<section class="{css_class}".*?</section>', html, re.S)
    return found.group() if found else ""


def test_articles_about_one_event_share_a_story_and_others_start_their_own(wire):
    wire.send_all()
    strike = [wire.articles[("strike", i)] for i in range(3)]
    stories = {Article.objects.get(pk=a.pk).story_id for a in strike}
    assert len(stories) == 1 and None not in stories
    others = {Article.objects.get(pk=wire.articles[(key, 0)].pk).story_id for key in ("storm", "basket", "budget")}
    assert len(others) == 3 and not others & stories
    story = Story.objects.get(pk=stories.pop())
    assert story.title == strike[0].headline
    assert story.updated_at == max(a.published_at for a in strike)


def test_story_gets_a_title_in_each_language_that_joins(wire, django_capture_on_commit_callbacks):
    german, italian = wire.send("festival", 0), wire.send("festival", 1)
    story = Article.objects.get(pk=german.pk).story
    with django_capture_on_commit_callbacks(execute=True):  # lexical features rarely join languages alone
        editorial.move_article(Article.objects.get(pk=italian.pk), story)
    story.refresh_from_db()
    assert Article.objects.get(pk=italian.pk).story == story
    assert story.titles == {"de": german.headline, "it": italian.headline}


def test_lists_hold_other_stories_only_and_never_the_article_itself(wire):
    wire.send_all()
    for article in Article.objects.all():
        picks = listed(article)
        assert article.pk not in picks
        stories = list(Article.objects.filter(pk__in=picks).values_list("story_id", flat=True))
        assert article.story_id not in stories
        assert len(stories) == len(set(stories))  # one pick per story
    assert Relation.objects.filter(kind=Relation.Kind.RECOMMENDED).exists()


def test_reasons_are_stored_with_each_pick(wire):
    wire.send_all()
    relation = Relation.objects.filter(kind=Relation.Kind.RECOMMENDED).first()
    assert set(relation.reasons) >= {"similarity", "parts", "terms", "entities", "subjects", "other_language"}
    assert relation.score > 0


def test_an_update_keeps_the_story(wire):
    wire.send_all()
    first = wire.articles[("strike", 0)]
    story = Article.objects.get(pk=first.pk).story_id
    updated = wire.update("strike", 0, "Triest: Einigung in Sicht",
                          "Die Hafenbehörde und die Gewerkschaft nähern sich an. Ein Vertrag soll am Freitag folgen.")
    assert updated.version == 2 and updated.story_id == story
    assert not updated.story_pinned
    assert ArticleFeatures.objects.get(pk=first.pk).data["headline"].keys() >= {"einig"}


def test_a_withdrawal_empties_it_from_every_list_at_once(wire, client):
    wire.send_all()
    counts = {a.pk: Relation.objects.filter(related=a).count() for a in Article.objects.all()}
    target = Article.objects.get(pk=max(counts, key=counts.get))
    holders = list(Relation.objects.filter(related=target).values_list("article_id", flat=True))
    assert holders
    wire.withdraw(*next(key for key, a in wire.articles.items() if a.pk == target.pk))
    assert Article.objects.get(pk=target.pk).is_withdrawn
    assert not Relation.objects.filter(related=target).exists()
    for holder in Article.objects.filter(pk__in=holders):
        assert target.headline not in section(client.get(holder.get_absolute_url()).content.decode(), "recommended")


def test_a_duplicate_never_appears(wire):
    wire.send_all()
    original = wire.articles[("storm", 0)]
    copy = Article.objects.create(guid="urn:other-agency:1", language="de", headline=original.headline,
                                  lead=original.lead, body_html=original.body_html + "<p>Die Feuerwehr half.</p>",
                                  published_at=original.published_at)
    tasks.relate_article(copy.pk)  # a copy the dedupe step did not catch (another agency's wording)
    for article in Article.objects.all():
        assert not {original.pk, copy.pk} <= set(listed(article))
    assert copy.pk not in listed(original) and original.pk not in listed(copy)


def test_the_page_shows_both_lists_in_the_editions_language(wire, client):
    wire.send_all()
    article = Article.objects.get(pk=wire.articles[("strike", 1)].pk)
    html = client.get(article.get_absolute_url()).content.decode()
    story_list, recommended = section(html, "more-on-story"), section(html, "recommended")
    assert "Mehr zu dieser Geschichte" in story_list and "Empfohlen" in recommended
    assert wire.articles[("strike", 0)].headline in story_list
    assert wire.articles[("strike", 2)].headline in story_list
    german_picks = Article.objects.filter(pk__in=listed(article), language="de").exclude(story=article.story)
    assert german_picks.exists()
    assert german_picks.first().headline in recommended
    assert wire.articles[("strike", 0)].headline not in recommended


def test_other_language_fill_is_labelled(wire, client):
    german = wire.send("festival", 0)  # the only German article: the list fills from Italian
    italian = wire.ingest(wire.ninjs("urn:relate:it:film", "it", "Hana Jušić gira il suo nuovo film a Koper",
                                     "La regista croata Hana Jušić gira a Koper il suo terzo film. Le riprese del "
                                     "dramma Morje II dureranno sei settimane, con attori sloveni e croati"))
    html = client.get(Article.objects.get(pk=german.pk).get_absolute_url()).content.decode()
    recommended = section(html, "recommended")
    assert italian.headline in recommended and "(IT)" in recommended
    assert Relation.objects.get(article=german, related=italian).reasons["other_language"] is True


def test_a_process_catches_up_with_what_another_process_stored(wire):
    wire.send("storm", 0)
    this_process = engine.Engine()
    this_process.catch_up()
    other_process = engine.Engine()
    other_process.catch_up()
    wire_article = wire.send("storm", 1)  # related by the process-wide engine, as a third process
    assert wire_article.pk not in this_process.index
    this_process.catch_up()
    assert wire_article.pk in this_process.index
    assert this_process.story_of(wire_article.pk) == Article.objects.get(pk=wire_article.pk).story_id


def test_a_renewed_token_makes_a_process_reload(wire):
    wire.send("storm", 0)
    process = engine.Engine()
    process.catch_up()
    Article.objects.filter(pk=wire.articles[("storm", 0)].pk).update(status=Article.Status.WITHHELD)
    RelateState.renew()
    process.catch_up()
    assert wire.articles[("storm", 0)].pk not in process.index


def test_an_article_placed_by_someone_else_is_pinned(wire):
    wire.send_all()
    moved = Article.objects.get(pk=wire.articles[("basket", 0)].pk)
    target = Article.objects.get(pk=wire.articles[("budget", 0)].pk).story
    moved.story = target  # as the desk's "move to another story" does, then announces an update
    moved.save()
    tasks.relate_article(moved.pk)
    moved.refresh_from_db()
    assert moved.story == target and moved.story_pinned
