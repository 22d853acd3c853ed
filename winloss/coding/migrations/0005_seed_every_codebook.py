"""Every workspace starts with the SOP's codebook. Workspaces were seeded when their coding
pages were first opened; those nobody opened yet are seeded here, as that first visit would
have seeded them (with the codebook of this release)."""

from django.db import migrations


def seed_missing(apps, schema_editor) -> None:
    from winloss.coding.codebook import DEFAULT_CODEBOOK

    Workspace = apps.get_model("accounts", "Workspace")
    Theme = apps.get_model("coding", "Theme")
    unseeded = Workspace.objects.exclude(
        pk__in=Theme.objects.values_list("workspace_id", flat=True)
    )
    Theme.objects.bulk_create(
        [
            Theme(
                workspace=workspace,
                slug=theme.slug,
                name=theme.name,
                definition=theme.definition,
                include=list(theme.include),
                exclude=list(theme.exclude),
                examples=[{"text": e.text, "direction": e.direction} for e in theme.examples],
                seed_phrases=list(theme.seed_phrases),
                pack="sop",
                position=position,
            )
            for workspace in unseeded.iterator()
            for position, theme in enumerate(DEFAULT_CODEBOOK, start=1)
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_time_zones"),
        ("coding", "0004_interview_theme_summary"),
    ]

    operations = [migrations.RunPython(seed_missing, migrations.RunPython.noop)]
