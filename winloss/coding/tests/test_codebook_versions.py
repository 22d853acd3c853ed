"""Codebook versions: every change goes into one draft, publishing makes it current, every
excerpt records the version it was coded under, and a changed definition queues the excerpts
coded under the old one for review."""

import importlib

import pytest
from django.apps import apps
from django.db import models

from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.coding import services
from winloss.coding.bulk_coding import Item, code_excerpts
from winloss.coding.codebook import services as codebook
from winloss.coding.codebook.diff import ADDED, REMOVED, changed_only, compare, word_diff
from winloss.coding.codebook.publishing import discard_draft, publish_codebook
from winloss.coding.codebook.queries import (
    codebook_span,
    current_version,
    draft_of,
    to_review,
)
from winloss.coding.codebook.snapshot import by_slug, entries_of, meanings_of
from winloss.coding.models import (
    CodebookError,
    CodebookStatus,
    CodebookVersion,
    CodedExcerpt,
    Theme,
)
from winloss.coding.queries import codebook_for
from winloss.coding.services import CodingError
from winloss.coding.suggest.services import accept_suggestion
from winloss.coding.tests.test_history_import import _csv, _rows, _run, deals  # noqa: F401
from winloss.testing import make_workspace, publish_codebook_draft

NEW_DEFINITION = "Price, discounts and payment terms as the buyer weighed them against rivals."


def _themes(workspace) -> dict[str, Theme]:
    return {t.slug: t for t in Theme.objects.filter(workspace=workspace)}


def _code(interview, user, slug: str, *, start: int = 0, end: int = 4) -> CodedExcerpt:
    note = interview.notes.order_by("pk")[1]
    return services.code_excerpt(
        interview=interview,
        passage_key=f"note-{note.pk}",
        start=start,
        end=end,
        theme=_themes(interview.workspace)[slug],
        direction="loss_driver",
        user=user,
    )


def _edit(theme: Theme, user, **fields) -> None:
    entry = by_slug(draft_of(theme.workspace).themes if draft_of(theme.workspace) else [])
    rev = entry[theme.slug]["rev"] if theme.slug in entry else theme.version
    codebook.update_theme(theme, user=user, expected_version=rev, **fields)


def test_a_new_workspace_starts_at_published_version_one_and_codes_record_it(
    workspace, analyst, interview
):
    version = current_version(workspace)
    assert (version.number, version.status) == (1, CodebookStatus.PUBLISHED)
    assert [e["slug"] for e in version.themes] == [t.slug for t in codebook_for(workspace)]
    assert version.meanings == meanings_of(version.themes)
    assert _code(interview, analyst, "pricing_commercial").codebook_version == version


def test_changes_go_into_one_draft_and_coders_keep_the_published_wording(
    workspace, analyst, interview
):
    themes = _themes(workspace)
    _edit(themes["pricing_commercial"], analyst, definition=NEW_DEFINITION)
    _edit(themes["product_fit"], analyst, name="Fit")
    drafts = CodebookVersion.objects.filter(workspace=workspace, status=CodebookStatus.DRAFT)
    assert [d.number for d in drafts] == [2]  # one draft, however many changes
    assert by_slug(drafts[0].themes)["pricing_commercial"]["definition"] == NEW_DEFINITION
    pricing = Theme.objects.get(pk=themes["pricing_commercial"].pk)
    assert pricing.definition != NEW_DEFINITION  # what coders read until it is published
    assert _code(interview, analyst, "pricing_commercial").codebook_version.number == 1
    started = LogEntry.objects.get(action="codebook.draft_started")
    assert "started draft version 2 of the codebook, a copy of version 1" in describe(started)


def test_saving_a_theme_unchanged_starts_no_draft(workspace, analyst):
    theme = _themes(workspace)["product_fit"]
    codebook.update_theme(theme, user=analyst, expected_version=1, definition=theme.definition)
    assert draft_of(workspace) is None


