"""The reader's search page: a GET form, filters as plain links, no JavaScript needed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from gazzetta.newsroom.models import Section, Source
from gazzetta.search.backends import get_search_backend
from gazzetta.search.backends.base import NEWEST, RELEVANCE, SearchFilters

ALL_LANGUAGES = "all"
PERIODS = {
    "day": (timedelta(days=1), _("Past day")),
    "week": (timedelta(days=7), _("Past week")),
    "month": (timedelta(days=31), _("Past month")),
    "year": (timedelta(days=366), _("Past year")),
}
ORDER_LABELS = {RELEVANCE: _("Relevance"), NEWEST: _("Newest first")}
MAX_SOURCE_LINKS = 20
KEPT_PARAMETERS = ("q", "lang", "section", "source", "period", "story", "order")


def filters_from(params: Mapping[str, str], edition: str) -> SearchFilters:
    """Read the page's filter parameters; unknown values mean no filter."""
    period = PERIODS.get(params.get("period", ""))
    language = params.get("lang") or edition
    return SearchFilters(
        language=None if language == ALL_LANGUAGES else language,
        section=params.get("section") or None,
        source=params.get("source") or None,
        story=_whole_number(params.get("story")),
        since=timezone.now() - period[0] if period else None,
    )


def _whole_number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


@require_GET
def results(request):
    edition = get_language() or settings.LANGUAGE_CODE
    params = {name: request.GET.get(name, "") for name in KEPT_PARAMETERS}
    order = params["order"] if params["order"] in ORDER_LABELS else RELEVANCE
    page = _whole_number(request.GET.get("page")) or 1
    found = get_search_backend().search(params["q"], filters_from(params, edition), order, page)
    context = {
        "q": params["q"],
        "search_query": params["q"],
        "results": found,
        "result_count": _result_count(found),
        "filters": _filter_groups(params, edition),
        "page_links": _page_links(params, found),
        "all_editions_link": _link(params, lang=ALL_LANGUAGES) if params["lang"] != ALL_LANGUAGES else "",
    }
    return render(request, "search/results.html", context)


def _result_count(found) -> str:
    if found.more:
        return gettext("More than %(counter)s results") % {"counter": found.count}
    return ngettext("%(counter)s result", "%(counter)s results", found.count) % {"counter": found.count}


def _link(params: Mapping[str, str], **changed: str) -> str:
    """Return the query string of this search with some parameters changed (and page 1)."""
    merged = {**params, **changed}
    return "?" + urlencode({name: value for name, value in merged.items() if value})


def _group(params: Mapping[str, str], name: str, label, choices: list[tuple[str, str]]) -> dict:
    """Return one filter as a list of links, the current choice marked."""
    current = params.get(name, "")
    links = [{"label": text, "url": _link(params, **{name: value}), "current": value == current}
             for value, text in choices]
    return {"label": label, "links": links}


def _filter_groups(params: Mapping[str, str], edition: str) -> list[dict]:
    sections = [(section.key, section.name(edition)) for section in Section.objects.all()]
    sources = Source.objects.filter(enabled=True).values_list("key", "name")[:MAX_SOURCE_LINKS]
    periods = [(key, label) for key, (_span, label) in PERIODS.items()]
    return [
        _group(params, "lang", _("Language"), [("", _("This edition")), (ALL_LANGUAGES, _("All editions"))]),
        _group(params, "section", _("Section"), [("", _("Any section")), *sections]),
        _group(params, "source", _("Source"), [("", _("Any source")), *sources]),
        _group(params, "period", _("Date"), [("", _("Any time")), *periods]),
        _group(params, "order", _("Order"), [("", ORDER_LABELS[RELEVANCE]), (NEWEST, ORDER_LABELS[NEWEST])]),
    ]


def _page_links(params: Mapping[str, str], found) -> dict:
    def page_url(number: int) -> str:
        return _link(params, page=str(number))

    return {
        "previous": page_url(found.page - 1) if found.has_previous else "",
        "next": page_url(found.page + 1) if found.has_next else "",
    }
