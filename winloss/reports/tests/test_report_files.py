"""Published report files live in the file storage, on disk or in an S3 bucket: written once,
never replaced, and checked against the checksum taken at publication every time they are
read, so a download is the published bytes or a clear refusal."""

import hashlib

import pytest
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from winloss.accounts.roles import Role
from winloss.lib.files import walk
from winloss.reports import services
from winloss.reports.models import Format, ReportError

from .world import report_program

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pdf_renders")]


@pytest.fixture
def published(stored_files, workspace, people):
    program, excerpts = report_program(workspace, people)
    report = services.begin_report(program)
    services.add_quote(report, excerpts["named"], user=people[Role.ANALYST])
    return services.publish(report, user=people[Role.OWNER])


def _url(version, fmt: str = "pdf") -> str:
    program = version.report.program
    return f"/w/{program.workspace.slug}/programs/{program.pk}/report/v{version.number}.{fmt}"


def _replace(storage, name: str, data: bytes) -> None:
    """Other bytes under a stored file's name, as a careless hand or a bad disk would leave."""
    storage.delete(name)
    assert storage.save(name, ContentFile(data)) == name


def test_each_format_is_stored_once_and_downloads_as_published(
    published, stored_files, people, client_for
):
    program = published.report.program
    names = list(walk(storage=stored_files.storage))
    assert len(names) == len(Format.values)
    assert all(n.startswith(f"reports/{program.workspace_id}/{program.pk}/v1-") for n in names)
    client = client_for(people[Role.STAKEHOLDER])
    for stored in published.files.all():
        download = client.get(_url(published, stored.format))
        assert download.status_code == 200, stored.format
        assert hashlib.sha256(download.content).hexdigest() == stored.sha256
        assert download["Content-Disposition"].endswith(f'-v1.{stored.format}"')


def test_a_file_changed_in_the_storage_is_refused_not_served(
    published, stored_files, people, client_for, tmp_path
):
    stored = published.files.get(format="pdf")
    _replace(stored_files.storage, stored.file.name, b"%PDF-1.7 something else")
    client = client_for(people[Role.STAKEHOLDER])

    download = client.get(_url(published))

    assert download.status_code == 302 and download.url.endswith("/report/v1/")
    [message] = get_messages(download.wsgi_request)
    assert str(message) == (
        "The PDF file of version 1 no longer matches the checksum taken at publication, so it "
        "is not served; restore it from a backup."
    )
    with pytest.raises(CommandError, match="no longer matches the checksum"):
        call_command(
            "report", str(published.report.program_id), workspace=published.report.workspace.slug,
            format="pdf", out=str(tmp_path / "report.pdf"),
        )  # fmt: skip
    assert not (tmp_path / "report.pdf").exists()


def test_a_file_missing_from_the_storage_is_said_so(published, stored_files):
    stored = published.files.get(format="docx")
    stored_files.storage.delete(stored.file.name)
    with pytest.raises(ReportError, match="The DOCX file of version 1 is missing"):
        stored.read()


def test_a_stored_file_is_never_replaced_by_another_written_under_its_name(stored_files, workspace):
    from winloss.testing import make_program

    program = make_program(workspace)
    first = services.keep_files(program, 1, {"pdf": b"first"})
    again = services.keep_files(program, 1, {"pdf": b"first"})

    assert first["pdf"][0] != again["pdf"][0]
    assert first["pdf"][1] == again["pdf"][1] == hashlib.sha256(b"first").hexdigest()
    with stored_files.storage.open(first["pdf"][0], "rb") as handle:
        assert handle.read() == b"first"
