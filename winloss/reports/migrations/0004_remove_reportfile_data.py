"""The bytes of published report files are in the file storage now (0003): the column goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_report_files_in_storage"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="reportfile",
            name="data",
        ),
    ]
