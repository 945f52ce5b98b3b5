"""What every reader page needs: site name, editions, sections and the text size."""

from django.conf import settings
from django.utils.translation import get_language

from gazzetta.newsroom.models import Section
from gazzetta.reader import textsize


def reader(request) -> dict:
    language = get_language() or settings.LANGUAGE_CODE
    step = textsize.from_cookie(request.COOKIES.get(textsize.COOKIE))
    return {
        "site_name": settings.GAZZETTA.site_name,
        "editions": settings.LANGUAGES,
        "edition": language,
        "nav_sections": _sections(language),
        "textsize_step": step,
        "textsize_percent": textsize.STEPS[step],
        "textsize_steps": ",".join(str(percent) for percent in textsize.STEPS),
    }


def _sections(language: str) -> list[dict]:
    """Return the navigation as plain data (the template calls no per-item methods)."""
    return [
        {"key": section.key, "name": section.name(language), "url": section.get_absolute_url(language)}
        for section in Section.objects.all()
    ]
