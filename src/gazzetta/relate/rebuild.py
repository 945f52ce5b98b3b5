"""Recompute features, stories and lists for every published article, in arrival order.

Three passes: features and stories together (features are independent per article and
computed by worker processes; this process assigns the stories as the features arrive,
sequentially by definition: arrival order, editors' pins and merges kept), writing back,
then the lists (independent per article again: worker processes over the finished index).
A story keeps its row, and so its address, when the article that started it still starts
it; a story left without articles points at where its first article went. At the end the shared token is
renewed, so every other process reloads its index on its next change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime

from django.db import connections, transaction
from django.db.models import QuerySet
from django.utils import timezone

from gazzetta.newsroom.models import Article, Relation, Story
from gazzetta.relate import batch, engine
from gazzetta.relate.features import Features
from gazzetta.relate.index import RelateIndex
from gazzetta.relate.models import ArticleFeatures, RelateState
from gazzetta.relate.stories import StoryClusterer

WRITE_BATCH = 500
Progress = Callable[[str], None]


@dataclass(slots=True)
class Arrival:
    """What the story pass needs of one article, in arrival order."""

    pk: int
    language: str
    headline: str
    published_at: datetime
    story_id: int | None  # before the rebuild
    story_pinned: bool


def rebuild(progress: Progress = lambda line: None, workers: int | None = None) -> engine.Engine:
    """Rebuild everything relate stores; return the engine that now serves this process."""
    waiting = {arrival.pk: arrival for arrival in arrival_order()}
    features: dict[int, Features] = {}

    def arriving() -> Iterator[tuple[Arrival, Features]]:
        for article_id, found in compute_features(progress, workers):
            if article_id in waiting:  # else published since: its own change relates it
                features[article_id] = found
                yield waiting[article_id], found

    clusterer, placement = assign_stories(arriving(), progress)
    arrivals = [waiting[pk] for pk in features]
    progress(f"relate: {len(arrivals)} published articles")
    written_at = write_stories(arrivals, features, placement)
    store_lists(clusterer, progress, workers)
    result = engine.Engine(clusterer.index, clusterer, RelateState.renew())
    for arrival in arrivals:  # what this process wrote needs no catching up
        result.note_applied(arrival.pk, written_at)
    engine.replace(result)
    return result


def published() -> QuerySet:
    return Article.objects.filter(status=Article.Status.PUBLISHED).order_by("published_at", "pk")


def arrival_order() -> list[Arrival]:
    fields = ("pk", "language", "headline", "published_at", "story_id", "story_pinned")
    return [Arrival(*row) for row in published().values_list(*fields)]


# --- features ------------------------------------------------------------------------------

def compute_features(progress: Progress, workers: int | None) -> Iterator[tuple[int, Features]]:
    """Yield every published article's features, computed from its text, in arrival order."""
    prepare_fork(workers)
    for done, (article_id, data) in enumerate(batch.features_all(feature_rows(), workers), 1):
        if done % 10000 == 0:
            progress(f"relate: features {done}")
        yield article_id, Features.from_dict(data)


def feature_rows() -> Iterator[tuple]:
    fields = ("pk", "language", "headline", "lead", "body_html", "subjects", "published_at")
    for pk, language, headline, lead, body, subjects, published_at in (
            published().values_list(*fields).iterator(chunk_size=2000)):
        yield (pk, language, headline, lead, engine.body_text(body), engine.subject_keys(subjects),
               published_at.timestamp())


def prepare_fork(workers: int | None) -> None:
    """Close database connections before forking: a child must never share the parent's."""
    if (workers or batch.default_workers()) > 1:
        connections.close_all()


# --- stories -------------------------------------------------------------------------------

def assign_stories(arriving: Iterable[tuple[Arrival, Features]], progress: Progress):
    """Cluster in arrival order; return the clusterer and article id → story id (new ones < 0)."""
    aliases = engine.merged_aliases()
    clusterer = StoryClusterer(RelateIndex(), aliases=aliases)
    chooser = StoryChooser(clusterer)
    placed = []
    for done, (arrival, features) in enumerate(arriving, 1):
        story_id = chooser.story_for(arrival, features)
        if story_id is not None:
            clusterer.join(arrival.pk, story_id, features)
        clusterer.index.add(arrival.pk, features)
        placed.append(arrival.pk)
        if done % 10000 == 0:
            progress(f"relate: stories {done}")
    progress(f"relate: {len(clusterer.stories)} stories")
    return clusterer, {pk: clusterer.story_of(pk) for pk in placed}


class StoryChooser:
    """Decides each article's story during a rebuild, reusing existing rows where it can."""

    def __init__(self, clusterer: StoryClusterer) -> None:
        self.clusterer = clusterer
        self.claimed: set[int] = set()
        self.new_ids = 0

    def story_for(self, arrival: Arrival, features: Features) -> int | None:
        if arrival.story_pinned:
            story_id = self.resolve(arrival.story_id)
        else:
            story_id = self.clusterer.best_story(arrival.pk, features) or self.founded_by(arrival)
        if story_id is not None:
            self.claimed.add(story_id)
        return story_id

    def resolve(self, story_id: int | None) -> int | None:
        return None if story_id is None else self.clusterer.resolve(story_id)

    def founded_by(self, arrival: Arrival) -> int:
        """Return the article's old story when no earlier article took it, else a new (negative) id."""
        previous = self.resolve(arrival.story_id)
        if previous is not None and previous not in self.claimed:
            return previous
        self.new_ids -= 1
        return self.new_ids


