import hashlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from winloss.accounts.roles import Role
from winloss.coding.services import remove_excerpt
from winloss.escalations.models import Escalation
from winloss.reports import services
from winloss.reports.models import Format, ReportError, ReportVersion, checksum_of

from .exported import text_of
from .world import RESPONDENTS, report_program

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_renders")]

SOP_SECTIONS = [
    "Scope and sample size",
    "Methodology and limitations",
    "Top win themes",
    "Top loss themes",
    "Representative quotes",
    "Recommended actions",
]


@pytest.fixture
def program_and_excerpts(workspace, people):
    return report_program(workspace, people)


@pytest.fixture
def published(program_and_excerpts, people):
    program, excerpts = program_and_excerpts
    report = services.begin_report(program)
    for excerpt in excerpts.values():
        services.add_quote(report, excerpt, user=people[Role.ANALYST])
    return services.publish(report, user=people[Role.OWNER])


def _files(version) -> dict[str, bytes]:
    return {f.format: f.read() for f in version.files.all()}


def test_the_pdf_holds_every_sop_section_with_the_programs_real_figures(published):
    text = text_of("pdf", _files(published)["pdf"])
    flat = " ".join(text.split())
    for section in SOP_SECTIONS:
        assert section in flat, section
    # Pricing in 30 of 60 lost deals (30 of the 100 analysed); fit in 20 of 40 won.
    assert "interviews analysed (validated): 100" in flat
    assert (
        "Pricing and commercial terms 50% (95% CI 38–62%, 30 of 60 deals not won)"
        " 30% (95% CI" in flat
    )
    assert (
        "Product fit 50% (95% CI 35–65%, 20 of 40 won deals) "
        "20% (95% CI 13–29%, 20 of 100 deals analysed)" in flat
    )


def test_anonymous_and_not_quotable_respondents_are_safe_in_every_export(published):
    anonymous, _named, withheld = RESPONDENTS
    files = _files(published)
    assert set(files) == set(Format.values)
    for fmt, data in files.items():
        text = " ".join(text_of(fmt, data).split())
        for leak in (anonymous.name, "Dana", "Whitfield", anonymous.email, anonymous.phone):
            assert leak not in text, (fmt, leak)
        assert "Northwind" not in text, fmt
        assert "zebra-striped" not in text and withheld.name not in text, fmt
        # The named respondent allowed it: their words and name are there.
        if fmt != "xlsx":
            assert "product fit our warehouse flows" in text, fmt
    deck = " ".join(text_of("pptx", files["pptx"]).split())
    assert "[name] here, from [company]" in deck


def test_a_published_version_never_changes_when_the_program_does(
    published, program_and_excerpts, people
):
    program, excerpts = program_and_excerpts
    before = {f.format: f.sha256 for f in published.files.all()}
    content_sum = published.checksum
    remove_excerpt(excerpts["named"], user=people[Role.ANALYST])
    report = services.begin_report(program)
    services.save_draft(
        report, user=people[Role.OWNER], expected_version=report.version, summary="New words"
    )
    again = ReportVersion.objects.get(pk=published.pk)
    assert again.checksum == content_sum and checksum_of(again.content) == content_sum
    assert again.intact
    for stored in again.files.all():
        assert hashlib.sha256(stored.read()).hexdigest() == before[stored.format]
    second = services.publish(services.begin_report(program), user=people[Role.OWNER])
    assert second.number == 2 and second.checksum != content_sum
    assert second.content["summary"] == "New words"


def test_published_rows_refuse_every_write(published):
    with pytest.raises(ReportError):
        published.save()
    with pytest.raises(ReportError):
        ReportVersion.objects.filter(pk=published.pk).update(checksum="x")
    with pytest.raises(ReportError):
        published.files.all().delete()


