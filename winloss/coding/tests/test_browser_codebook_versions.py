"""A definition changed in the draft, read side by side, published, and the excerpt coded under
the old definition reviewed again — in the browser, as an analyst does it."""

import pytest
from playwright.sync_api import expect

from winloss.browser import log_in, screenshot
from winloss.coding import services
from winloss.coding.models import CodedExcerpt, Theme
from winloss.testing import PASSWORD

pytestmark = pytest.mark.browser

NEW_DEFINITION = (
    "The price, discounts and payment terms the buyer weighed against the rivals' offers, "
    "including total cost of ownership."
)


def test_a_definition_change_is_drafted_compared_published_and_its_excerpt_reviewed(
    browser_page, live_server, interview, analyst
):
    note = interview.notes.order_by("pk")[1]
    start = note.text.index("thirty percent lower")
    excerpt = services.code_excerpt(
        interview=interview,
        passage_key=f"note-{note.pk}",
        start=start,
        end=start + len("thirty percent lower"),
        theme=Theme.objects.get(workspace=interview.workspace, slug="pricing_commercial"),
        direction="loss_driver",
        user=analyst,
    )
    page = browser_page
    log_in(page, live_server, analyst.email, PASSWORD)
    page.goto(f"{live_server.url}/w/acme/programs/codebook/")
    page.locator("#theme-pricing_commercial").get_by_role("link", name="Edit").click()
    page.get_by_label("Definition").fill(NEW_DEFINITION)
    page.get_by_role("button", name="Save in the draft").click()
    draft = page.locator(".codebook-draft")
    expect(draft).to_contain_text("Draft version 2")
    expect(draft).to_contain_text("Pricing and commercial terms (changed)")
    screenshot(page, "codebook-draft")

    draft.get_by_role("link", name="See the changes side by side").click()
    expect(page.get_by_role("heading", name="Version 1 and version 2 (draft)")).to_be_visible()
    changed = page.locator("#change-pricing_commercial")
    expect(changed.locator("ins", has_text="rivals")).to_be_visible()
    expect(changed.locator("del").first).to_be_visible()
    screenshot(page, "codebook-versions")

    page.goto(f"{live_server.url}/w/acme/programs/codebook/")
    page.get_by_label("What changed and why").fill("Pricing is weighed against rivals' offers.")
    page.get_by_role("button", name="Publish version 2").click()
    expect(page.locator("body")).to_contain_text(
        "Published version 2: coders now code under it. 1 excerpt coded under a definition "
        "that has changed since"
    )

    page.goto(f"{live_server.url}/w/acme/programs/{interview.program_id}/code/")
    page.get_by_role("link", name="1 excerpt coded under a definition that has since").click()
    expect(page.locator(".theme-change")).to_contain_text("Coded under version 1")
    screenshot(page, "codebook-review")
    page.get_by_label("Select “thirty percent lower”").check()
    page.get_by_role("button", name="Still fit").click()
    expect(page.locator("body")).to_contain_text("Confirmed 1 excerpt as fitting the theme")
    expect(page.locator(".empty-state")).to_contain_text("Nothing to review")
    assert CodedExcerpt.objects.get(pk=excerpt.pk).codebook_version.number == 2
