"""The article's filter fields next to the index, in narrow rows.

A query then filters the matches of a word on the index's own small rows and joins only
those that pass with the (wide) article table. PostgreSQL: columns of search_document, and
toast_tuple_target moves the tsvector and the body out of line, so its rows are narrow
(about 120 bytes instead of 1.5 kB). SQLite: a table beside the FTS5 one (an FTS5 table
cannot hold them cheaply). Existing rows get their fields from the articles.
"""

from django.db import migrations

POSTGRESQL_FORWARD = [
    "ALTER TABLE search_document ADD COLUMN language varchar(20) NOT NULL DEFAULT '',"
    " ADD COLUMN published_at timestamptz, ADD COLUMN section_id bigint,"
    " ADD COLUMN source_id bigint, ADD COLUMN story_id bigint",
    "ALTER TABLE search_document SET (toast_tuple_target = 128)",
    "UPDATE search_document SET language = a.language, published_at = a.published_at,"
    " section_id = a.section_id, source_id = a.source_id, story_id = a.story_id"
    " FROM newsroom_article a WHERE a.id = search_document.article_id",
]
POSTGRESQL_BACKWARD = [
    "ALTER TABLE search_document RESET (toast_tuple_target)",
    "ALTER TABLE search_document DROP COLUMN language, DROP COLUMN published_at, DROP COLUMN section_id,"
    " DROP COLUMN source_id, DROP COLUMN story_id",
]

SQLITE_FORWARD = [
    "CREATE TABLE search_facet (article_id integer PRIMARY KEY, language varchar(20) NOT NULL,"
    " published_at datetime NOT NULL, section_id bigint, source_id bigint, story_id bigint)",
    "INSERT INTO search_facet SELECT id, language, published_at, section_id, source_id, story_id"
    " FROM newsroom_article WHERE id IN (SELECT rowid FROM search_fts)",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_facet"]

STATEMENTS = {"postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD), "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD)}


def _run(schema_editor, forward: bool) -> None:
    statements = STATEMENTS.get(schema_editor.connection.vendor, ([], []))[0 if forward else 1]
    for statement in statements:
        schema_editor.execute(statement)


def forward(apps, schema_editor):
    _run(schema_editor, forward=True)


def backward(apps, schema_editor):
    _run(schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial"), ("newsroom", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