# --- writing back --------------------------------------------------------------------------

def write_stories(arrivals: list[Arrival], features: dict[int, Features], placement: dict[int, int | None]):
    """Create the new stories, then store every article's story and features; return when."""
    with transaction.atomic():
        real = create_stories(arrivals, placement)
        placement.update({pk: real.get(story, story) for pk, story in placement.items()})
        written_at = store_placement(arrivals, features, placement)
        describe_stories(arrivals, placement)
        redirect_orphans(arrivals, placement)
    return written_at


def create_stories(arrivals: list[Arrival], placement: dict) -> dict[int, int]:
    """Insert a row for each new story (founded by its first article); return temporary id → pk."""
    founders = {}
    for arrival in arrivals:
        story = placement[arrival.pk]
        if story is not None and story < 0 and story not in founders:
            founders[story] = arrival
    rows = Story.objects.bulk_create([story_row(arrival) for arrival in founders.values()])
    return {temporary: row.pk for temporary, row in zip(founders, rows)}


def story_row(arrival: Arrival) -> Story:
    title = arrival.headline[:300]
    return Story(title=title, titles={arrival.language: title}, language=arrival.language,
                 created_at=arrival.published_at, updated_at=arrival.published_at)


def store_placement(arrivals: list[Arrival], features: dict[int, Features], placement: dict) -> datetime:
    """Write Article.story where it changed, and every features row with relate's story; return when."""
    moved = [Article(pk=a.pk, story_id=placement[a.pk]) for a in arrivals if a.story_id != placement[a.pk]]
    Article.objects.bulk_update(moved, ["story"], batch_size=WRITE_BATCH)
    now = timezone.now()
    rows = [ArticleFeatures(article_id=a.pk, language=features[a.pk].language, published_at=a.published_at,
                            data=features[a.pk].to_dict(), story_id=placement[a.pk], changed_at=now)
            for a in arrivals]
    ArticleFeatures.objects.bulk_create(
        rows, batch_size=WRITE_BATCH, update_conflicts=True, unique_fields=["article"],
        update_fields=["language", "published_at", "data", "story", "changed_at"])
    return now


def describe_stories(arrivals: list[Arrival], placement: dict) -> None:
    """Title each story in the languages of its articles (an existing title stays) and give its newest time."""
    titles: dict[int, dict[str, str]] = {}
    newest: dict[int, datetime] = {}
    for arrival in arrivals:
        story = placement[arrival.pk]
        if story is not None:
            titles.setdefault(story, {}).setdefault(arrival.language, arrival.headline[:300])
            newest[story] = max(newest.get(story, arrival.published_at), arrival.published_at)
    stories = list(Story.objects.filter(pk__in=list(titles)))
    for story in stories:
        story.titles = {language: story.titles.get(language) or title for language, title in titles[story.pk].items()}
        story.updated_at = newest[story.pk]
    Story.objects.bulk_update(stories, ["titles", "updated_at"], batch_size=WRITE_BATCH)


def redirect_orphans(arrivals: list[Arrival], placement: dict) -> None:
    """Point each story left without articles at the story its first article went to."""
    used = set(placement.values())
    heirs: dict[int, int] = {}
    for arrival in arrivals:
        old, new = arrival.story_id, placement[arrival.pk]
        if old is not None and old not in used and new is not None and new != old:
            heirs.setdefault(old, new)
    for orphan, heir in heirs.items():
        Story.objects.filter(pk=orphan, merged_into__isnull=True).update(merged_into=heir)


# --- lists ---------------------------------------------------------------------------------

def store_lists(clusterer: StoryClusterer, progress: Progress, workers: int | None) -> None:
    """Recompute every article's list in worker processes and store them in batches."""
    prepare_fork(workers)
    done, pending = 0, []
    for article_id, picks in batch.recommend_all(clusterer.index.ids(), clusterer.index, clusterer.story_of,
                                                 engine.STORED_PICKS, workers):
        pending.append((article_id, picks))
        if len(pending) == WRITE_BATCH:
            done += write_lists(pending)
            pending = []
            if done % 10000 == 0:
                progress(f"relate: lists {done}")
    done += write_lists(pending)
    progress(f"relate: lists {done}")


def write_lists(pending: list) -> int:
    """Replace the computed lists of a batch of articles in one transaction."""
    with transaction.atomic():
        Relation.objects.filter(article_id__in=[pk for pk, _ in pending], kind=Relation.Kind.RECOMMENDED).delete()
        Relation.objects.bulk_create([row for pk, picks in pending for row in engine.relation_rows(pk, picks)],
                                     batch_size=WRITE_BATCH)
    return len(pending)