def test_a_definition_change_queues_its_excerpts_for_review(workspace, analyst, interview):
    price = _code(interview, analyst, "pricing_commercial")
    fit = _code(interview, analyst, "product_fit", start=5, end=9)
    _edit(_themes(workspace)["pricing_commercial"], analyst, definition=NEW_DEFINITION)
    assert list(to_review(interview.program)) == []  # a draft changes nothing yet

    published = publish_codebook_draft(workspace, analyst)

    assert published.number == 2 and not published.is_draft
    assert _themes(workspace)["pricing_commercial"].definition == NEW_DEFINITION
    assert list(to_review(interview.program)) == [price]  # not the product-fit excerpt
    span = codebook_span(workspace.pk, CodedExcerpt.objects.filter(program=interview.program))
    assert (span.first, span.last, span.current, span.changed) == (1, 1, 2, 1)
    # Coded after the change: under version 2, so nothing to review.
    again = _code(interview, analyst, "pricing_commercial", start=10, end=14)
    assert again.codebook_version == published and again not in to_review(interview.program)
    assert codebook_span(workspace.pk, CodedExcerpt.objects.all()).versions == "versions 1–2"

    assert services.confirm_excerpts(
        program=interview.program, excerpt_ids=[price.pk, fit.pk], user=analyst
    ) == 2  # fmt: skip
    assert list(to_review(interview.program)) == []
    price.refresh_from_db()
    assert price.codebook_version == published and price.theme.slug == "pricing_commercial"
    entry = LogEntry.objects.get(action="excerpts.confirmed")
    assert "confirmed that 2 excerpts" in describe(entry) and "codebook version 2" in describe(
        entry
    )


def test_recoding_an_excerpt_in_the_queue_codes_it_under_the_current_version(
    workspace, analyst, interview
):
    price = _code(interview, analyst, "pricing_commercial")
    _edit(_themes(workspace)["pricing_commercial"], analyst, include=["Only list prices."])
    publish_codebook_draft(workspace, analyst)
    fit = _themes(workspace)["product_fit"]
    services.recode_excerpts(
        program=interview.program, excerpt_ids=[price.pk], theme=fit, user=analyst
    )
    price.refresh_from_db()
    assert price.theme == fit and price.codebook_version.number == 2
    assert list(to_review(interview.program)) == []


def test_a_rename_alone_queues_nothing_but_a_retirement_queues_its_excerpts(
    workspace, analyst, interview
):
    price = _code(interview, analyst, "pricing_commercial")
    _code(interview, analyst, "product_fit", start=5, end=9)
    themes = _themes(workspace)
    _edit(themes["product_fit"], analyst, name="Fit for purpose")
    codebook.retire_theme(theme=themes["pricing_commercial"], user=analyst)
    publish_codebook_draft(workspace, analyst)

    assert list(to_review(interview.program)) == [price]
    assert "pricing_commercial" not in [t.slug for t in codebook_for(workspace)]
    with pytest.raises(CodingError, match="active theme"):
        _code(interview, analyst, "pricing_commercial", start=10, end=14)
    assert LogEntry.objects.filter(action="theme.retired").count() == 1


def test_a_merge_moves_the_codes_when_published_and_keeps_the_version_they_were_coded_under(
    workspace, analyst, interview
):
    messaging = _code(interview, analyst, "messaging_positioning")
    themes = _themes(workspace)
    source, target = themes["messaging_positioning"], themes["sales_process"]
    assert codebook.merge_themes(source=source, target=target, user=analyst) == 1
    messaging.refresh_from_db()
    assert messaging.theme == source
    publish_codebook_draft(workspace, analyst)
    messaging.refresh_from_db()
    assert messaging.theme == target and messaging.codebook_version.number == 1
    # The target means what it meant: the merge was the decision, nothing to review.
    assert list(to_review(interview.program)) == []
    assert by_slug(current_version(workspace).themes)["messaging_positioning"]["state"] == "merged"


