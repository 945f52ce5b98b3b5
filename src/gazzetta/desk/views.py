"""Admin pages beyond editing rows: preview, history and restore, the sources' health and its buttons.

They are mounted by the newsroom's ModelAdmins (so they sit under /admin/ and need a staff login);
each checks the model permission its work needs and answers 403 without it.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gazzetta.desk import health, history, publishing
from gazzetta.ingest import tasks
from gazzetta.newsroom.models import Article, ArticleVersion, Source
from gazzetta.reader import related


def require(request, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied(f"desk: this needs the permission {permission}")


def admin_context(request, title: str, model) -> dict:
    return {**admin.site.each_context(request), "title": title, "opts": model._meta}


def by(request) -> str:
    """How the history names the person making a change."""
    return request.user.get_username()


# --- articles ------------------------------------------------------------------------------

def preview(request, pk: int):
    """Render the reader's article page for any article, published or not, for staff only."""
    require(request, "newsroom.view_article")
    article = get_object_or_404(Article.objects.select_related("section", "source", "story"), pk=pk)
    with translation.override(article.language):
        response = render(request, "desk/preview.html", preview_context(article))
    response["X-Robots-Tag"] = "noindex, nofollow"
    add_never_cache_headers(response)
    return response


def preview_context(article: Article) -> dict:
    image = article.lead_image
    return {
        "article": article,
        "image": image if image and image.file.storage.exists(image.file.name) else None,
        "current_section_key": article.section.key if article.section else "",
        "recommended": related.recommended(article),
        "more_on_story": related.more_on_story(article),
        "state": publishing.publication_state(article),
        "change_url": reverse("admin:newsroom_article_change", args=[article.pk]),
    }


def article_history(request, article: Article):
    """Every recorded change of an article with who, when and what; restore buttons for editors."""
    require(request, "newsroom.view_article")
    context = {
        **admin_context(request, _("History of “%(headline)s”") % {"headline": article.headline}, Article),
        "article": article,
        "changes": history.timeline(article),
        "can_restore": request.user.has_perm("newsroom.change_article"),
    }
    return render(request, "desk/history.html", context)


@require_POST
def restore(request, pk: int, version_pk: int):
    require(request, "newsroom.change_article")
    article = get_object_or_404(Article, pk=pk)
    version = get_object_or_404(ArticleVersion, pk=version_pk, article=article)
    when = date_format(localtime(version.recorded_at), "DATETIME_FORMAT")
    history.restore(article, version, by=by(request),
                    note=f"restored the text as it was before {version.recorded_at.isoformat(timespec='seconds')}")
    publishing.announce(article.pk, "updated")
    messages.success(request, _("The text as it was before %(when)s is back.") % {"when": when})
    return redirect("admin:newsroom_article_history", article.pk)


# --- sources -------------------------------------------------------------------------------

def sources_health(request):
    """The operators' page: how each source is doing, with fetch-now and pause/resume buttons."""
    require(request, "newsroom.view_source")
    context = {
        **admin_context(request, _("Sources' health"), Source),
        "rows": health.sources_health(),
        "can_operate": request.user.has_perm("newsroom.change_source"),
        "usual_days": health.USUAL_DAYS,
    }
    return render(request, "desk/health.html", context)


@require_POST
def fetch_now(request, pk: int):
    require(request, "newsroom.change_source")
    source = get_object_or_404(Source, pk=pk)
    if not source.url:
        messages.error(request, _("%(source)s has no URL to fetch.") % {"source": source.name})
        return redirect("admin:newsroom_source_health")
    outcome = tasks.poll_source(source.pk)
    messages.add_message(request, messages.ERROR if outcome.failed else messages.SUCCESS, outcome.summary())
    return redirect("admin:newsroom_source_health")


@require_POST
def pause(request, pk: int):
    return set_enabled(request, pk, False, _("%(source)s is paused: it is not fetched until resumed."))


@require_POST
def resume(request, pk: int):
    return set_enabled(request, pk, True, _("%(source)s is fetched again."))


def set_enabled(request, pk: int, enabled: bool, message: str):
    require(request, "newsroom.change_source")
    source = get_object_or_404(Source, pk=pk)
    Source.objects.filter(pk=source.pk).update(enabled=enabled)
    messages.success(request, message % {"source": source.name})
    return redirect("admin:newsroom_source_health")
