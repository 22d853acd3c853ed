"""A program owner finds their way around a program in a real browser."""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import Page, expect

from winloss.accounts.models import Membership, User
from winloss.accounts.roles import Role
from winloss.browser import log_in, screenshot
from winloss.demo.content import OWNER_EMAIL
from winloss.demo.content import PASSWORD as DEMO_PASSWORD
from winloss.demo.content import SLUG as DEMO_SLUG
from winloss.programs.models import Program, ProgramStatus
from winloss.programs.steps import STEPS
from winloss.testing import PASSWORD, make_member, make_program, make_workspace
from winloss.testing.snapshot import load_demo

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Owner:
    email: str
    password: str
    program: Program


def demo_program_owner() -> Owner:
    """The demo workspace's program owner and its active wave: what `make run` shows people."""
    load_demo()
    program = Program.objects.get(workspace__slug=DEMO_SLUG, status=ProgramStatus.ACTIVE)
    return Owner(email=OWNER_EMAIL, password=DEMO_PASSWORD, program=program)


def program_owner_with_a_program() -> Owner:
    """A program owner and their program in a small workspace (the demo takes seconds)."""
    workspace = make_workspace(name="Acme Corp")
    owner = make_member(workspace, Role.OWNER, email="owner@acme.example")
    program = make_program(workspace, owner=owner, name="Q1 2025 wins and losses")
    return Owner(email=owner.email, password=PASSWORD, program=program)


def open_program(page: Page, program: Program) -> None:
    """From the programs list, as a person would: by the program's name."""
    page.get_by_role("link", name=program.name, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=program.name)).to_be_visible()


def test_program_owner_opens_every_step_of_the_program(browser_page, live_server):
    page = browser_page
    owner = demo_program_owner()
    log_in(page, live_server, owner.email, owner.password)
    expect(page.get_by_role("heading", level=1, name="Programs")).to_be_visible()
    open_program(page, owner.program)
    screenshot(page, "program-overview")

    steps_nav = page.locator('nav[aria-label="SOP steps"]')
    for step in STEPS:
        link = steps_nav.get_by_role("link", name=step.nav, exact=True)
        link.click()
        title = f"Step {step.number}: {step.title}"
        expect(page.get_by_role("heading", level=2, name=title)).to_be_visible()
        expect(page.get_by_role("heading", level=1, name=owner.program.name)).to_be_visible()
        expect(link).to_have_attribute("aria-current", "page")
        screenshot(page, f"step-{step.number:02d}-{step.key}")


def test_program_owner_opens_the_workspace_pages(browser_page, live_server):
    page = browser_page
    owner = program_owner_with_a_program()
    log_in(page, live_server, owner.email, owner.password)
    site_nav = page.get_by_role("navigation", name="Site")
    for name in ["Deals", "Competitors", "Activity", "Programs"]:
        site_nav.get_by_role("link", name=name, exact=True).click()
        expect(page.get_by_role("heading", level=1, name=name)).to_be_visible()
        screenshot(page, f"workspace-{name.lower()}")


def test_workspace_switcher_lists_both_workspaces_and_switches(browser_page, live_server):
    page = browser_page
    owner = program_owner_with_a_program()
    home = owner.program.workspace.name
    other = make_workspace(slug="initech", name="Initech")
    Membership.objects.create(
        user=User.objects.get(email=owner.email), workspace=other, role=Role.ANALYST
    )
    log_in(page, live_server, owner.email, owner.password)
    # Two workspaces: the choice page first, then the switcher inside a workspace.
    page.get_by_role("link", name=home, exact=True).click()
    switcher = page.locator("details#workspace-switcher")
    expect(switcher.locator("summary")).to_have_text(home)

    switcher.locator("summary").click()
    links = switcher.get_by_role("link")
    expect(links).to_have_count(2)
    expect(links.filter(has_text=home)).to_have_attribute("aria-current", "true")
    screenshot(page, "workspace-switcher")
    links.filter(has_text="Initech").click()

    expect(page).to_have_url(re.compile(r"/w/initech/"))
    expect(switcher.locator("summary")).to_have_text("Initech")
    expect(page.get_by_text("No programs yet")).to_be_visible()


def test_scope_edited_in_the_browser_shows_in_the_program_log(browser_page, live_server):
    page = browser_page
    owner = program_owner_with_a_program()
    log_in(page, live_server, owner.email, owner.password)
    open_program(page, owner.program)
    page.locator('nav[aria-label="SOP steps"]').get_by_role("link", name="Scope").click()
    page.get_by_role("button", name="Edit scope").click()

    page.get_by_label("Objective").fill("Why do enterprise buyers choose Vector Solutions?")
    page.get_by_label("Target sample size").fill("30")
    screenshot(page, "scope-edit")
    page.get_by_role("button", name="Save scope").click()
    expect(page.get_by_role("status")).to_contain_text("Scope saved")

    page.get_by_role("link", name="Every change to this scope is in the program log").click()
    expect(page.get_by_role("heading", level=2, name="Program log")).to_be_visible()
    entry = page.locator(".log-entries > li").first
    expect(entry).to_contain_text(f"{owner.email} changed the scope of {owner.program.name}")
    changes = entry.locator("table.changes")
    expect(changes.get_by_role("row", name=re.compile("^Objective"))).to_contain_text(
        "Why do enterprise buyers choose Vector Solutions?"
    )
    expect(changes.get_by_role("row", name=re.compile("^Target sample size"))).to_contain_text("30")
    screenshot(page, "program-log")


def test_the_page_watch_catches_csp_violations_and_script_errors(
    browser_page, live_server, page_problems
):
    """The guard every browser test relies on: the real CSP blocks inline style, and both
    that and an uncaught exception reach the list that fails the test."""
    page = browser_page
    page.goto("/accounts/login/")
    with page.expect_console_message(lambda message: "Content Security Policy" in message.text):
        page.evaluate(
            "() => { const s = document.createElement('style');"
            " s.textContent = 'body { color: red }'; document.head.append(s); }"
        )
    with page.expect_event("pageerror"):
        page.evaluate("() => { setTimeout(() => { throw new Error('boom') }, 0) }")

    assert [p.split(" on ")[0] for p in page_problems] == ["CSP violation", "JavaScript error"]
    assert "style-src" in page_problems[0] and "boom" in page_problems[1]
    page_problems.clear()  # seen and expected: this test passes
