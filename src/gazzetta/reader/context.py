"""What every reader page needs: site name, editions, sections and the text size."""

from django.conf import settings
from django.utils.translation import get_language

from gazzetta.reader import sections, textsize

TEXTSIZE_STEPS = ",".join(str(percent) for percent in textsize.STEPS)


def reader(request) -> dict:
    language = get_language() or settings.LANGUAGE_CODE
    step = textsize.from_cookie(request.COOKIES.get(textsize.COOKIE))
    return {
        "site_name": settings.GAZZETTA.site_name,
        "editions": settings.LANGUAGES,
        "edition": language,
        "nav_sections": sections.of(request).navigation(language),
        "textsize_step": step,
        "textsize_percent": textsize.STEPS[step],
        "textsize_steps": TEXTSIZE_STEPS,
    }
