"""Reader pages: server-rendered, complete without JavaScript."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Count, Exists, OuterRef
from django.http import Http404, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language, ngettext
from django.views.decorators.http import require_GET

from gazzetta.newsroom.models import Article, Image, Section, Source, Story
from gazzetta.reader import keyset, related, textsize
from gazzetta.reader import sections as reader_sections
from gazzetta.reader.prepared import PreparedQuery, give_prefetched
from gazzetta.server import pagecache

SECTION_PAGE_SIZE = 20
HOME_LATEST = 8
HOME_PER_SECTION = 4
STORY_PAGE_SIZE = 100
# The article page's own reads, each a cheap prepared query (gazzetta.reader.prepared).
VISIBLE_ARTICLE = PreparedQuery(lambda article, now: Article.objects.visible(now).filter(pk=article),
                                article=int, now=datetime.datetime)
SOURCE = PreparedQuery(lambda source: Source.objects.filter(pk=source), source=int)
STORY = PreparedQuery(lambda story: Story.objects.filter(pk=story), story=int)
IMAGES = PreparedQuery(lambda article: Image.objects.filter(article_id=article), article=int)


def _edition() -> str:
    return get_language() or settings.LANGUAGE_CODE


def _edition_alternates(request, path_for) -> list[dict]:
    """hreflang alternates for pages that exist in every edition."""
    return [
        {"language": code, "url": request.build_absolute_uri(path_for(code))}
        for code, _name in settings.LANGUAGES
    ]


@require_GET
def home(request):
    edition = _edition()
    visible = Article.objects.visible().in_edition(edition).for_lists()
    latest = list(visible[:HOME_LATEST])
    featured = next((article for article in visible.filter(featured=True)[:1]), None) or (latest[0] if latest else None)
    sections = [
        {"section": section, "name": section.name(edition), "url": section.get_absolute_url(edition),
         "articles": list(visible.filter(section=section)[:HOME_PER_SECTION])}
        for section in Section.objects.all()
    ]
    context = {
        "featured": featured,
        "latest": [article for article in latest if article != featured],
        "sections": [block for block in sections if block["articles"]],
        "stories": _active_stories(edition),
        "alternates": _edition_alternates(request, lambda code: f"/{code}/"),
    }
    pagecache.tag(request, pagecache.edition_tag(edition))
    return render(request, "reader/home.html", context)


def _active_stories(edition: str, limit: int = 5) -> list[dict]:
    """Stories with recent articles in this edition, with how many articles each has."""
    in_edition = Article.objects.visible().in_edition(edition).filter(story=OuterRef("pk"))
    recent = list(Story.objects.filter(Exists(in_edition)).order_by("-updated_at")[:limit * 4])
    sizes = dict(
        Article.objects.visible().filter(story__in=recent).values_list("story").annotate(size=Count("pk"))
    )
    # A story of one article is just that article; the box lists stories that are followed.
    followed = [story for story in recent if sizes.get(story.pk, 0) >= 2][:limit]
    return [{"title": story.title_in(edition), "url": story.get_absolute_url(edition)} for story in followed]


def _section_for(edition: str, slug: str) -> Section:
    for section in Section.objects.all():
        if section.slug(edition) == slug:
            return section
    raise Http404("no such section")


@require_GET
def section(request, section_slug: str):
    edition = _edition()
    current = _section_for(edition, section_slug)
    articles = Article.objects.filter(keyset.older_bound(request.GET)).visible().in_edition(edition)
    articles = articles.filter(section=current).for_lists()
    pinned = articles.filter(pinned=True).first() if _is_first_page(request.GET) else None
    if pinned:
        articles = articles.exclude(pk=pinned.pk)
    page = keyset.page_of(articles, request.GET, SECTION_PAGE_SIZE, request.path)
    _tag_articles(request, [*page.object_list, *filter(None, [pinned])], pagecache.section_tag(edition, current.pk))
    context = {
        "pinned": [pinned] if pinned else [],
        "section": current,
        "section_name": current.name(edition),
        "current_section_key": current.key,
        "page": page,
        "alternates": _edition_alternates(request, current.get_absolute_url),
    }
    return render(request, "reader/section.html", context)


def _is_first_page(params) -> bool:
    """The page an editor's pin stands on: the section's front, not a later or earlier page."""
    return params.get("page", "1") == "1" and not {"before", "after"} & params.keys()


def _tag_articles(request, articles, *tags: str) -> None:
    """Name the page's articles for the page cache: a change to any of them removes the page."""
    pagecache.tag(request, *tags, *(pagecache.article_tag(article.pk) for article in articles))