def test_a_theme_added_in_the_draft_is_coded_only_once_published(workspace, analyst, interview):
    theme = codebook.add_theme(
        workspace=workspace, user=analyst, slug="data_residency", name="Data residency"
    )
    assert not theme.is_active
    with pytest.raises(CodingError, match="active theme"):
        _code(interview, analyst, "data_residency")
    publish_codebook_draft(workspace, analyst)
    excerpt = _code(interview, analyst, "data_residency")
    assert excerpt.codebook_version.number == 2
    assert LogEntry.objects.filter(action="theme.created", object_id=theme.pk).exists()


def test_every_way_of_coding_records_the_current_version(
    workspace,
    analyst,
    interview,
    tmp_path,
    deals,  # noqa: F811
):
    _edit(_themes(workspace)["product_fit"], analyst, definition="Whether it did the job.")
    current = publish_codebook_draft(workspace, analyst)
    note = interview.notes.order_by("pk")[1]
    code_excerpts(
        [Item(interview.pk, note.pk, None, 0, 4, None, "product_fit", "win_driver")],
        workspace=workspace,
        user=analyst,
    )
    accept_suggestion(
        interview=interview,
        passage_key=f"note-{interview.notes.order_by('pk')[0].pk}",
        theme=_themes(workspace)["sales_process"],
        direction="neutral",
        user=analyst,
    )
    _run(_csv(tmp_path, _rows()))
    assert CodedExcerpt.objects.count() == 6
    assert set(CodedExcerpt.objects.values_list("codebook_version", flat=True)) == {current.pk}


def test_a_published_version_never_changes_whatever_the_path(workspace):
    version = current_version(workspace)
    version.note = "Rewritten"
    with pytest.raises(CodebookError, match="published"):
        version.save()
    with pytest.raises(CodebookError):
        CodebookVersion.objects.filter(pk=version.pk).update(note="Rewritten in bulk")
    with pytest.raises(CodebookError):
        CodebookVersion.objects.filter(pk=version.pk).delete()


def test_publishing_refuses_a_draft_changed_since_it_was_read_and_one_that_changes_nothing(
    workspace, analyst
):
    theme = _themes(workspace)["product_fit"]
    _edit(theme, analyst, definition="Whether it did the job.")
    read = draft_of(workspace).version
    _edit(theme, analyst, definition="Whether it did the job, as the buyer saw it.")
    with pytest.raises(CodebookError, match="changed since you opened it"):
        publish_codebook(workspace=workspace, user=analyst, expected_version=read)
    _edit(theme, analyst, definition=theme.definition)  # back to the published wording
    with pytest.raises(CodebookError, match="changes nothing"):
        publish_codebook(
            workspace=workspace, user=analyst, expected_version=draft_of(workspace).version
        )
    assert current_version(workspace).number == 1


def test_discarding_the_draft_drops_it_and_the_themes_it_added(workspace, analyst):
    codebook.add_theme(workspace=workspace, user=analyst, slug="onboarding", name="Onboarding")
    _edit(_themes(workspace)["product_fit"], analyst, name="Fit")
    discard_draft(workspace=workspace, user=analyst, expected_version=draft_of(workspace).version)
    assert draft_of(workspace) is None
    assert not Theme.objects.filter(slug="onboarding").exists()
    assert _themes(workspace)["product_fit"].name == "Product fit"
    entry = LogEntry.objects.get(action="codebook.draft_discarded")
    assert "discarded draft version 2 of the codebook (2 themes changed in it)" in describe(entry)


def test_a_merge_into_a_theme_the_draft_retires_is_refused(workspace, analyst):
    themes = _themes(workspace)
    codebook.merge_themes(
        source=themes["messaging_positioning"], target=themes["sales_process"], user=analyst
    )
    with pytest.raises(CodebookError, match="merges into"):
        codebook.retire_theme(theme=themes["sales_process"], user=analyst)
    codebook.restore_theme(theme=themes["messaging_positioning"], user=analyst)
    assert (
        changed_only(compare(current_version(workspace).themes, draft_of(workspace).themes)) == []
    )


