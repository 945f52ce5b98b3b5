"""`gazzetta relate --rebuild` and `gazzetta similar ARTICLE_ID`."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gazzetta.newsroom.models import Article, Relation
from gazzetta.relate.models import RelateState

pytestmark = pytest.mark.django_db


def run(*arguments) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_rebuild_recomputes_everything_and_reports_progress(wire):
    wire.send_all()
    Relation.objects.filter(kind=Relation.Kind.RECOMMENDED).delete()
    token = RelateState.current_token()
    _, err = run("relate", "--rebuild", "--workers", "1")
    published = Article.objects.filter(status=Article.Status.PUBLISHED).count()
    assert f"relate: {published} published articles" in err and "stories" in err
    with_lists = Relation.objects.filter(kind=Relation.Kind.RECOMMENDED).values("article").distinct().count()
    assert 0 < with_lists <= published
    assert RelateState.current_token() != token  # other processes reload


def test_relate_without_an_action_is_an_error(db):
    with pytest.raises(CommandError, match="--rebuild"):
        run("relate")
    with pytest.raises(CommandError, match="--workers"):
        run("relate", "--rebuild", "--workers", "0")


def test_similar_prints_picks_with_scores_and_reasons(wire):
    wire.send_all()
    article = wire.articles[("strike", 1)]
    out, _ = run("similar", str(article.pk))
    lines = out.splitlines()
    assert lines[0] == f"#{article.pk} [de] {article.headline}"
    assert lines[1].startswith(f"story: #{Article.objects.get(pk=article.pk).story_id} ")
    stored = Relation.objects.filter(article=article, kind="recommended").order_by("rank").first()
    assert lines[2].startswith(f"1. {stored.score:.3f}  #{stored.related_id} ")
    assert "content=" in lines[3] and ("terms: " in lines[3] or "entities: " in lines[3])


def test_similar_fresh_matches_the_stored_list(wire):
    wire.send_all()
    article = wire.articles[("strike", 1)]
    stored, _ = run("similar", str(article.pk))
    fresh, _ = run("similar", str(article.pk), "--fresh")
    assert fresh == stored


def test_similar_on_an_unknown_article_is_an_error(db):
    with pytest.raises(CommandError, match="no article 424242"):
        run("similar", "424242")
