"""Codebooks begin to have versions: each workspace's codebook as it stands becomes its
published version 1, and every excerpt coded so far is recorded as coded under it (nothing
older was kept to say otherwise).

The entries and digests are written here as ``coding.codebook.snapshot`` wrote them in this
release (a migration does not change with the code); a test checks that the two agree."""

import hashlib
import json

from django.db import migrations
from django.utils import timezone

MEANING = ("definition", "include", "exclude", "examples")


def _entries(themes: list) -> list[dict]:
    slugs = {t.pk: t.slug for t in themes}
    return [
        {
            "id": t.pk,
            "slug": t.slug,
            "name": t.name,
            "definition": t.definition,
            "include": list(t.include),
            "exclude": list(t.exclude),
            "examples": [dict(e) for e in t.examples],
            "seed_phrases": list(t.seed_phrases),
            "parent": slugs.get(t.parent_id) if t.parent_id else None,
            "state": "active" if t.is_active else "merged" if t.merged_into_id else "retired",
            "merged_into": slugs.get(t.merged_into_id) if t.merged_into_id else None,
            "rev": t.version,
        }
        for t in themes
    ]


def _meaning(entry: dict) -> str:
    meaning = {name: entry.get(name) for name in MEANING}
    meaning["state"] = entry.get("state")
    text = json.dumps(meaning, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def publish_version_one(apps, schema_editor) -> None:
    Workspace = apps.get_model("accounts", "Workspace")
    Theme = apps.get_model("coding", "Theme")
    CodebookVersion = apps.get_model("coding", "CodebookVersion")
    CodedExcerpt = apps.get_model("coding", "CodedExcerpt")
    now = timezone.now()
    for workspace in Workspace.objects.order_by("pk").iterator():
        if CodebookVersion.objects.filter(workspace=workspace).exists():
            continue
        themes = list(Theme.objects.filter(workspace=workspace).order_by("position", "pk"))
        entries = _entries(themes)
        version = CodebookVersion.objects.create(
            workspace=workspace,
            number=1,
            status="published",
            themes=entries,
            meanings={str(e["id"]): _meaning(e) for e in entries},
            note="The codebook as it stood when codebook versions began.",
            published_at=now,
        )
        # One UPDATE a workspace, however many excerpts it holds.
        CodedExcerpt.objects.filter(workspace=workspace).update(codebook_version=version)


class Migration(migrations.Migration):
    dependencies = [("coding", "0007_codebook_versions")]

    operations = [migrations.RunPython(publish_version_one, migrations.RunPython.noop)]
