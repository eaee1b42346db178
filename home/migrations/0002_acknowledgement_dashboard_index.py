"""An index for the activity dashboard: each decision's acknowledgements with their time.

The table is the decisions app's; the reader is home's `engagement`, which counts a year's
acknowledgements (about 47,000 at a whole ICS) by practice and by decision. With the time in
the index PostgreSQL answers both counts from it, without reading the table's rows. SQLite
has no INCLUDE, and its unique (decision, practice) index already serves the lookup.
"""

from django.db import migrations

INDEX = "decisions_acknowledgement_seen"


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "decisions_acknowledgement" '
        '("decision_id", "practice_id") INCLUDE ("acknowledged_at")'
    )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_partner_request_email_index"),
        ("decisions", "0003_register_and_commitment_order"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