def test_publishing_with_an_open_unacknowledged_escalation_is_refused(program_and_excerpts, people):
    program, excerpts = program_and_excerpts
    Escalation.objects.create(
        workspace=program.workspace,
        program=program,
        interview=excerpts["anonymous"].interview,
        category="churn_risk",
        passage="We will not renew.",
        owner=people[Role.STAKEHOLDER],
        expected_response_by=timezone.localdate(),
    )
    with pytest.raises(ReportError, match="still open and unacknowledged"):
        services.publish(services.begin_report(program), user=people[Role.OWNER])
    assert not ReportVersion.objects.exists()


def test_only_publishers_publish(program_and_excerpts, people):
    program, _ = program_and_excerpts
    with pytest.raises(ReportError, match="program owner or a workspace admin"):
        services.publish(services.begin_report(program), user=people[Role.ANALYST])


def test_stakeholders_hear_of_a_publication(
    program_and_excerpts, people, smtp_server, django_capture_on_commit_callbacks
):
    program, _ = program_and_excerpts
    report = services.begin_report(program)
    services.save_draft(
        report,
        user=people[Role.OWNER],
        expected_version=report.version,
        recipients="board@acme.example",
    )
    with django_capture_on_commit_callbacks(execute=True):
        version = services.publish(report, user=people[Role.OWNER])
    to = sorted(m["To"] for m in smtp_server.messages)
    assert to == sorted(
        ["board@acme.example", people[Role.OWNER].email, people[Role.STAKEHOLDER].email]
    )
    body = smtp_server.messages[0].get_content()
    assert f"/report/v{version.number}/" in body and "100 validated interviews" in body


def test_the_report_command_writes_the_published_file_or_the_draft(
    published, program_and_excerpts, tmp_path, workspace
):
    program, _ = program_and_excerpts
    out = tmp_path / "report.pdf"
    call_command("report", program.name, workspace=workspace.slug, format="pdf", out=str(out))
    assert out.read_bytes() == published.files.get(format="pdf").read()
    draft = tmp_path / "draft.pptx"
    call_command(
        "report", str(program.pk), workspace=workspace.slug, format="pptx", out=str(draft),
        draft=True,
    )  # fmt: skip
    assert "Q1 wave" in text_of("pptx", draft.read_bytes())


def test_the_report_command_says_when_nothing_is_published(program_and_excerpts, workspace):
    program, _ = program_and_excerpts
    with pytest.raises(CommandError, match="has no published report"):
        call_command("report", program.name, workspace=workspace.slug, format="pdf", out="x")


def test_a_stakeholder_reads_the_version_with_its_charts_not_the_draft(
    published, people, client_for, workspace
):
    client = client_for(people[Role.STAKEHOLDER])
    base = f"/w/{workspace.slug}/programs/{published.report.program_id}/report/"
    page = client.get(f"{base}v1/").content.decode()
    assert 'src="drivers.svg"' in page and "the content matches it" in page
    chart = client.get(f"{base}v1/drivers.svg")
    assert chart["Content-Type"] == "image/svg+xml" and b"Top win and loss themes" in chart.content
    assert client.get(f"{base}v1/nonsense.svg").status_code == 404
    listing = client.get(base).content.decode()
    assert "Version 1" in listing and "Save the draft" not in listing
    assert client.get(f"{base}draft/drivers.svg").status_code == 403


# Committed rows, as in production: the test itself must not be inside a transaction.
@pytest.mark.django_db(transaction=True)
def test_the_files_are_rendered_before_the_write_transaction_begins(
    program_and_excerpts, people, monkeypatch
):
    import weasyprint
    from django.db import connection

    seen: list[bool] = []
    real = weasyprint.HTML.write_pdf

    def rendering(self, *args, **kwargs):
        seen.append(connection.in_atomic_block)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", rendering)
    program, _ = program_and_excerpts
    version = services.publish(services.begin_report(program), user=people[Role.OWNER])
    assert version.files.count() == len(Format.values)
    assert seen and not any(seen)
