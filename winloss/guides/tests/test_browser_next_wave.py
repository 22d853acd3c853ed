"""A new wave asks the same core questions: its guide starts from the last approved one."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from winloss.browser import log_in
from winloss.guides.models import Section
from winloss.testing import PASSWORD, make_guide, make_program

pytestmark = pytest.mark.browser


def test_the_next_wave_starts_with_a_draft_copy_of_the_approved_guide(
    browser_page, live_server, workspace, people
):
    program = make_program(
        workspace,
        name="Pipeline review — wave of May 2025",
        cadence="monthly",
        window_start=dt.date(2025, 5, 1),
        window_end=dt.date(2025, 5, 31),
    )
    make_guide(program, ["An old draft question"], number=1, approved=True)
    make_guide(
        program,
        ["How did your team decide which vendors to evaluate?", (Section.LOST, "What tipped it?")],
        number=2,
        approved=True,
    )
    page = browser_page
    log_in(page, live_server, people["owner"].email, PASSWORD)
    page.goto(f"/w/acme/programs/{program.pk}/scope/")
    page.get_by_role("button", name="Start the next wave").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pipeline review — wave of Jun 2025")

    page.get_by_role("navigation", name="SOP steps").get_by_role("link", name="Guide").click()
    version = page.locator(".version-line")
    expect(version).to_contain_text("Draft")
    expect(version).to_contain_text("a copy of v2 of the approved guide of")
    main = page.get_by_role("main")
    expect(main).to_contain_text("How did your team decide which vendors to evaluate?")
    expect(main).to_contain_text("What tipped it?")
    expect(main).not_to_contain_text("An old draft question")