def test_the_diff_says_what_happened_to_each_theme_and_marks_the_words(workspace, analyst):
    themes = _themes(workspace)
    _edit(themes["pricing_commercial"], analyst, definition=NEW_DEFINITION, name="Price")
    codebook.merge_themes(
        source=themes["messaging_positioning"], target=themes["sales_process"], user=analyst
    )
    codebook.retire_theme(theme=themes["implementation_risk"], user=analyst)
    codebook.add_theme(workspace=workspace, user=analyst, slug="onboarding", name="Onboarding")

    changes = {
        c.slug: c
        for c in changed_only(
            compare(current_version(workspace).themes, draft_of(workspace).themes)
        )
    }

    assert changes["pricing_commercial"].kinds == ["renamed", "changed"]
    assert changes["pricing_commercial"].meaning_changed
    assert changes["messaging_positioning"].labels == ["Merged into Sales process quality"]
    assert changes["implementation_risk"].kinds == ["retired"]
    assert changes["onboarding"].kinds == [ADDED]
    assert "product_fit" not in changes
    definition = next(f for f in changes["pricing_commercial"].fields if f.name == "definition")
    assert "rivals" in "".join(text for op, text in definition.new if op == "added")
    assert "perceived" in "".join(text for op, text in definition.old if op == "removed")
    old, new = word_diff("The quote was high.", "The quote was far too high.")
    assert "".join(t for _op, t in old) == "The quote was high."
    assert [t for op, t in new if op == "added"] == ["far too "]
    assert compare([], current_version(workspace).themes)[0].kinds == [ADDED]
    assert compare(current_version(workspace).themes, [])[0].kinds == [REMOVED]


def test_the_version_one_migration_writes_what_the_services_write(workspace):
    fresh = make_workspace()
    # As a workspace had it before versions: no version at all.
    models.QuerySet(CodebookVersion).filter(workspace=fresh).delete()
    migration = importlib.import_module("winloss.coding.migrations.0008_first_codebook_version")
    migration.publish_version_one(apps, None)
    version = CodebookVersion.objects.get(workspace=fresh)
    themes = Theme.objects.filter(workspace=fresh).order_by("position", "pk")
    assert (version.number, version.status) == (1, CodebookStatus.PUBLISHED)
    assert version.themes == entries_of(themes)
    assert version.meanings == meanings_of(version.themes)
    assert CodebookVersion.objects.filter(workspace=workspace).count() == 1  # left alone


# --- Pages ------------------------------------------------------------------------------------


def test_the_codebook_page_shows_the_draft_and_publishes_it(client_for, analyst, workspace):
    client = client_for(analyst)
    theme = _themes(workspace)["pricing_commercial"]
    form = {
        "name": theme.name,
        "definition": NEW_DEFINITION,
        "include": "\n".join(theme.include),
        "exclude": "\n".join(theme.exclude),
        "examples": "\n".join(f"{e['direction']}: {e['text']}" for e in theme.examples),
        "seed_phrases": "\n".join(theme.seed_phrases),
        "version": str(theme.version),
    }
    saved = client.post(f"/w/acme/programs/codebook/{theme.pk}/", form, follow=True)
    assert "in draft version 2 of the codebook" in saved.content.decode()
    page = client.get("/w/acme/programs/codebook/").content.decode()
    assert "Draft version 2" in page and "Publish version 2" in page
    version = draft_of(workspace).version
    client.post("/w/acme/programs/codebook/publish/", {"version": version, "note": "Clearer."})
    assert current_version(workspace).note == "Clearer."
    assert "Draft version" not in client.get("/w/acme/programs/codebook/").content.decode()


