"""An analyst imports a CSV whose columns winloss does not know, in a real browser."""

import pytest

from winloss.accounts.roles import Role
from winloss.browser import log_in, screenshot
from winloss.deals.models import Deal
from winloss.testing import PASSWORD, make_member, make_workspace

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSV = (
    "Ref,Client,Result,Closed on,Value\n"
    "R-1,Initech,Closed Won,2025-03-04,12000\n"
    "R-2,Globex,Closed Lost,2025-03-09,8000\n"
    "R-3,Initech,Closed Lost,2025-03-20,5000\n"
)


def test_analyst_maps_unknown_columns_checks_and_imports(
    browser_page, live_server, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    workspace = make_workspace(slug="acme", name="Acme Corp")
    analyst = make_member(workspace, Role.ANALYST, email="analyst@acme.example")
    upload = tmp_path / "crm-export.csv"
    upload.write_text(CSV)
    page = browser_page
    log_in(page, live_server, analyst.email, PASSWORD)

    page.goto("/w/acme/deals/")
    page.get_by_role("button", name="Import deals").click()
    page.get_by_label("File").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and map the columns").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Map the columns of crm-export.csv").is_visible()

    for column, field in [
        ("Ref", "CRM id"),
        ("Client", "Account"),
        ("Result", "Stage"),
        ("Closed on", "Closed on"),
        ("Value", "Amount"),
    ]:
        page.get_by_label(column, exact=True).select_option(label=field)
    screenshot(page, "import-map")
    page.get_by_role("button", name="Check every row (nothing is saved)").click()
    page.wait_for_load_state()
    summary = page.locator(".result-summary")
    summary.wait_for()
    assert "Would import 3 rows" in summary.inner_text()
    assert Deal.objects.count() == 0
    screenshot(page, "import-dry-run")

    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_load_state()
    page.locator(".result-summary").wait_for()
    assert "Imported 3 rows" in page.locator(".result-summary").inner_text()
    screenshot(page, "import-done")
    assert sorted(Deal.objects.values_list("crm_id", "outcome")) == [
        ("R-1", "won"),
        ("R-2", "lost"),
        ("R-3", "lost"),
    ]
