"""Published report files move from a database column to the file storage (``lib.files``):
each file's bytes are written once under a name of their own, and the row keeps that name
beside the checksum it already had. Backwards, the bytes are read back into the column; the
stored copies are left where they are (nothing names them then, and they never change)."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations, models


def to_storage(apps, schema_editor) -> None:
    # The historical model has a plain manager and no save guard: a published row is given
    # its file's name and nothing else changes.
    db = schema_editor.connection.alias
    files = apps.get_model("reports", "ReportFile").objects.using(db)
    rows = files.filter(file="").select_related("version__report")
    for row in rows.iterator(chunk_size=20):  # a few MB each: never all at once
        report = row.version.report
        name = (
            f"reports/{report.workspace_id}/{report.program_id}/"
            f"v{row.version.number}-{row.sha256[:16]}.{row.format}"
        )
        kept = default_storage.save(name, ContentFile(bytes(row.data)))
        files.filter(pk=row.pk).update(file=kept)


def to_database(apps, schema_editor) -> None:
    db = schema_editor.connection.alias
    files = apps.get_model("reports", "ReportFile").objects.using(db)
    for row in files.exclude(file="").only("pk", "file").iterator(chunk_size=20):
        with default_storage.open(row.file.name, "rb") as handle:
            files.filter(pk=row.pk).update(data=handle.read())


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_log_codes_thing_verb"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportfile",
            name="file",
            field=models.FileField(default="", max_length=255, upload_to=""),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="reportfile",
            name="data",
            field=models.BinaryField(default=b""),
        ),
        migrations.RunPython(to_storage, to_database),
    ]
