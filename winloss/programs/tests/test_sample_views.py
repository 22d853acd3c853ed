"""The sample page as the analyst and coordinator use it: draw, refuse, replace, export."""

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from winloss.deals.models import Outcome
from winloss.programs.models import EntryStatus, SampleEntry
from winloss.testing import make_account, make_deal, make_program


@pytest.fixture
def program(workspace):
    program = make_program(workspace, target_sample_size=6)
    for i in range(30):
        make_deal(
            workspace,
            account=make_account(workspace),
            outcome=Outcome.WON if i % 3 else Outcome.LOST,
            amount=Decimal(1000 * (i + 1)),
            region="East" if i % 2 else "West",
            name=f'=HYPERLINK("http://evil") {i}' if i == 0 else f"Deal {i}",
        )
    return program


def _url(program, tail: str = "") -> str:
    return f"/w/{program.workspace.slug}/programs/{program.pk}/sample/{tail}"


def _draw(client, program, **fields):
    data = {
        "size": 6,
        "allocation": "balanced",
        "dimension": "region",
        "band_method": "terciles",
        "band_edges": "",
        "min_per_cell": 0,
        "recent_days": 180,
        "seed": 11,
        **fields,
    }
    return client.post(_url(program, "draw/"), data, follow=True)


def test_the_page_offers_the_draw_with_the_target_as_size(client_for, people, program):
    page = client_for(people["analyst"]).get(_url(program))
    assert page.status_code == 200
    assert b"Draw the sample" in page.content and b'value="6"' in page.content
    assert b"30</strong> of the 30 closed deals in scope" in page.content


def test_a_drawn_sample_lists_every_deal_with_its_reason(client_for, people, program):
    page = _draw(client_for(people["analyst"]), program)
    assert "Sample drawn: 6 deals" in page.content.decode()
    entries = SampleEntry.objects.filter(program=program)
    assert entries.filter(outcome=Outcome.WON).count() == 3
    for entry in entries:
        assert entry.reason in page.content.decode()


def test_a_bad_draw_says_which_field_is_wrong(client_for, people, program):
    page = _draw(client_for(people["analyst"]), program, band_method="custom", band_edges="abc")
    assert "Band amounts: &#x27;abc&#x27; is not an amount." in page.content.decode()
    assert not SampleEntry.objects.filter(program=program).exists()


def test_the_coordinator_records_a_decline_and_accepts_the_replacement(client_for, people, program):
    _draw(client_for(people["analyst"]), program)
    client = client_for(people["coordinator"])
    entry = SampleEntry.objects.filter(program=program).first()
    page = client.post(
        _url(program, f"{entry.pk}/refusal/"),
        {"status": "declined", "reason": "Moved to a new company", "version": entry.version},
        follow=True,
    )
    assert "Proposed replacement from the same stratum" in page.content.decode()
    proposal = SampleEntry.objects.get(replaces=entry)
    assert proposal.status == EntryStatus.PROPOSED
    client.post(_url(program, f"{proposal.pk}/accept/"), {"version": proposal.version})
    proposal.refresh_from_db()
    assert proposal.status == EntryStatus.SELECTED


def test_a_stale_action_changes_nothing_and_says_so(client_for, people, program):
    _draw(client_for(people["analyst"]), program)
    client = client_for(people["coordinator"])
    entry = SampleEntry.objects.filter(program=program).first()
    page = client.post(
        _url(program, f"{entry.pk}/remove/"),
        {"reason": "Duplicate", "version": entry.version + 5},
        follow=True,
    )
    assert "changed by someone else" in page.content.decode()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SELECTED


def test_an_action_without_a_reason_is_refused(client_for, people, program):
    _draw(client_for(people["analyst"]), program)
    entry = SampleEntry.objects.filter(program=program).first()
    page = client_for(people["analyst"]).post(
        _url(program, f"{entry.pk}/remove/"), {"reason": "", "version": 1}, follow=True
    )
    assert "give a reason" in page.content.decode()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SELECTED


def test_adding_a_deal_by_crm_id(client_for, people, program, workspace):
    _draw(client_for(people["analyst"]), program)
    outside = (
        program.workspace.deals.exclude(sample_entries__program=program).order_by("pk").first()
    )
    client = client_for(people["analyst"])
    page = client.post(_url(program, "add/"), {"crm_id": "nope", "reason": "x"}, follow=True)
    assert "No deal has the CRM id" in page.content.decode()
    client.post(_url(program, "add/"), {"crm_id": outside.crm_id, "reason": "Strategic logo"})
    entry = SampleEntry.objects.get(program=program, deal=outside)
    assert "Strategic logo" in entry.reason


def test_the_sample_exports_as_csv_with_reasons_and_no_formulas(client_for, people, program):
    _draw(client_for(people["analyst"]), program, size=30, allocation="proportional")
    response = client_for(people["reviewer"]).get(_url(program, "export/"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 30
    assert all(row["Why it was picked"].startswith("Random pick") for row in rows)
    evil = next(row for row in rows if "HYPERLINK" in row["Deal"])
    assert evil["Deal"].startswith("'=")


def test_the_sample_exports_as_xlsx(client_for, people, program):
    _draw(client_for(people["analyst"]), program)
    response = client_for(people["analyst"]).get(_url(program, "export/?format=xlsx"))
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(book["Sample"].iter_rows(values_only=True))
    assert rows[0][0] == "CRM id" and len(rows) == 7
    about = dict(book["How it was drawn"].iter_rows(values_only=True))
    assert about["Seed"] == 11


def test_interviewers_do_not_see_the_draw_controls(client_for, people, program):
    _draw(client_for(people["analyst"]), program)
    page = client_for(people["interviewer"]).get(_url(program))
    assert page.status_code == 200
    assert b"Discard this sample" not in page.content and b"Declined or unreachable" not in (
        page.content
    )


@pytest.mark.parametrize("who", ["outsider", "no_such_id"])
def test_the_interviewer_form_never_names_someone_outside_the_workspace(
    client_for, people, program, who
):
    from winloss.testing import make_member, make_workspace

    other = make_workspace(slug="initech", name="Initech")
    outsider = make_member(
        other, "interviewer", name="Olivia Outsider", email="olivia@initech.example"
    )
    _draw(client_for(people["analyst"]), program)
    entry = SampleEntry.objects.filter(program=program).first()
    before = entry.interviewer_id
    chosen = outsider.pk if who == "outsider" else outsider.pk + 1000
    page = (
        client_for(people["analyst"])
        .post(
            _url(program, f"{entry.pk}/interviewer/"),
            {"interviewer": chosen, "version": entry.version},
            follow=True,
        )
        .content.decode()
    )
    assert "Choose an interviewer among the members of this workspace." in page
    assert "Olivia" not in page and "initech.example" not in page
    entry.refresh_from_db()
    assert entry.interviewer_id == before
