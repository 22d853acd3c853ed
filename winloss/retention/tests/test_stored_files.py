"""The purge and a respondent's deletion request reach the stored CRM files wherever the
installation keeps them: on disk or in an S3 bucket."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from winloss.accounts.roles import Role
from winloss.deals.imports.stored import imports_folder, store_upload
from winloss.lib.files import walk
from winloss.retention.forget import forget_respondent, reach_of
from winloss.retention.stores import UPLOADS_KEPT_DAYS, delete_old_uploads
from winloss.testing import make_program, make_workspace

from .markers import found, plant


def _upload(workspace, text: str) -> str:
    return store_upload(workspace=workspace, upload=SimpleUploadedFile("crm.csv", text.encode()))


def test_uploads_go_once_they_are_older_than_the_days_kept(stored_files, workspace):
    other = make_workspace(slug="globex")
    ours = [_upload(workspace, "Id,Stage\n1,Won\n"), _upload(workspace, "Id\n2\n")]
    theirs = _upload(other, "Id,Stage\n3,Lost\n")
    now = timezone.now()

    assert delete_old_uploads(workspace, now=now + dt.timedelta(days=UPLOADS_KEPT_DAYS - 1)) == 0
    assert sorted(walk(imports_folder(workspace))) == sorted(ours)

    assert delete_old_uploads(workspace, now=now + dt.timedelta(days=UPLOADS_KEPT_DAYS + 1)) == 2
    assert list(walk(imports_folder(workspace))) == []
    assert list(walk(imports_folder(other))) == [theirs]


def test_forgetting_a_respondent_deletes_the_uploads_that_name_them(
    stored_files, workspace, people
):
    program = make_program(workspace)
    planted = plant(program, days_ago=1)
    unrelated = _upload(workspace, "Id,Stage\n1,Won\n")
    assert found(planted["upload"])
    interview = program.interviews.exclude(entry__contact=None).get()

    forget_respondent(reach_of(interview.entry), user=people[Role.OWNER])

    assert found(planted["upload"]) == set()
    assert list(walk(imports_folder(workspace))) == [unrelated]
