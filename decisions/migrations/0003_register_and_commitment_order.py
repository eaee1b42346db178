"""Indexes in the order the register and the commitments overview read their first page."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("decisions", "0002_private_uploads"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(fields=["due_on", "id"], name="commitment_overview_order"),
        ),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(fields=["-created_at", "-id"], name="decision_register_order"),
        ),
    ]
