from django.db import migrations, models

PLACEHOLDER = "{retention_days}"
DEFAULT_DAYS = 365  # what the policy was, and the consent texts said, where none was saved


def remember_promises(apps, schema_editor):
    """Consents given before the days were stored were promised today's policy: the best
    record there is of what they read."""
    ConsentRecord = apps.get_model("outreach", "ConsentRecord")
    RetentionPolicy = apps.get_model("retention", "RetentionPolicy")
    policies = dict(RetentionPolicy.objects.values_list("workspace_id", "days"))
    records = ConsentRecord.objects.select_related("statement", "recording_text")
    changed = []
    for record in records.iterator(chunk_size=1000):
        if PLACEHOLDER not in record.statement.body + record.recording_text.body:
            continue
        days = policies.get(record.statement.workspace_id, DEFAULT_DAYS)
        if days is not None:
            record.retention_days = days
            changed.append(record)
    ConsentRecord.objects.bulk_update(changed, ["retention_days"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0002_appointment_per_voice"),
        ("retention", "0001_retention"),
    ]

    operations = [
        migrations.AddField(
            model_name="consentrecord",
            name="retention_days",
            field=models.PositiveIntegerField(
                blank=True,
                editable=False,
                help_text="Empty when the texts shown promised no number of days.",
                null=True,
                verbose_name="notes kept for (days), as promised",
            ),
        ),
        migrations.RunPython(remember_promises, migrations.RunPython.noop),
    ]
