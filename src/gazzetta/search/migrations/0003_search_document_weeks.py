"""PostgreSQL: the GIN index also holds each article's publication week, so the newest matches
of a common word are found without reading all of them.

A query asks for the matches in the last three weeks, then in the nine before, and only
then in everything older (see backends/postgres.py); each week is one key beside the
article's lexemes, so "these words and one of these weeks" is answered inside the index.
The week is an expression of the publication time, so the table keeps its rows and nothing
is rewritten. `extract(epoch …)` is declared stable for every field, but the epoch does not
depend on the session's time zone; the function says immutable so an index may use it.
New rows wait in the index's pending list until it holds 256 kB (default 4 MB): every search
reads that list in full, once per window.
Nothing on SQLite.
"""

from django.db import migrations

POSTGRESQL_FORWARD = [
    "CREATE FUNCTION gazzetta_search_week(timestamptz) RETURNS integer"
    " LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE"
    " AS $$ SELECT floor(extract(epoch FROM $1) / 604800)::integer $$",
    "CREATE INDEX search_document_gin_week ON search_document"
    " USING gin (document, (ARRAY[gazzetta_search_week(published_at)])) WITH (gin_pending_list_limit = 256)",
    "DROP INDEX search_document_gin",
]
POSTGRESQL_BACKWARD = [
    "CREATE INDEX search_document_gin ON search_document USING gin (document)",
    "DROP INDEX search_document_gin_week",
    "DROP FUNCTION gazzetta_search_week(timestamptz)",
]


def _run(schema_editor, forward: bool) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in POSTGRESQL_FORWARD if forward else POSTGRESQL_BACKWARD:
        schema_editor.execute(statement)


def forward(apps, schema_editor):
    _run(schema_editor, forward=True)


def backward(apps, schema_editor):
    _run(schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_search_document_filters")]
    operations = [migrations.RunPython(forward, backward)]