@require_GET
def story(request, pk: int, slug: str):
    edition = _edition()
    current = get_object_or_404(Story, pk=pk)
    if current.merged_into_id:
        return redirect(current.merged_into.get_absolute_url(edition), permanent=True)
    if slug != current.slug:
        return redirect(current.get_absolute_url(edition), permanent=True)
    articles = list(Article.objects.visible().filter(story=current).for_lists()[:STORY_PAGE_SIZE])
    if not articles:
        raise Http404("story has no visible articles")
    _tag_articles(request, articles, pagecache.story_tag(current.pk))
    context = {
        "story": current,
        "story_title": current.title_in(edition),
        "articles": articles,
        "article_count": ngettext("%(count)s article", "%(count)s articles", len(articles)) % {"count": len(articles)},
        "alternates": _edition_alternates(request, current.get_absolute_url),
    }
    return render(request, "reader/story.html", context)


@require_GET
def article(request, section_slug: str, pk: int, slug: str):
    sections = reader_sections.of(request)
    current = VISIBLE_ARTICLE.first(article=pk, now=timezone.now())
    if current is None:
        hidden = get_object_or_404(Article, pk=pk)
        if hidden.is_withdrawn:
            return render(request, "reader/withdrawn.html", {"article": hidden}, status=410)
        raise Http404("article is not published")
    _load_relations(current, sections)
    if request.path != current.get_absolute_url():
        return redirect(current.get_absolute_url(), permanent=True)
    recommended, more_on_story = related.recommended(current, sections), related.story_teasers(current, sections)
    _tag_articles(request, more_on_story, pagecache.article_tag(current.pk), pagecache.story_tag(current.story_id),
                  *(pagecache.article_tag(teaser.article_id) for teaser in recommended if teaser.article_id))
    context = {
        "article": current,
        "image": _image_on_disk(current),
        "current_section_key": current.section.key if current.section else "",
        "recommended": recommended,
        "more_on_story": more_on_story,
        "alternates": [{"language": current.language, "url": request.build_absolute_uri(current.get_absolute_url())}],
    }
    return render(request, "reader/article.html", context)


def _load_relations(article: Article, sections: reader_sections.Sections) -> None:
    """What the page shows of the article's section, source, story and images, without ORM query building."""
    article.section = sections.get(article.section_id)
    if article.source_id:
        article.source = SOURCE.first(source=article.source_id)
    if article.story_id:
        article.story = STORY.first(story=article.story_id)
    give_prefetched(article, "images", IMAGES.run(article=article.pk))


def _image_on_disk(article: Article):
    """The lead image, or None when its file is missing (the page then shows no figure)."""
    image = article.lead_image
    return image if image and image.file.storage.exists(image.file.name) else None


@require_GET
def change_textsize(request):
    """Set the text-size cookie from a button press and go back (the no-JavaScript path)."""
    step = textsize.change(textsize.from_cookie(request.COOKIES.get(textsize.COOKIE)), request.GET.get("size", ""))
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = f"/{_edition()}/"
    response = HttpResponseRedirect(target)
    response.set_cookie(textsize.COOKIE, str(step), max_age=textsize.COOKIE_MAX_AGE, samesite="Lax")
    return response


def page_not_found(request, exception=None):
    return render(request, "reader/404.html", status=404)


def server_error(request):
    """Render without context processors: the database may be what failed."""
    return HttpResponseServerError(loader.get_template("reader/500.html").render())
