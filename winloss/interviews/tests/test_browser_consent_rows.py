"""The interviews list: each row's "confirm consent first" form is that row's own."""

import re

import pytest
from playwright.sync_api import expect

from winloss.browser import log_in
from winloss.outreach.models import ConsentRecord
from winloss.programs.sampling.services import DrawSettings, draw_sample
from winloss.testing import PASSWORD, make_account, make_contact, make_deal

pytestmark = pytest.mark.browser


def test_a_label_in_the_second_row_records_consent_for_the_second_deal(
    browser_page, live_server, workspace, program, guide, interviewer
):
    for name in ("Alpha Corp renewal", "Beta Ltd expansion"):
        account = make_account(workspace, name=name.split()[0])
        deal = make_deal(workspace, account=account, name=name)
        deal.contacts.add(make_contact(workspace, account=account, email=f"{deal.pk}@x.example"))
    draw = draw_sample(program, settings=DrawSettings(size=2, seed=1))
    entries = {e.deal.name: e for e in draw.entries.select_related("deal")}
    page = browser_page
    log_in(page, live_server, interviewer.email, PASSWORD)
    page.goto(f"/w/{workspace.slug}/programs/{program.pk}/interviews/")

    rows = {name: page.get_by_role("row").filter(has_text=name) for name in entries}
    for row in rows.values():
        row.get_by_text("Start: confirm consent first").click()
    second = rows["Beta Ltd expansion"]
    # Nothing starts ticked: the respondent's answers are given, never assumed.
    second.get_by_text("The interviewer may take notes of what I say").click()
    second.get_by_text("The call may be recorded").click()
    second.get_by_text("Quotes only without my name or company").click()

    expect(second.get_by_label("The call may be recorded")).to_be_checked()
    expect(rows["Alpha Corp renewal"].get_by_label("The call may be recorded")).not_to_be_checked()
    second.get_by_role("button", name="Confirm consent and start").click()
    expect(page).to_have_url(re.compile(r"/interviews/\d+/$"))
    consent = ConsentRecord.objects.get()
    assert consent.appointment.entry == entries["Beta Ltd expansion"]
    assert consent.recording_allowed
    assert consent.attribution == "anonymous"
