"""Full-text search on posts (understanding/search.py), built for the database in use.

SQLite: an external-content FTS5 table over listening_post's title and text, kept in
step by triggers, filled from the existing posts by 'rebuild'. PostgreSQL: a stored
generated tsvector column on listening_post (filled for existing rows as it is added)
with a GIN index. Each half does nothing on the other database.

On SQLite a later migration that rebuilds listening_post (Django copies the table to
alter it) drops these triggers: understanding/tests/test_search.py fails then, and the
triggers must be made again by that migration (docs/search.md).
"""

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE understanding_post_fts USING fts5("
    "title, text, content='listening_post', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER understanding_post_fts_insert AFTER INSERT ON listening_post BEGIN "
    "INSERT INTO understanding_post_fts(rowid, title, text) VALUES (new.id, new.title, new.text); "
    "END",
    "CREATE TRIGGER understanding_post_fts_delete AFTER DELETE ON listening_post BEGIN "
    "INSERT INTO understanding_post_fts(understanding_post_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER understanding_post_fts_update AFTER UPDATE OF title, text ON listening_post "
    "BEGIN "
    "INSERT INTO understanding_post_fts(understanding_post_fts, rowid, title, text) "
    "VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO understanding_post_fts(rowid, title, text) VALUES (new.id, new.title, new.text); "
    "END",
    "INSERT INTO understanding_post_fts(understanding_post_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS understanding_post_fts_update",
    "DROP TRIGGER IF EXISTS understanding_post_fts_delete",
    "DROP TRIGGER IF EXISTS understanding_post_fts_insert",
    "DROP TABLE IF EXISTS understanding_post_fts",
]
POSTGRES_FORWARD = [
    "ALTER TABLE listening_post ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, coalesce(title, '') || ' ' || text)) STORED",
    "CREATE INDEX post_search ON listening_post USING GIN (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS post_search",
    "ALTER TABLE listening_post DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("understanding", "0008_topic_discovery_runs_and_retired_topics"),
        ("listening", "0008_erased_handles"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
