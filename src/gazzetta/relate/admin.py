"""An admin action for editors' story decisions that the desk's actions do not cover.

Merging and moving are the desk's actions (`gazzetta.desk.actions`, calling `relate.editorial`);
this one hands an article's story back to relate. The ArticleAdmin in newsroom/admin.py lists it.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy, ngettext

from gazzetta.relate import editorial


@admin.action(description=gettext_lazy("Let relate choose the story again"), permissions=["change"])
def release_stories(modeladmin, request, queryset):
    count = editorial.release(list(queryset))
    modeladmin.message_user(request, ngettext("%(count)d article released.", "%(count)d articles released.",
                                              count) % {"count": count})
