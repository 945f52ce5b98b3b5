"""The sitemap index, the sitemaps themselves and robots.txt (which points at the index)."""

from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from gazzetta.syndication.links import editions
from gazzetta.syndication.sitemaps import all_sitemaps

TEMPLATES = {"news": "syndication/news_sitemap.xml"}
DEFAULT_TEMPLATE = "syndication/sitemap.xml"


@require_safe
def sitemap_index(request):
    return sitemap_views.index(request, all_sitemaps(), sitemap_url_name="sitemap-section")


@require_safe
def sitemap_section(request, section: str):
    template = TEMPLATES.get(section.rpartition("-")[2], DEFAULT_TEMPLATE)
    return sitemap_views.sitemap(request, all_sitemaps(), section=section, template_name=template)


@require_safe
def robots_txt(request):
    """Let crawlers read everything but the admin, the text-size switch and search results."""
    hidden = ["/admin/"] + [f"/{code}/{page}/" for code in editions() for page in ("textsize", "search")]
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in hidden), "",
             f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
