"""The codebook as CSV (export, import all-or-nothing) and as a REFI-QDA codebook."""

import csv
import io
from xml.etree import ElementTree as ET

import pytest

from winloss.coding.codebook import services as codebook
from winloss.coding.codebook.diff import changed_only, compare
from winloss.coding.codebook.files import (
    QDC_NAMESPACE,
    CodebookFileError,
    export_csv,
    export_qdc,
    import_csv,
)
from winloss.coding.codebook.queries import current_and_draft
from winloss.coding.models import Theme
from winloss.coding.queries import codebook_for
from winloss.testing import publish_codebook_draft

HEADER = "slug,name,parent,definition,include,exclude,examples,seed_phrases\n"


def test_the_csv_export_has_the_columns_and_one_row_per_theme(workspace):
    rows = list(csv.DictReader(io.StringIO(export_csv(workspace))))
    assert list(rows[0]) == [
        "slug", "name", "parent", "definition", "include", "exclude", "examples", "seed_phrases"
    ]  # fmt: skip
    assert [r["slug"] for r in rows][:2] == ["product_fit", "pricing_commercial"]
    assert rows[1]["examples"].splitlines()[0].startswith("loss_driver: ")


def test_an_exported_codebook_imports_back_unchanged(workspace, analyst):
    codebook.add_theme(
        workspace=workspace, user=analyst, slug="formula", name="=SUM(A1)", definition="-risky"
    )
    publish_codebook_draft(workspace)
    exported = export_csv(workspace)
    assert "'=SUM(A1)" in exported  # a spreadsheet shows it as text, never runs it
    counts = import_csv(workspace=workspace, user=analyst, content=exported.encode())
    assert counts == {"created": 0, "updated": 8}
    current, draft = current_and_draft(workspace)
    assert changed_only(compare(current.themes, draft.themes)) == []


def test_an_import_adds_new_themes_under_their_parents(workspace, analyst):
    content = (
        HEADER + 'data_residency,Data residency,product_fit,Where data lives,"EU hosting\n'
        'Local law",,"L: Data had to stay in Germany.",residency\n'
    )
    import_csv(workspace=workspace, user=analyst, content=content.encode())
    theme = Theme.objects.get(workspace=workspace, slug="data_residency")
    assert not theme.is_active  # in the draft until it is published
    publish_codebook_draft(workspace, analyst)
    theme.refresh_from_db()
    assert theme.is_active and theme.parent.slug == "product_fit"
    assert theme.include == ["EU hosting", "Local law"]
    assert theme.examples == [{"text": "Data had to stay in Germany.", "direction": "loss_driver"}]


def test_one_bad_row_means_nothing_is_imported_and_every_bad_row_is_named(workspace, analyst):
    codebook_for(workspace)
    content = (
        HEADER
        + "product_fit,Renamed fit,,,,,,\n"
        + "Bad Slug,Name,,,,,,\n"
        + "orphan,Orphan,no_such_theme,,,,,\n"
        + "wrong,Wrong,,,,,maybe: not a direction,\n"
    )
    with pytest.raises(CodebookFileError) as raised:
        import_csv(workspace=workspace, user=analyst, content=content.encode())
    errors = raised.value.errors
    assert any(e.startswith("Row 3:") and "Bad Slug" in e for e in errors)
    assert any(e.startswith("Row 4") and "no_such_theme" in e for e in errors)
    assert any(e.startswith("Row 5") and "examples" in e for e in errors)
    assert Theme.objects.get(workspace=workspace, slug="product_fit").name == "Product fit"
    assert not Theme.objects.filter(slug="orphan").exists()


def test_the_import_page_lists_the_row_errors(client_for, analyst, workspace):
    upload = io.BytesIO((HEADER + "Bad Slug,Name,,,,,,\n").encode())
    upload.name = "codebook.csv"
    page = client_for(analyst).post("/w/acme/programs/codebook/import/", {"file": upload})
    assert "Nothing was imported" in page.content.decode()
    assert "Row 2" in page.content.decode()


def test_the_qdc_export_is_a_refi_qda_codebook_with_sub_themes_nested(
    client_for, analyst, workspace
):
    codebook.enable_pack(workspace=workspace, user=analyst, pack="healthcare")
    publish_codebook_draft(workspace, analyst)
    response = client_for(analyst).get("/w/acme/programs/codebook/export.qdc")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    ns = {"q": QDC_NAMESPACE}
    assert root.tag == f"{{{QDC_NAMESPACE}}}CodeBook" and root.get("origin") == "winloss"
    top = root.findall("q:Codes/q:Code", ns)
    assert [c.get("name") for c in top][:2] == ["Product fit", "Pricing and commercial terms"]
    assert all(c.get("isCodable") == "true" and len(c.get("guid")) == 36 for c in top)
    legal = next(c for c in top if c.get("name") == "Procurement or legal friction")
    assert [c.get("name") for c in legal.findall("q:Code", ns)] == ["HIPAA and patient privacy"]
    assert "Include:" in legal.find("q:Description", ns).text
    assert export_qdc(workspace) == export_qdc(workspace)  # stable GUIDs
