"""SQLite: the newest 20,000 articles again in a second FTS5 table, for relevance on common words.

bm25 counts every match of each query word in the table it reads, so on the whole archive a
common word costs time in proportion to the archive (see backends/sqlite.py, which keeps the
table to its window as articles arrive). Existing installations get the newest articles' rows
copied from the whole index. Nothing on PostgreSQL.
"""

from django.db import migrations

RECENT_ARTICLES = 20_000  # backends/sqlite.py RECENT_ARTICLES when this was written

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE search_fts_recent USING fts5(headline, body, tails, "
    "tokenize = 'unicode61 remove_diacritics 0', prefix = '3')",
    "INSERT INTO search_fts_recent (rowid, headline, body, tails) SELECT rowid, headline, body, tails"
    f" FROM search_fts WHERE rowid > (SELECT coalesce(max(id), 0) FROM newsroom_article) - {RECENT_ARTICLES}",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts_recent"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_search_document_weeks")]
    operations = [migrations.RunPython(forward, backward)]
