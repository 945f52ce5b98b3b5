"""How each source is doing, for the operators' health page.

Items per day are the articles a source brought in the last 24 hours; its usual rate is the daily
mean of the USUAL_DAYS before that. A source is silent when its last item is older than
SILENT_FACTOR usual gaps between items, and never sooner than SILENT_MINIMUM: a wire of 200
items a day is silent after two quiet hours, a feed of one item a day after four days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from gazzetta.newsroom.models import Source

DAY = timedelta(days=1)
USUAL_DAYS = 7
SILENT_FACTOR = 4
SILENT_MINIMUM = timedelta(hours=2)


@dataclass(frozen=True)
class SourceHealth:
    source: Source
    last_day: int
    usual_per_day: float
    last_item_at: datetime | None
    silent: bool

    @property
    def failing(self) -> bool:
        return self.source.error_streak > 0

    @property
    def state(self) -> str:
        """paused, failing, silent or ok — the first that applies."""
        if not self.source.enabled:
            return "paused"
        return "failing" if self.failing else ("silent" if self.silent else "ok")


def sources_health(now: datetime | None = None) -> list[SourceHealth]:
    """Every source with its counts, in one query; the troubled ones first."""
    now = now or timezone.now()
    rows = [health_of(source, now) for source in counted_sources(now)]
    return sorted(rows, key=lambda row: (row.state == "ok", row.state == "paused", row.source.name.lower()))


def counted_sources(now: datetime):
    day_start, usual_start = now - DAY, now - DAY * (USUAL_DAYS + 1)
    return Source.objects.annotate(
        last_day=Count("article", filter=Q(article__created_at__gt=day_start)),
        usual_total=Count("article", filter=Q(article__created_at__gt=usual_start,
                                              article__created_at__lte=day_start)),
        last_item_at=Max("article__created_at"),
    )


def health_of(source, now: datetime) -> SourceHealth:
    usual = source.usual_total / USUAL_DAYS
    return SourceHealth(source, source.last_day, round(usual, 1), source.last_item_at,
                        is_silent(source.enabled, usual, source.last_item_at, now))


def is_silent(enabled: bool, usual_per_day: float, last_item_at: datetime | None, now: datetime) -> bool:
    """Whether an enabled source with a usual rate has been quiet for SILENT_FACTOR of its usual gaps."""
    if not enabled or usual_per_day <= 0 or last_item_at is None:
        return False
    quiet_allowed = max(DAY / usual_per_day * SILENT_FACTOR, SILENT_MINIMUM)
    return now - last_item_at > quiet_allowed
