"""A desk that publishes articles the way the pipeline does: store, then announce the change."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from gazzetta.newsroom.models import Article, Section, Source, Story
from gazzetta.newsroom.signals import article_changed


def announce(article_id: int, change: str) -> None:
    """Send article_changed as the newsroom does after its transaction commits."""
    article_changed.send(sender=Article, article_id=article_id, change=change)


@pytest.fixture
def desk(db):
    """Sections, sources, a story, `publish(headline, body, language, **fields)` and `announce(id, change)`."""
    now = timezone.now()
    made = SimpleNamespace(
        now=now,
        politics=Section.objects.create(key="politics", names={"de": "Politik", "it": "Politica", "en": "Politics"}),
        economy=Section.objects.create(key="economy", names={"de": "Wirtschaft", "it": "Economia", "en": "Economy"}),
        wire=Source.objects.create(key="adp", name="Adria Press Agency"),
        house=Source.objects.create(key="desk", name="Gazzetta Desk", kind=Source.Kind.HOUSE),
        story=Story.objects.create(title="Atomgespräche in Wien"),
        count=0,
    )

    def publish(headline: str, body: str = "", language: str = "de", hours: float = 1, **fields) -> Article:
        made.count += 1
        fields.setdefault("section", made.politics)
        fields.setdefault("source", made.wire)
        article = Article.objects.create(
            guid=f"urn:test:search:{made.count}", language=language, headline=headline,
            body_html=body or f"<p>{headline}</p>", published_at=now - timedelta(hours=hours), **fields,
        )
        announce(article.pk, "created")
        return article

    made.publish, made.announce = publish, announce
    return made
