"""Indexes of the inbox queue at a whole ICS's scale: the open queue, a partner's requests,
and (PostgreSQL only) trigrams for the queue's substring search."""

from django.db import migrations, models

# The queue's search is `UPPER(column) LIKE UPPER('%words%')` (Django's icontains) on these
# columns; a trigram index over the same expressions answers it, each column a branch of a
# BitmapOr. SQLite has no such index and searches by scanning, as before.
SEARCHED = ["title", "ask", "requester_name", "partner_other"]
TRIGRAM_INDEX = "inbox_request_search_trgm"


def create_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    columns = ", ".join(f'UPPER("{column}") gin_trgm_ops' for column in SEARCHED)
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{TRIGRAM_INDEX}" ON "inbox_request" USING gin ({columns})'
    )
    # An expression index has no statistics until analysed: without them the planner takes
    # a common word for a rare one and sorts thousands of matches instead of walking the
    # submitted_at index.
    schema_editor.execute('ANALYZE "inbox_request"')


def drop_trigram_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{TRIGRAM_INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0003_private_uploads"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="request",
            index=models.Index(
                condition=models.Q(("status", "closed"), _negated=True),
                fields=["submitted_at", "id"],
                name="inbox_request_open_queue",
            ),
        ),
        migrations.AddIndex(
            model_name="request",
            index=models.Index(
                fields=["partner", "submitted_at", "id"], name="inbox_request_partner"
            ),
        ),
        migrations.RunPython(create_trigram_index, drop_trigram_index),
    ]
