"""The template environment of the pages readers load: Jinja2, with the reader's filters and globals.

Reader, search and preview pages are rendered by Jinja2 because an uncached article page
spent most of its time in Django's template engine (docs/decisions/templates.md); the admin
keeps Django templates. Translations are Django's own: `_()` is Django's gettext, so
`makemessages` finds `{{ _("…") }}` in these templates as in Django's, and text with plural
forms is translated in the views.
"""

from __future__ import annotations

import functools

from django.template.defaultfilters import date
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.translation import get_language, gettext
from jinja2 import Environment, pass_context
from markupsafe import Markup

from gazzetta.reader import sections
from gazzetta.syndication import head


def environment(**options) -> Environment:
    env = Environment(**options)
    env.globals.update(_=gettext, static=static_url, shared_fragment=shared_fragment, **head.BUILDERS)
    env.filters["page_date"] = page_date
    return env


@functools.lru_cache(maxsize=256)
def static_url(path: str) -> str:
    """`{% static %}`, remembered: a process serves one collected set of static files (its manifest is read once)."""
    return static(path)


@pass_context
def shared_fragment(context, name: str, *varying, caller) -> Markup:
    """`{% call shared_fragment("name", value, …) %}…{% endcall %}`: render once, reuse on every page.

    The masthead, the section navigation, the feed links and the footer are the same on
    thousands of pages: they depend on the edition (the active language), the highlighted
    section and the section rows only. A shared fragment is rendered the first time and kept
    with the sections it was rendered from (`gazzetta.reader.sections.Sections.fragments`),
    keyed by its name, the active language, the URL prefix and URL map, and the values passed
    (pass every value the fragment shows that is neither a section nor a translation); when
    the section rows change, the next page reads a new `Sections` and every fragment is
    rendered afresh. Only parts that show nothing of the request belong in one.
    """
    request = context.get("request")
    if request is None:  # rendered outside a request: nothing to keep it with
        return caller()
    kept = sections.of(request).fragments
    key = (name, get_language(), get_script_prefix(), get_urlconf(), *map(_hashable, varying))
    html = kept.get(key)
    if html is None:
        html = kept[key] = caller()
    return html


def _hashable(value):
    return tuple(_hashable(item) for item in value) if isinstance(value, list | tuple) else value


def page_date(value, format: str | None = None) -> str:
    """Django's `date` filter in local time, remembered per moment, format, language and time zone.

    An uncached article page formats a dozen dates (its own and each teaser's, ISO and
    localised), and the filter costs tens of microseconds each (format lookup, month names
    through gettext); the same articles appear on many pages, so each result is computed once.
    """
    if not value:
        return ""
    return _formatted(value, format, get_language(), timezone.get_current_timezone_name())


@functools.lru_cache(maxsize=8192)
def _formatted(value, format: str | None, language: str, zone: str) -> str:
    return date(timezone.template_localtime(value), format)
