"""The stored codebook: seeded with the SOP's seven, custom tags, packs, renames, merges."""

import pytest

from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.coding import services
from winloss.coding.codebook import services as codebook
from winloss.coding.codebook.queries import draft_of
from winloss.coding.codebook.services import CodebookError
from winloss.coding.codebook.snapshot import by_slug
from winloss.coding.models import CodedExcerpt, Theme
from winloss.coding.queries import codebook_for
from winloss.lib.taxonomy import SOP_THEMES
from winloss.testing import make_workspace, publish_codebook_draft


def test_a_new_workspace_starts_with_the_sops_seven_themes_and_reading_them_writes_nothing(db):
    from winloss.accounts.services import create_workspace

    workspace = create_workspace(slug="initech", name="Initech", actor="test")
    assert Theme.objects.filter(workspace=workspace).count() == len(SOP_THEMES)
    themes = codebook_for(workspace)
    assert [t.slug for t in themes] == list(SOP_THEMES)
    pricing = next(t for t in themes if t.slug == "pricing_commercial")
    assert pricing.include and pricing.exclude and pricing.examples
    assert codebook_for(workspace) == themes
    assert Theme.objects.count() == len(SOP_THEMES)  # per workspace, once


def test_the_migration_seeds_the_workspaces_nobody_coded_in_yet(db):
    import importlib

    from django.apps import apps

    workspace = make_workspace()
    Theme.objects.filter(workspace=workspace).delete()  # as one made before seeding at creation
    seeded = make_workspace()
    renamed = Theme.objects.filter(workspace=seeded, slug="product_fit")
    renamed.update(name="Fit")
    migration = importlib.import_module("winloss.coding.migrations.0005_seed_every_codebook")
    migration.seed_missing(apps, None)
    assert [t.slug for t in codebook_for(workspace)] == list(SOP_THEMES)
    assert Theme.objects.filter(workspace=seeded).count() == len(SOP_THEMES)  # left alone
    assert renamed.get().name == "Fit"


def test_a_custom_tag_can_refine_an_sop_theme(workspace, analyst):
    product = codebook_for(workspace)[0]
    theme = codebook.add_theme(
        workspace=workspace,
        user=analyst,
        slug="data_residency",
        name="Data residency",
        parent=product,
        examples=[{"text": "Data must stay in the EU.", "direction": "loss_driver"}],
    )
    assert theme.parent is None  # under its parent once published: no page counts it before
    publish_codebook_draft(workspace, analyst)
    theme.refresh_from_db()
    assert theme.is_custom and theme.is_active and theme.parent == product
    assert theme.as_engine_theme().parent == "product_fit"
    with pytest.raises(CodebookError, match="already has"):
        codebook.add_theme(workspace=workspace, user=analyst, slug="data_residency", name="X")
    with pytest.raises(CodebookError, match="short name"):
        codebook.add_theme(workspace=workspace, user=analyst, slug="Bad Slug", name="X")


def test_renaming_a_theme_keeps_its_slug_and_its_codes(workspace, analyst, interview):
    theme = codebook_for(workspace)[1]
    excerpt = services.code_excerpt(
        interview=interview,
        passage_key=f"note-{interview.notes.first().pk}",
        start=0,
        end=4,
        theme=theme,
        direction="loss_driver",
        user=analyst,
    )
    codebook.update_theme(theme, user=analyst, expected_version=1, name="Price and terms")
    theme.refresh_from_db()
    assert theme.name == "Pricing and commercial terms"  # coders see it once it is published
    drafted = LogEntry.objects.get(action="theme.rename_drafted")
    renamed = "renamed the theme Pricing and commercial terms to Price and terms"
    assert f"{renamed} in draft version 2" in describe(drafted)
    publish_codebook_draft(workspace, analyst)
    theme.refresh_from_db()
    assert (theme.slug, theme.name, theme.version) == ("pricing_commercial", "Price and terms", 2)
    assert CodedExcerpt.objects.get(pk=excerpt.pk).theme == theme
    entry = LogEntry.objects.filter(action="theme.renamed").get()
    assert "renamed the theme Pricing and commercial terms to Price and terms" in describe(entry)


