"""The article list's actions: publish, withdraw with a reason, feature, pin, move to a story.

Actions that need an answer (the reason, the story) first show a small form; its POST comes back
to the same action with `apply` set. Every action needs the right to change articles.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from gazzetta.desk import publishing
from gazzetta.desk.forms import MoveForm, WithdrawForm
from gazzetta.relate import editorial


def by(request) -> str:
    return request.user.get_username()


@admin.action(description=gettext_lazy("Publish (now, or at the scheduled time)"), permissions=["change"])
def publish(modeladmin, request, queryset):
    states = [publishing.publish(article, by=by(request)) for article in queryset]
    modeladmin.message_user(request, ngettext("%(count)d article published.", "%(count)d articles published.",
                                              len(states)) % {"count": len(states)})
    for state in ("scheduled", "embargoed"):
        if waiting := states.count(state):
            modeladmin.message_user(request, waiting_message(state, waiting), messages.WARNING)


def waiting_message(state: str, count: int) -> str:
    if state == "scheduled":
        return ngettext("%(count)d of them appears at its scheduled time.",
                        "%(count)d of them appear at their scheduled time.", count) % {"count": count}
    return ngettext("%(count)d of them appears when its embargo ends.",
                    "%(count)d of them appear when their embargo ends.", count) % {"count": count}


@admin.action(description=gettext_lazy("Withdraw (with a reason shown to readers)"), permissions=["change"])
def withdraw(modeladmin, request, queryset):
    form = WithdrawForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return ask(modeladmin, request, queryset, form, "withdraw", _("Withdraw articles"))
    for article in queryset:
        publishing.withdraw(article, reason=form.cleaned_data["reason"], by=by(request))
    modeladmin.message_user(request, ngettext("%(count)d article withdrawn.", "%(count)d articles withdrawn.",
                                              len(queryset)) % {"count": len(queryset)})


@admin.action(description=gettext_lazy("Move to another story"), permissions=["change"])
def move_to_story(modeladmin, request, queryset):
    form = MoveForm(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return ask(modeladmin, request, queryset, form, "move_to_story", _("Move articles to a story"))
    for article in queryset:
        publishing.move_to_story(article, form.cleaned_data["story"], by=by(request))
    modeladmin.message_user(request, ngettext("%(count)d article moved.", "%(count)d articles moved.",
                                              len(queryset)) % {"count": len(queryset)})


def ask(modeladmin, request, queryset, form, action: str, title: str) -> TemplateResponse:
    """Show the action's question for the selected articles; the answer posts back to the action."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title, "opts": modeladmin.opts, "form": form, "action": action, "articles": queryset,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME, "media": modeladmin.media + form.media,
    }
    return TemplateResponse(request, "desk/action_form.html", context)


@admin.action(description=gettext_lazy("Feature on the edition's home page"), permissions=["change"])
def feature(modeladmin, request, queryset):
    one_each(modeladmin, request, queryset, publishing.feature, _("%(headline)s is now featured."))


@admin.action(description=gettext_lazy("Pin at the top of its section"), permissions=["change"])
def pin(modeladmin, request, queryset):
    one_each(modeladmin, request, queryset, publishing.pin, _("%(headline)s is now pinned."))


def one_each(modeladmin, request, queryset, verb, message: str) -> None:
    """Feature or pin: one article per edition (or section) holds the place, so the last one wins."""
    for article in queryset:
        verb(article, by=by(request))
        modeladmin.message_user(request, message % {"headline": article.headline})


@admin.action(description=gettext_lazy("Remove feature and pin"), permissions=["change"])
def unfeature(modeladmin, request, queryset):
    for article in queryset:
        publishing.unfeature(article, by=by(request))
    modeladmin.message_user(request, _("Feature and pin removed."))


@admin.action(description=gettext_lazy("Merge the selected stories into one"), permissions=["change"])
def merge_stories(modeladmin, request, queryset):
    """Merge into the story with the most articles; relate keeps them together from then on."""
    try:
        survivor = editorial.merge_all(list(queryset))
    except editorial.EditorialError as error:
        modeladmin.message_user(request, str(error), messages.ERROR)
    else:
        modeladmin.message_user(request, _("The stories are merged into “%(story)s”.") % {"story": survivor})
