"""`gazzetta similar ARTICLE_ID`: an article's "Empfohlen" list with scores and the reasons behind them."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from gazzetta.newsroom.models import Article, Relation
from gazzetta.relate import engine
from gazzetta.relate.recommend import RECOMMENDATIONS
from gazzetta.relate.similarity import Similarity


class Command(BaseCommand):
    help = "Print an article's stored recommendations with their scores and what matched."

    def add_arguments(self, parser):
        parser.add_argument("article_id", type=int)
        parser.add_argument("--fresh", action="store_true",
                            help="compute the list now from the current index instead of reading the stored one")

    def handle(self, *args, **options):
        article = Article.objects.select_related("story").filter(pk=options["article_id"]).first()
        if article is None:
            raise CommandError(f"relate: similar: no article {options['article_id']}")
        self.stdout.write(f"#{article.pk} [{article.language}] {article.headline}")
        self.stdout.write(story_line(article))
        picks = fresh_picks(article) if options["fresh"] else stored_picks(article)
        if not picks:
            self.stdout.write("no recommendations stored (run `gazzetta relate --rebuild`?)")
        for rank, (related, score, reasons) in enumerate(picks):
            self.stdout.write(pick_lines(rank, related, score, reasons))


def story_line(article: Article) -> str:
    if article.story is None:
        return "story: none"
    pinned = ", placed by an editor" if article.story_pinned else ""
    return f"story: #{article.story_id} {article.story.title} ({article.story.articles.count()} articles{pinned})"


def stored_picks(article: Article) -> list[tuple[Article, float, dict]]:
    relations = (Relation.objects.filter(article=article, kind=Relation.Kind.RECOMMENDED, related__isnull=False)
                 .select_related("related").order_by("rank"))
    return [(r.related, r.score, r.reasons) for r in relations]


def fresh_picks(article: Article) -> list[tuple[Article, float, dict]]:
    with engine.current() as current:
        if article.pk not in current.index:
            raise CommandError(f"relate: similar: article {article.pk} is not indexed (not published?)")
        picks = current.picks(article.pk)
    related = Article.objects.in_bulk([p.article_id for p in picks])
    return [(related[p.article_id], engine.stored_score(p.relevance), p.reasons()) for p in picks
            if p.article_id in related]


def pick_lines(rank: int, related: Article, score: float, reasons: dict) -> str:
    notes = [note for note, applies in (("other language", reasons.get("other_language")),
                                        ("spare", rank >= RECOMMENDATIONS),
                                        ("not visible now", not is_visible(related)))
             if applies]
    suffix = f"  ({', '.join(notes)})" if notes else ""
    return (f"{rank + 1}. {score:.3f}  #{related.pk} [{related.language}] {related.headline}{suffix}\n"
            f"   {explained(reasons)}")


def is_visible(article: Article) -> bool:
    return Article.objects.visible().filter(pk=article.pk).exists()


def explained(reasons: dict) -> str:
    """Return the similarity line (score, parts, matched terms/entities/subjects) of stored reasons."""
    return Similarity(reasons.get("similarity", 0.0), reasons.get("parts", {}), tuple(reasons.get("terms", ())),
                      tuple(reasons.get("entities", ())), tuple(reasons.get("subjects", ()))).explain()
