"""The newsroom in Django's admin; the editors' workflows build on these registrations."""

from django.contrib import admin

from gazzetta.newsroom.models import Alternate, Article, ArticleVersion, Image, Relation, Section, Source, Story


class ImageInline(admin.StackedInline):
    model = Image
    extra = 0
    fields = ["file", "caption", "credit", "alt", "source_url", "position"]


class VersionInline(admin.TabularInline):
    model = ArticleVersion
    extra = 0
    can_delete = False
    fields = ["version", "version_created_at", "headline", "recorded_by", "recorded_at", "note"]
    readonly_fields = fields


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "language", "section", "source", "status", "published_at", "updated_at"]
    list_filter = ["status", "language", "section", "source", "featured", "published_at"]
    search_fields = ["headline", "lead", "guid"]
    date_hierarchy = "published_at"
    list_select_related = ["section", "source"]
    raw_id_fields = ["story"]
    inlines = [ImageInline, VersionInline]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["key", "names", "position"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "siglum", "enabled", "last_success_at", "error_streak"]
    list_filter = ["kind", "enabled"]


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "language", "updated_at", "merged_into"]
    search_fields = ["title"]
    raw_id_fields = ["merged_into"]


admin.site.register(Alternate)
admin.site.register(Relation)