def test_the_versions_page_sets_two_versions_side_by_side(client_for, analyst, workspace):
    _edit(_themes(workspace)["pricing_commercial"], analyst, definition=NEW_DEFINITION)
    client = client_for(analyst)
    page = client.get("/w/acme/programs/codebook/versions/").content.decode()
    assert "Version 1 and version 2 (draft)" in page
    assert "<ins>" in page and "<del>" in page
    junk = client.get("/w/acme/programs/codebook/versions/", {"old": "x", "new": "99"})
    assert junk.status_code == 200 and "Select a valid choice" in junk.content.decode()


def test_the_review_queue_lists_the_excerpts_and_records_each_decision(
    client_for, analyst, workspace, interview
):
    price = _code(interview, analyst, "pricing_commercial")
    other = _code(interview, analyst, "pricing_commercial", start=5, end=9)
    _edit(_themes(workspace)["pricing_commercial"], analyst, definition=NEW_DEFINITION)
    publish_codebook_draft(workspace, analyst)
    client = client_for(analyst)
    url = f"/w/acme/programs/{interview.program_id}/code/review/"
    page = client.get(url).content.decode()
    assert "Coded under version 1" in page and "Now (version 2)" in page
    assert page.count('name="excerpt"') == 2

    client.post(f"{url}decide/", {"decision": "fits", "excerpt": [price.pk]})
    refused = client.post(
        f"{url}decide/", {"decision": "recode", "excerpt": [other.pk]}, follow=True
    )
    assert "Choose the theme to recode" in refused.content.decode()
    fit = _themes(workspace)["product_fit"]
    client.post(f"{url}decide/", {"decision": "recode", "theme": fit.pk, "excerpt": [other.pk]})

    assert list(to_review(interview.program)) == []
    assert CodedExcerpt.objects.get(pk=other.pk).theme == fit
    assert "Nothing to review" in client.get(url).content.decode()


def test_the_analysis_page_and_the_report_say_which_versions_their_figures_span(
    client_for, analyst, people, workspace, interview
):
    from winloss.reports.content import build
    from winloss.reports.services import begin_report

    _code(interview, analyst, "pricing_commercial")
    _edit(_themes(workspace)["pricing_commercial"], analyst, definition=NEW_DEFINITION)
    publish_codebook_draft(workspace, analyst)
    program = interview.program
    page = client_for(analyst).get(f"/w/acme/programs/{program.pk}/analyse/").content.decode()
    assert "These figures span codebook version 1 (version 2 is current)" in page
    assert "1 excerpt coded under a definition that has since changed" in page
    assert f"/w/acme/programs/{program.pk}/code/review/" in page

    method = build(begin_report(program))["methodology"]
    assert method["codebook"]["versions"] == "version 1" and method["codebook"]["changed"] == 1
    assert method["codebook_text"] == (
        "Excerpts were coded under codebook version 1; version 2 was the current one."
    )
    assert any("had not been reviewed again" in limit for limit in method["limitations"])


def test_two_themes_in_use_cannot_share_a_name(workspace, analyst):
    """Coders, reports and REFI-QDA projects (which merge codes by name) tell themes apart by
    name; a retired theme's name is free again."""
    themes = _themes(workspace)
    taken = themes["pricing_commercial"].name
    with pytest.raises(CodebookError, match=f"already has a theme named “{taken}”"):
        codebook.add_theme(
            workspace=workspace, user=analyst, slug="price_two", name=f" {taken.upper()} "
        )
    with pytest.raises(CodebookError, match=f"already has a theme named “{taken}”"):
        _edit(themes["product_fit"], analyst, name=taken)
    _edit(themes["pricing_commercial"], analyst, name=taken)  # its own name stays its own
    codebook.retire_theme(theme=themes["pricing_commercial"], user=analyst)
    assert codebook.add_theme(workspace=workspace, user=analyst, slug="price_two", name=taken)
