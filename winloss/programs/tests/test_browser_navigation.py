"""A program owner finds their way around the demo workspace in a real browser."""

import pytest
from django.core.management import call_command

from winloss.browser import log_in, screenshot
from winloss.demo.build import PASSWORD
from winloss.programs.models import Program
from winloss.programs.steps import STEPS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OWNER = "owner@demo.winloss.example"


@pytest.fixture
def demo(transactional_db):
    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Program.objects.get(workspace__slug="demo", status="active")


def test_program_owner_opens_every_step_of_the_program(browser_page, demo):
    page = browser_page
    log_in(page, OWNER, PASSWORD)
    screenshot(page, "programs")

    page.get_by_role("link", name=demo.name).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name=demo.name).is_visible()
    screenshot(page, "program-overview")

    steps = page.get_by_role("navigation", name="SOP steps")
    for step in STEPS:
        steps.get_by_role("link", name=step.nav, exact=True).click()
        page.wait_for_load_state()
        heading = page.get_by_role("heading", level=2).first
        assert step.title in heading.inner_text(), step.key
        screenshot(page, f"step-{step.number:02d}-{step.key}")


def test_program_owner_opens_the_workspace_pages(browser_page, demo):
    page = browser_page
    log_in(page, OWNER, PASSWORD)
    site = page.get_by_role("navigation", name="Site")
    for name, heading in [
        ("Deals", "Deals"),
        ("Competitors", "Competitors"),
        ("Activity", "Activity"),
        ("Programs", "Programs"),
    ]:
        site.get_by_role("link", name=name, exact=True).click()
        page.wait_for_load_state()
        assert page.get_by_role("heading", level=1, name=heading).is_visible()
        screenshot(page, f"workspace-{name.lower()}")
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Deals").click()
    page.get_by_label("Search").fill("1C1I7A6R")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Cancity — GTX Plus Basic").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Cancity")
    screenshot(page, "deal")


def test_scope_edited_in_the_browser_shows_in_the_program_log(browser_page, demo):
    page = browser_page
    log_in(page, OWNER, PASSWORD)
    page.goto(f"/w/demo/programs/{demo.pk}/scope/edit/")
    page.get_by_label("Objective").fill("Why do enterprise buyers choose Vector Solutions?")
    page.get_by_label("Target sample size").fill("30")
    screenshot(page, "scope-edit")
    page.get_by_role("button", name="Save scope").click()
    page.wait_for_load_state()
    assert page.get_by_text("Scope saved").is_visible()
    page.get_by_role("link", name="Every change to this scope is in the program log").click()
    log = page.get_by_role("main").inner_text()
    assert "changed the scope of" in log and "Why do enterprise buyers choose Vector" in log
    assert "30" in log
    screenshot(page, "program-log")


def test_workspace_switcher_lists_both_workspaces_of_the_agency_interviewer(browser_page, demo):
    page = browser_page
    log_in(page, "interviewer@demo.winloss.example", PASSWORD)
    page.goto("/w/demo/")
    switcher = page.locator("details#workspace-switcher")
    switcher.locator("summary").click()
    links = switcher.get_by_role("link")
    assert links.count() == 2
    screenshot(page, "workspace-switcher")
    switcher.get_by_role("link", name="Northwind Traders (agency client)").click()
    page.wait_for_load_state()
    assert "/w/northwind/" in page.url
    assert page.get_by_text("No programs yet").is_visible()
