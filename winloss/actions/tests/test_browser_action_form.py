"""An action the server refuses comes back with what was typed and the problem marked."""

import pytest
from playwright.sync_api import expect

from winloss.actions.models import Action
from winloss.browser import log_in
from winloss.testing import PASSWORD, make_program

pytestmark = pytest.mark.browser


def test_a_refused_action_keeps_what_was_typed_and_marks_the_field(
    browser_page, live_server, workspace, people
):
    program = make_program(workspace, name="H1 wins")
    page = browser_page
    log_in(page, live_server, people["owner"].email, PASSWORD)
    page.goto(f"/w/acme/programs/{program.pk}/actions/")
    page.get_by_text("Record an action").click()
    page.get_by_label("What is to be done").fill("Rewrite the pricing page")
    page.get_by_label("Description").fill("Buyers could not find the per-seat price.")
    page.get_by_label("Owner").select_option(label=str(people["analyst"]))
    page.get_by_label("Due date").fill("2020-01-31")
    page.get_by_role("button", name="Record the action").click()

    due = page.get_by_label("Due date")
    expect(due).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#record-action .field-error")).to_have_text(
        "The due date is in the past: give a date from today on."
    )
    # A screen reader reads the message with the field (Django's aria-describedby).
    expect(due).to_have_accessible_description(
        "The due date is in the past: give a date from today on."
    )
    expect(page.get_by_label("What is to be done")).to_have_value("Rewrite the pricing page")
    expect(page.get_by_label("Description")).to_have_value(
        "Buyers could not find the per-seat price."
    )
    expect(page.get_by_label("Owner")).to_have_value(str(people["analyst"].pk))
    assert not Action.objects.exists()

    due.fill("2030-01-31")
    page.get_by_role("button", name="Record the action").click()
    expect(page.get_by_role("main")).to_contain_text("Rewrite the pricing page")
    assert Action.objects.get().description == "Buyers could not find the per-seat price."
