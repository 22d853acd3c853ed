"""Deal stages: the workspace's own stage -> outcome mappings, edited on a page, used by imports."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from winloss.accounts.roles import Role
from winloss.activity.display import describe
from winloss.activity.models import LogEntry
from winloss.deals.imports import import_deals
from winloss.deals.imports.outcomes import stage_mappings_version, stage_table
from winloss.deals.models import Deal, Outcome, StageMapping
from winloss.deals.services import DealError, map_stages
from winloss.testing import make_deal

FILE = (
    "Id,Name,Stage,Close Date\n"
    "1,Acme,Verbal Commit,2025-03-31\n"
    "2,Globex,Closed Lost,2025-03-01\n"
    "3,Initech,Discovery,\n"
)


def _map(workspace, user, **outcomes):
    return map_stages(workspace=workspace, user=user, outcomes=outcomes,
                      version=stage_mappings_version(workspace))  # fmt: skip


def _outcomes(workspace) -> dict[str, str]:
    return dict(Deal.objects.filter(workspace=workspace).values_list("crm_id", "outcome"))


def test_mapping_verbal_commit_to_won_makes_an_import_put_such_rows_in_won(workspace, people):
    _map(workspace, people[Role.ANALYST], **{"Verbal Commit": Outcome.WON})
    import_deals(workspace=workspace, source=io.BytesIO(FILE.encode()))
    assert _outcomes(workspace) == {"1": "won", "2": "lost", "3": "open"}


def test_a_saved_mapping_beats_the_exports_is_won_and_is_closed(workspace, people):
    _map(workspace, people[Role.ANALYST], **{"verbal commit": Outcome.WON})
    content = "Id,StageName,IsWon,IsClosed,CloseDate\n1,Verbal Commit,0,0,2025-03-31\n"
    import_deals(workspace=workspace, source=io.BytesIO(content.encode()))
    assert _outcomes(workspace) == {"1": "won"}


def test_the_clis_stage_option_beats_the_saved_mapping(workspace, people, tmp_path):
    _map(workspace, people[Role.ANALYST], **{"Verbal Commit": Outcome.WON})
    path = tmp_path / "opps.csv"
    path.write_text(FILE)
    call_command("import_deals", str(path), workspace=workspace.slug,
                 stage=["verbal commit=stalled"], stdout=io.StringIO())  # fmt: skip
    assert _outcomes(workspace)["1"] == "stalled"


def test_a_background_import_uses_the_saved_mapping(
    workspace, people, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from winloss.deals.imports.background import start_deal_import

    settings.MEDIA_ROOT = tmp_path
    analyst = people[Role.ANALYST]
    _map(workspace, analyst, **{"Verbal Commit": Outcome.WON})
    with django_capture_on_commit_callbacks(execute=True):
        start_deal_import(workspace=workspace, user=analyst,
                          upload=SimpleUploadedFile("o.csv", FILE.encode()))  # fmt: skip
    assert _outcomes(workspace)["1"] == "won"


def test_the_table_lists_stages_once_ignoring_case_with_saved_or_default_outcome(workspace, people):
    for stage in ("Verbal Commit", "verbal commit", "Verbal Commit", "Closed Lost", ""):
        make_deal(workspace, stage=stage)
    _map(workspace, people[Role.ANALYST], **{"Legal Review": Outcome.STALLED})
    rows = {r.stage: (r.deals, r.saved, r.default) for r in stage_table(workspace)}
    assert rows == {
        "Closed Lost": (1, "", "lost"),
        "Legal Review": (0, "stalled", "open"),
        "Verbal Commit": (3, "", "open"),
    }


def test_a_save_made_on_an_old_version_changes_nothing(workspace, people):
    analyst = people[Role.ANALYST]
    version = stage_mappings_version(workspace)
    _map(workspace, analyst, **{"Verbal Commit": Outcome.WON})
    with pytest.raises(DealError, match="Someone else changed the stage mappings"):
        map_stages(workspace=workspace, user=analyst, version=version,
                   outcomes={"Verbal Commit": Outcome.LOST, "Pilot": Outcome.OPEN})  # fmt: skip
    assert list(StageMapping.objects.values_list("stage", "outcome")) == [("Verbal Commit", "won")]


def test_deal_editors_change_stages_on_the_page_and_each_change_is_logged(
    workspace, people, client_for
):
    make_deal(workspace, stage="Verbal Commit")
    make_deal(workspace, stage="Closed Won")
    StageMapping.objects.create(workspace=workspace, stage="Closed Won", outcome=Outcome.LOST)
    client = client_for(people[Role.OWNER])
    url = reverse("deals:stages", kwargs={"ws": workspace.slug})
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Verbal Commit" in html and "Default: Open" in html and "Default: Won" in html
    form = page.context["form"]
    data = {"version": form.initial["version"], "new_stage": "Pilot", "new_outcome": "stalled"}
    for i, (row, _) in enumerate(form.stage_fields()):
        data["stage"] = [*data.get("stage", []), row.stage]
        data[f"outcome-{i}"] = {"Verbal Commit": "won", "Closed Won": ""}[row.stage]
    response = client.post(url, data, follow=True)
    assert "Saved 3 stages" in response.content.decode()
    assert dict(StageMapping.objects.values_list("stage", "outcome")) == {
        "Pilot": "stalled",
        "Verbal Commit": "won",
    }
    sentences = sorted(describe(e) for e in LogEntry.objects.filter(action="deals.stage_mapped"))
    assert any("read the CRM stage Closed Won as the default" in s for s in sentences)
    assert any("read the CRM stage Verbal Commit as Won" in s for s in sentences)
    assert len(sentences) == 3


def test_a_stale_page_save_says_why_and_keeps_the_saved_mappings(workspace, people, client_for):
    client = client_for(people[Role.ANALYST])
    url = reverse("deals:stages", kwargs={"ws": workspace.slug})
    response = client.post(
        url, {"version": "0000", "new_stage": "Pilot", "new_outcome": "won"}, follow=True
    )
    assert "Someone else changed the stage mappings" in response.content.decode()
    assert not StageMapping.objects.exists()


def test_a_new_stage_needs_an_outcome(workspace, people, client_for):
    client = client_for(people[Role.ANALYST])
    url = reverse("deals:stages", kwargs={"ws": workspace.slug})
    version = stage_mappings_version(workspace)
    response = client.post(url, {"version": version, "new_stage": "Pilot"})
    assert response.status_code == 200
    assert "Choose how imports should read" in response.content.decode()
