"""An index for a system partner's home page: their requests, found by the address they sent
them from (`requester_email__iexact`, which Django writes as `UPPER(requester_email)`).

The table is the inbox's; the reader is home's `partner_requests`. Without it the newest-first
walk of 50,000 requests looked at every one for a partner who has sent none (186 ms).
"""

from django.db import migrations

INDEX = "inbox_request_email_upper"


def create_index(apps, schema_editor):
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "inbox_request" (UPPER("requester_email"))'
    )
    if schema_editor.connection.vendor == "postgresql":
        # An expression index has no statistics until analysed.
        schema_editor.execute('ANALYZE "inbox_request"')


def drop_index(apps, schema_editor):
    schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [
        ("inbox", "0003_private_uploads"),
    ]

    operations = [migrations.RunPython(create_index, drop_index)]
