"""Ingest in the admin: what was received (read-only, re-ingestable) and the editors' subject table."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from gazzetta.ingest.archive import ArchiveError
from gazzetta.ingest.models import Receipt, SubjectMapping
from gazzetta.ingest.pipeline import reingest


@admin.register(Receipt)
class ReceiptAdmin(admin.ModelAdmin):
    list_display = ["received_at", "origin", "source", "format", "size", "created", "rejected"]
    list_filter = ["format", "source", "received_at"]
    search_fields = ["origin", "sha256"]
    date_hierarchy = "received_at"
    list_select_related = ["source"]
    actions = ["reingest_selected"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("created"))
    def created(self, receipt: Receipt) -> int:
        return receipt.count("created")

    @admin.display(description=_("rejected"))
    def rejected(self, receipt: Receipt) -> int:
        return receipt.count("rejected")

    def has_reingest_permission(self, request) -> bool:
        """Re-ingesting rewrites articles, so it takes the right to change them."""
        return request.user.has_perm("newsroom.change_article")

    @admin.action(description=_("Ingest the selected payloads again"), permissions=["reingest"])
    def reingest_selected(self, request, queryset):
        done = 0
        for receipt in queryset:
            try:
                reingest(receipt)
                done += 1
            except ArchiveError as error:
                self.message_user(request, str(error), messages.ERROR)
        self.message_user(request, ngettext("%d payload ingested again.", "%d payloads ingested again.", done) % done)


@admin.register(SubjectMapping)
class SubjectMappingAdmin(admin.ModelAdmin):
    list_display = ["subject", "section"]
    list_filter = ["section"]
    search_fields = ["subject"]
