"""GIN indexes for Thai full-text search, on PostgreSQL only.

The expression is exactly the one ``SearchVector("search_text", config="simple")``
compiles to, so the planner uses the index; other databases (the embedded SQLite
default) search with ``icontains`` and get no index here.
"""

from django.db import migrations

TABLES = ["meetings_meeting", "meetings_agendaitem", "meetings_actionitem"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_search_gin ON {table} "
            f"USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")


class Migration(migrations.Migration):
    dependencies = [("meetings", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
