"""SQLite: the index's filter rows by publication time, for newest first.

Newest first takes a word's matches by id (arrival) and proves that no match with a lower id was
published later than its page's last one; this index finds the few articles published after a
moment without reading the older ones (see backends/sqlite.py). Nothing on PostgreSQL.
"""

from django.db import migrations

SQLITE_FORWARD = ["CREATE INDEX IF NOT EXISTS search_facet_published ON search_facet (published_at)"]
SQLITE_BACKWARD = ["DROP INDEX IF EXISTS search_facet_published"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0004_search_fts_recent")]
    operations = [migrations.RunPython(forward, backward)]
