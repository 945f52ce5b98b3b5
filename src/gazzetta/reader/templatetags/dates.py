"""`|page_date`: Django's `date` filter, remembered per date, format, language and time zone.

An uncached article page formats a dozen dates (its own and each teaser's, ISO and
localised), and Django's `date` filter costs tens of microseconds each (format lookup, month
names through gettext). The result depends only on the moment, the format, the active language
and the current time zone, and the same articles appear on many pages, so it is computed once.
"""

import functools

from django import template
from django.template.defaultfilters import date
from django.utils import timezone
from django.utils.translation import get_language

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def page_date(value, arg=None):
    return _formatted(value, arg, get_language(), timezone.get_current_timezone_name())


@functools.lru_cache(maxsize=8192)
def _formatted(value, arg, language: str, zone: str) -> str:
    return date(value, arg)
