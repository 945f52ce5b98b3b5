"""The newsroom in Django's admin: editors write, publish and correct; operators watch the sources.

The workflows themselves (publishing verbs, history, sources' health) live in `gazzetta.desk`;
this module only wires them into the admin.
"""

from uuid import uuid4

from django.conf import settings
from django.contrib import admin
from django.db.models import Count
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from gazzetta.desk import actions, publishing, views
from gazzetta.desk.forms import ArticleForm, ImageForm
from gazzetta.newsroom import images
from gazzetta.newsroom.models import Alternate, Article, Image, Relation, Section, Source, Story
from gazzetta.relate.admin import release_stories

admin.site.site_header = _("Gazzetta newsroom")
admin.site.site_title = _("Gazzetta newsroom")

HOUSE_GUID = "urn:gazzetta:desk:"


class ImageInline(admin.StackedInline):
    model = Image
    form = ImageForm
    extra = 1
    max_num = 12


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["headline", "language", "section", "source", "state", "featured", "pinned", "published_at",
                    "updated_at", "preview_link"]
    list_filter = ["status", "language", "section", "source", "agency", ("story", admin.EmptyFieldListFilter),
                   "featured", "pinned", "published_at"]
    search_fields = ["headline", "lead", "guid"]
    date_hierarchy = "published_at"
    list_select_related = ["section", "source"]
    raw_id_fields = ["story"]
    readonly_fields = ["guid", "version"]
    inlines = [ImageInline]
    actions = [actions.publish, actions.withdraw, actions.feature, actions.pin, actions.unfeature, release_stories,
               actions.move_to_story]
    fieldsets = [
        (None, {"fields": ["headline", "lead", "body_html", "authors", "siglum", "agency"]}),
        (_("Edition and placement"), {"fields": ["language", "section", "story", "source"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "embargo_until", "featured", "pinned"]}),
        (_("Correction and withdrawal"), {"fields": ["correction_note", "withdrawn_reason"]}),
        (_("Origin"), {"classes": ["collapse"], "fields": ["guid", "version", "slug", "source_url"]}),
    ]

    @admin.display(description=_("state"))
    def state(self, article: Article) -> str:
        return publishing.publication_state(article)

    @admin.display(description=_("preview"))
    def preview_link(self, article: Article) -> str:
        return format_html('<a href="{}">{}</a>', reverse("admin:newsroom_article_preview", args=[article.pk]),
                           _("preview"))

    def get_changeform_initial_data(self, request) -> dict:
        """A new article starts held back (publish it with the action) and signed by the house."""
        house = Source.objects.filter(kind=Source.Kind.HOUSE).first()
        return {"status": Article.Status.WITHHELD, "siglum": settings.GAZZETTA.site_siglum,
                "source": house.pk if house else None, **super().get_changeform_initial_data(request)}

    def save_model(self, request, obj, form, change):
        if "story" in form.changed_data:
            obj.story_pinned = True  # relate keeps an editor's choice of story
        if change:
            publishing.record_edit(Article.objects.get(pk=obj.pk), obj, by=request.user.get_username())
        else:
            obj.guid = obj.guid or f"{HOUSE_GUID}{uuid4()}"
        super().save_model(request, obj, form, change)
        publishing.announce(obj.pk, "withdrawn" if obj.is_withdrawn else ("updated" if change else "created"))

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        for image_form in formset.forms:
            if isinstance(image_form.instance, Image) and "file" in image_form.changed_data:
                refresh_renditions(image_form.instance)

    def delete_model(self, request, obj):
        article_id = obj.pk
        super().delete_model(request, obj)
        publishing.announce(article_id, "deleted")

    def delete_queryset(self, request, queryset):
        article_ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        for article_id in article_ids:
            publishing.announce(article_id, "deleted")

    def history_view(self, request, object_id, extra_context=None):
        """Our history (every change with who, what and restore) instead of the admin's log."""
        article = self.get_object(request, object_id)
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return views.article_history(request, article)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/preview/", wrap(views.preview), name="newsroom_article_preview"),
            path("<int:pk>/history/<int:version_pk>/restore/", wrap(views.restore), name="newsroom_article_restore"),
            *super().get_urls(),
        ]


def refresh_renditions(image: Image) -> None:
    """New file, new renditions; a removed file leaves none."""
    if image.pk is None:
        return
    if image.file:
        images.make_renditions(image)
    elif image.renditions:
        earlier, image.renditions = images.rendition_names(image.renditions), []
        image.save(update_fields=["renditions"])
        images.delete_after_commit(image.file.storage, earlier)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["key", "names", "position"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "siglum", "enabled", "last_success_at", "error_streak"]
    list_filter = ["kind", "enabled"]
    search_fields = ["name", "key"]

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("health/", wrap(views.sources_health), name="newsroom_source_health"),
            path("<int:pk>/fetch/", wrap(views.fetch_now), name="newsroom_source_fetch"),
            path("<int:pk>/pause/", wrap(views.pause), name="newsroom_source_pause"),
            path("<int:pk>/resume/", wrap(views.resume), name="newsroom_source_resume"),
            *super().get_urls(),
        ]


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "updated_at", "merged_into", "articles_link"]
    search_fields = ["title"]
    raw_id_fields = ["merged_into"]
    actions = [actions.merge_stories]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def articles_link(self, story: Story) -> str:
        url = reverse("admin:newsroom_article_changelist") + f"?story__id__exact={story.pk}"
        return format_html('<a href="{}">{}</a>', url, story.article_count)


admin.site.register(Alternate)
admin.site.register(Relation)