def test_merging_carries_the_codes_to_the_target_and_keeps_the_merged_theme(
    workspace, analyst, interview
):
    themes = {t.slug: t for t in codebook_for(workspace)}
    source, target = themes["messaging_positioning"], themes["sales_process"]
    note = interview.notes.first()
    services.code_excerpt(
        interview=interview,
        passage_key=f"note-{note.pk}",
        start=0,
        end=len(note.text),
        theme=source,
        direction="loss_driver",
        user=analyst,
    )
    assert codebook.merge_themes(source=source, target=target, user=analyst) == 1
    assert CodedExcerpt.objects.get().theme == source  # until the draft is published
    publish_codebook_draft(workspace, analyst)
    source.refresh_from_db()
    assert not source.is_active and source.merged_into == target
    assert CodedExcerpt.objects.get().theme == target
    assert "messaging_positioning" not in [t.slug for t in codebook_for(workspace)]
    entry = LogEntry.objects.get(action="theme.merged")
    assert "merged the theme Messaging and positioning into Sales process quality" in describe(
        entry
    )
    with pytest.raises(CodebookError, match="Only active"):
        codebook.merge_themes(source=source, target=target, user=analyst)


def test_an_industry_pack_adds_its_themes_under_the_ones_they_refine(workspace, analyst):
    codebook.enable_pack(workspace=workspace, user=analyst, pack="healthcare")
    assert len(codebook_for(workspace)) == 7  # in the draft until it is published
    publish_codebook_draft(workspace, analyst)
    themes = codebook_for(workspace)
    assert len(themes) == 10
    assert {t.slug: t.parent for t in themes}["hipaa_privacy"].slug == "procurement_legal"
    with pytest.raises(CodebookError, match="already"):
        codebook.enable_pack(workspace=workspace, user=analyst, pack="healthcare")


def test_the_codebook_page_adds_a_custom_theme_and_enables_a_pack(client_for, analyst, workspace):
    client = client_for(analyst)
    page = client.get("/w/acme/programs/codebook/").content.decode()
    assert "Competitive displacement" in page and "Add a custom theme" in page
    client.post(
        "/w/acme/programs/codebook/add/",
        {"slug": "onboarding", "name": "Onboarding", "examples": "W: Setup took one afternoon."},
    )
    theme = Theme.objects.get(workspace=workspace, slug="onboarding")
    assert theme.examples == [{"text": "Setup took one afternoon.", "direction": "win_driver"}]
    bad = client.post(
        "/w/acme/programs/codebook/add/", {"slug": "x2", "name": "X", "examples": "maybe: no"}
    )
    assert "start each example with" in bad.content.decode()
    client.post("/w/acme/programs/codebook/packs/", {"pack": "public_sector"})
    assert Theme.objects.filter(workspace=workspace, pack="public_sector").count() == 3
    page = client.get("/w/acme/programs/codebook/").content.decode()
    assert "Draft version 2" in page and "Onboarding" in page


def test_editing_a_theme_someone_else_saved_meanwhile_shows_both_versions(
    client_for, analyst, workspace
):
    theme = codebook_for(workspace)[0]
    url = f"/w/acme/programs/codebook/{theme.pk}/"
    form = {
        "name": "Product fit",
        "definition": "Mine.",
        "include": "",
        "exclude": "",
        "examples": "",
        "seed_phrases": "",
        "version": "1",
    }
    assert client_for(analyst).post(url, form).status_code == 302
    entry = by_slug(draft_of(workspace).themes)[theme.slug]
    assert entry["definition"] == "Mine." and entry["rev"] == 2
    stale = client_for(analyst).post(url, {**form, "definition": "Theirs."})
    page = stale.content.decode()
    assert stale.status_code == 200 and "Someone else saved this" in page and "Theirs." in page
    assert by_slug(draft_of(workspace).themes)[theme.slug]["definition"] == "Mine."


def test_the_merge_form_on_the_page_moves_codes(client_for, analyst, workspace):
    themes = codebook_for(workspace)
    response = client_for(analyst).post(
        f"/w/acme/programs/codebook/{themes[4].pk}/merge/", {"target": themes[3].pk}
    )
    assert response.status_code == 302
    assert Theme.objects.get(pk=themes[4].pk).is_active  # until the draft is published
    publish_codebook_draft(workspace, analyst)
    assert not Theme.objects.get(pk=themes[4].pk).is_active
