"""The report's log codes take the thing.verb form of every other code, so its history reads
in sentences: entries already written are given the new codes."""

from django.db import migrations

RENAMED = {
    "edited": "report.edited",
    "quote added": "report.quote_added",
    "quote removed": "report.quote_removed",
    "quote redactions": "report.quote_redactions_set",
    "published": "report.published",
}


def _rename(apps, mapping: dict[str, str]) -> None:
    # The historical model has a plain manager, so this passes the append-only guard: the
    # entries keep who did what and when; only the code naming the action changes.
    entries = apps.get_model("activity", "LogEntry").objects.filter(
        content_type__app_label="reports", content_type__model="report"
    )
    for old, new in mapping.items():
        entries.filter(action=old).update(action=new)


def forwards(apps, schema_editor) -> None:
    _rename(apps, RENAMED)


def backwards(apps, schema_editor) -> None:
    _rename(apps, {new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("activity", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("reports", "0001_report"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
