"""Create the search index of the database's own engine, and nothing on the other.

SQLite: an FTS5 table of stemmed, folded terms (rowid = article id).
PostgreSQL: per-language text search configurations that fold accents (unaccent) before
the Snowball stemmer, and a table of weighted tsvectors with a GIN index.
"""

from django.db import migrations

SNOWBALL = ("german", "italian", "english", "french", "spanish", "portuguese", "dutch", "swedish", "danish",
            "norwegian", "finnish", "romanian", "russian", "turkish", "hungarian")

SQLITE_FORWARD = [
    'CREATE VIRTUAL TABLE search_fts USING fts5(headline, body, tails, '
    "tokenize = 'unicode61 remove_diacritics 0', prefix = '3')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts"]


def _configuration(name: str, dictionary: str) -> list[str]:
    config = f"gazzetta_{name}"
    return [
        f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = pg_catalog.{name})",
        f"ALTER TEXT SEARCH CONFIGURATION {config} ALTER MAPPING FOR hword, hword_part, word "
        f"WITH unaccent, {dictionary}",
    ]


POSTGRESQL_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    *_configuration("simple", "simple"),
    *[statement for name in SNOWBALL for statement in _configuration(name, f"{name}_stem")],
    # No foreign key: Django's flush truncates the article table without knowing this one, and
    # every query joins visible articles anyway; removals come through the article_changed hook.
    "CREATE TABLE search_document ("
    " article_id bigint PRIMARY KEY,"
    " config regconfig NOT NULL, document tsvector NOT NULL, body text NOT NULL)",
    "CREATE INDEX search_document_gin ON search_document USING gin (document)",
]
POSTGRESQL_BACKWARD = [
    "DROP TABLE IF EXISTS search_document",
    *[f"DROP TEXT SEARCH CONFIGURATION IF EXISTS gazzetta_{name}" for name in ("simple", *SNOWBALL)],
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
}


def _run(schema_editor, forward: bool) -> None:
    statements = STATEMENTS.get(schema_editor.connection.vendor, ([], []))[0 if forward else 1]
    for statement in statements:
        schema_editor.execute(statement)


def create_index(apps, schema_editor):
    _run(schema_editor, forward=True)


def drop_index(apps, schema_editor):
    _run(schema_editor, forward=False)


class Migration(migrations.Migration):
    initial = True
    dependencies = [("newsroom", "0001_initial")]
    operations = [migrations.RunPython(create_index, drop_index)]
