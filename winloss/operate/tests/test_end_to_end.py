"""The whole installation, as production runs it: the app under gunicorn with two workers,
two ``winloss worker`` processes, the suite's database engine (a fresh PostgreSQL database
when ``DATABASE_URL`` names one, else a SQLite file), a local S3-compatible server for the
files and a local SMTP server for the email. A program is driven over plain HTTP from the
CRM import to a published report (import, program, sample, respondent, guide, interviewer,
booking with consent and its email, the interview held and completed, signed off by the
reviewer, coded by the analyst, the report published); then ``winloss backup`` is
restored into a fresh database and an empty bucket, and every table and stored file must be
there, identical. About 45 s.

Only the people are made with ``winloss shell`` (adding a member with a password is an
interactive command); everything else is done through the pages.
"""

import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

from winloss.testing.servers import Browser, free_port, fresh_database
from winloss.testing.storage import KEY_ID, REGION, SECRET

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("end-to-end")]

ROOT = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
PASSWORD = "correct horse battery staple"
PEOPLE = {
    "owner": ("olivia@acme.example", "OWNER"),
    "interviewer": ("ivan@acme.example", "INTERVIEWER"),
    "reviewer": ("rita@acme.example", "REVIEWER"),
    "analyst": ("ana@acme.example", "ANALYST"),
}
MIGRATE = """
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
"""
SETUP = f"""
from winloss.accounts.roles import Role
from winloss.testing import make_member, make_workspace

workspace = make_workspace(slug="acme", name="Acme")
for email, role in {list(PEOPLE.values())!r}:
    user = make_member(workspace, getattr(Role, role), email=email, name=email[:3].title())
    user.set_password({PASSWORD!r})
    user.save()
"""

# Every table's rows, hashed in primary-key order, and counted: run in both installations.
CHECKSUMS = """
import hashlib, json
from django.db import connection
sums = {}
with connection.cursor() as cursor:
    for table in sorted(connection.introspection.table_names(cursor)):
        pk = connection.introspection.get_primary_key_column(cursor, table)
        columns = [c.name for c in connection.introspection.get_table_description(cursor, table)]
        order = ", ".join(connection.ops.quote_name(c) for c in ([pk] if pk else columns))
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY {order}")
        rows = cursor.fetchall()
        sums[table] = [len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()]
print(json.dumps(sums))
"""


def _deals_csv() -> bytes:
    """A small Salesforce export: closed deals won and lost across two regions."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Opportunity ID", "Opportunity Name", "Account Name", "Stage", "Amount",
                     "Close Date", "Region", "Owner Email"])  # fmt: skip
    for n in range(40):
        writer.writerow([f"006E2E{n:09d}", f"Deal {n}", f"Account {n}",
                         "Closed Lost" if n % 2 else "Closed Won", f"{1000 + n * 250}.00",
                         f"2026-{n % 9 + 1:02d}-{n % 27 + 1:02d}", "EMEA" if n % 3 else "NA",
                         "seller@acme.example"])  # fmt: skip
    return out.getvalue().encode()


class Installation:
    """One installation's environment (database, bucket, data folder) and its commands."""

    def __init__(self, env: dict[str, str], bucket: str) -> None:
        self.env, self.bucket = env, bucket

    def winloss(self, *args: str, timeout: int = 300) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "winloss", *args],
            env=self.env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
        assert done.returncode == 0, f"winloss {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def checksums(self) -> dict[str, list]:
        return json.loads(self.winloss("shell", "-c", CHECKSUMS).splitlines()[-1])

    def objects(self, s3) -> dict[str, str]:
        found = {}
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=self.bucket):
            for item in page.get("Contents", []):
                body = s3.get_object(Bucket=self.bucket, Key=item["Key"])["Body"].read()
                found[item["Key"]] = hashlib.sha256(body).hexdigest()
        return found


@pytest.fixture
def s3(s3_server):
    import boto3

    return boto3.client(
        "s3", endpoint_url=s3_server, aws_access_key_id=KEY_ID,
        aws_secret_access_key=SECRET, region_name=REGION,
    )  # fmt: skip


def _installation(s3, s3_server, folder: Path, database: dict[str, str], site: str) -> Installation:
    bucket = f"winloss-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=bucket)
    folder.mkdir()
    drop = {"DEBUG", "SECRET_KEY", "TASK_BACKEND", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(database)
    env.update(
        DEBUG="0",
        SECRET_KEY="end-to-end-test-only-" + "k" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=site,
        HTTPS_ONLY="0",
        TASK_BACKEND="database",
        S3_BUCKET=bucket,
        S3_ENDPOINT_URL=s3_server,
        S3_ACCESS_KEY_ID=KEY_ID,
        S3_SECRET_ACCESS_KEY=SECRET,
        S3_REGION=REGION,
        EMAIL_URL=f"smtp://127.0.0.1:{settings.EMAIL_PORT}",
        LOG_LEVEL="WARNING",
        SCHEDULE_TICK_SECONDS="2",
        PYTHONPATH=str(ROOT),
    )
    return Installation(env, bucket)


@pytest.fixture
def running(request, s3, s3_server, smtp_server, tmp_path) -> Iterator[tuple[Installation, str]]:
    """The first installation, migrated, with its people, served and worked: its
    ``Installation`` and the app's address."""
    port = free_port()
    site = f"http://127.0.0.1:{port}"
    with fresh_database(tmp_path / "data") as database:
        first = _installation(s3, s3_server, tmp_path / "data", database, site)
        if "DATABASE_URL" not in database:
            # On SQLite, the suite's test database as migrated, written out: migrating from
            # nothing again takes tens of seconds (the PostgreSQL pass does it), and the
            # installation's own migrate below finds nothing left to do.
            migrated = request.getfixturevalue("migrated_database")
            shutil.copy(migrated, tmp_path / "data" / migrated.name)
        # ``winloss migrate`` and the people in one process: starting one takes seconds.
        first.winloss("shell", "-c", MIGRATE + SETUP)
        logs = (tmp_path / "processes.log").open("w")
        commands = [
            [
                str(BIN / "gunicorn"),
                "winloss.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            [sys.executable, "-m", "winloss", "worker"],
            [sys.executable, "-m", "winloss", "worker"],
        ]
        processes = [
            subprocess.Popen(c, env=first.env, cwd=ROOT, stdout=logs, stderr=subprocess.STDOUT)
            for c in commands
        ]

        def stop() -> None:
            for process in processes:
                process.terminate()
            for process in processes:
                try:
                    process.wait(20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(5)

        try:
            browser = Browser(site)
            for _ in range(150):
                try:
                    if browser.send("/readyz")[0] == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.2)
            else:
                pytest.fail("no answer on /readyz: " + (tmp_path / "processes.log").read_text())
            yield first, site, stop
        finally:
            stop()
            logs.close()
        # gunicorn's own workers are its children: none may outlive it.
        pids = ",".join(str(p.pid) for p in processes)
        left = subprocess.run(
            ["ps", "-o", "pid=,args=", "--ppid", pids, "--pid", pids],
            capture_output=True, text=True, check=False,
        ).stdout  # fmt: skip
        assert not left.strip(), f"processes left running: {left}"


def _errors(page: str) -> str:
    """What a page says went wrong: its messages and form errors, for a failing assertion."""
    said = re.findall(
        r"(?s)<(?:li|p|small|div)[^>]*(?:error|message|alert|invalid)[^>]*>(.*?)</", page
    )
    return " | ".join(re.sub(r"\s+", " ", s).strip() for s in said) or page[-3000:]


def _question_on(browser: Browser, screen: str, words: str) -> str:
    """The id of the guide's question whose text holds ``words``, from the interview screen."""
    for number in range(1, 40):
        page = browser.send(f"{screen}?q={number}")[1]
        if words in page:
            found = re.search(r'name="question" value="(\d+)"', page)
            assert found, f"no note form under the question with “{words}”"
            return found[1]
    raise AssertionError(f"no question with “{words}” in the guide")


def _wait_for_job(browser: Browser, path: str) -> str:
    for _ in range(300):
        status, page = browser.send(path)
        assert status == 200, f"{path} answered {status}"
        if not re.search(r"(?i)\b(waiting|running|queued)\b", page):
            return page
        time.sleep(0.5)
    pytest.fail(f"the job at {path} never finished: {page[:2000]}")


def test_a_program_end_to_end_over_http_then_backed_up_and_restored_whole(
    running, s3, s3_server, smtp_server, tmp_path
):
    installation, site, stop = running
    owner = Browser(site)
    assert owner.log_in(PEOPLE["owner"][0], PASSWORD) == 302

    # Import the CRM export: the upload page, the column map, then a job the workers run.
    status, _ = owner.submit(
        "/w/acme/deals/import/", "/deals/import/", files={"file": ("deals.csv", _deals_csv())}
    )
    assert status == 302, _
    status, page = owner.submit(
        owner.location.removeprefix(site), "/deals/import/map/", {"action": "import"}
    )
    assert status == 302, page
    page = _wait_for_job(owner, owner.location.removeprefix(site))
    assert "Imported 40 rows of deals: 40 new" in page

    # A program over the imported deals, and its sample.
    status, page = owner.submit(
        "/w/acme/programs/new/",
        "/programs/new/",
        {
            "name": "H1 2026",
            "objective": "Learn why we lose to incumbents in EMEA.",
            "deal_types": ["won", "lost"],
            "window_start": "2026-01-01",
            "window_end": "2026-09-30",
        },
    )
    assert status == 302, _errors(page)
    program = "/w/acme/programs/" + re.search(r"/programs/(\d+)/", owner.location)[1]
    status, page = owner.submit(f"{program}/sample/", "/sample/draw/", {"size": "6"})
    assert status == 302, _errors(page)
    page = owner.send(f"{program}/sample/")[1]
    assert "Sample drawn: 6 deals" in page, _errors(page)

    # The first deal's buyer, added as its respondent, and the interviewer assigned.
    deal = re.search(r"/w/acme/deals/(\d+)/contacts/new/", page)[1]
    entry = re.search(r'id="entry-(\d+)"', page)[1]
    status, page = owner.submit(
        f"/w/acme/deals/{deal}/contacts/new/",
        f"/deals/{deal}/contacts/new/",
        {"name": "Bea Buyer", "email": "bea@buyer.example", "title": "Head of Operations"},
    )
    assert status == 302, _errors(page)
    page = owner.send(f"{program}/sample/")[1]
    assert "Bea Buyer" in page

    # The interview guide, started from the question bank and approved.
    status, page = owner.submit(f"{program}/guide/", "/guide/start/")
    assert status == 302, _errors(page)
    status, page = owner.submit(f"{program}/guide/", "/guide/approve/")
    assert status == 302, _errors(page)
    assert "Approved — in use" in owner.send(f"{program}/guide/")[1]

    # The interviewer is assigned; the interview is booked by hand with the buyer's consent
    # (the confirmation email goes out through a worker).
    page = owner.send(f"{program}/sample/")[1]
    ivan = re.search(r'<option value="(\d+)"[^>]*>Iva', page)[1]
    status, page = owner.submit(
        f"{program}/sample/", f"/sample/{entry}/interviewer/", {"interviewer": ivan}
    )
    assert status == 302, _errors(page)
    status, page = owner.submit(
        f"{program}/schedule/{entry}/",
        f"/schedule/{entry}/book/",
        {
            "starts_at": "2026-10-05T10:00",
            "format": "video",
            "notes_allowed": "on",
            "attribution": "anonymous",
        },
    )
    assert status == 302, _errors(page)
    page = owner.send(owner.location.removeprefix(site))[1]
    assert "Interview scheduled" in page, _errors(page)

    # The interviewer holds it: starts it, writes a note, completes it.
    interviewer = Browser(site)
    assert interviewer.log_in(PEOPLE["interviewer"][0], PASSWORD) == 302
    status, page = interviewer.submit(f"{program}/interviews/", f"/interviews/start/{entry}/")
    assert status == 302, _errors(page)
    screen = interviewer.location.removeprefix(site)
    words = "We chose the incumbent because their onboarding took two weeks, not two months."
    status, page = interviewer.post(
        f"{screen}notes/",
        {"kind": "quote", "question": "1", "q": "1", "version": "0", "text": words},
    )
    assert status == 302, _errors(page)
    assert words in interviewer.send(screen)[1]

    # The buyer's answer under the decision-criteria question, the summary, their role and
    # what did not come up, on the closing page; then the interview is completed.
    criteria = _question_on(interviewer, screen, "criteria mattered most")
    said = "What mattered most was a fixed price and onboarding in weeks, not months."
    status, page = interviewer.post(
        f"{screen}notes/",
        {"kind": "quote", "question": criteria, "q": "1", "version": "0", "text": said},
    )
    assert status == 302, _errors(page)
    closing = f"{screen}?q=999"
    status, page = interviewer.post(
        f"{screen}notes/",
        {"kind": "interpretation", "question": "", "q": "999", "version": "0",
         "text": "Lost on onboarding speed more than on price."},
    )  # fmt: skip
    assert status == 302, _errors(page)
    status, page = interviewer.submit(closing, "/role/", {"role": "evaluator"})
    assert status == 302, _errors(page)
    status, page = interviewer.submit(closing, "/absent/", {"competitors": "on", "pricing": "on"})
    assert status == 302, _errors(page)
    status, page = interviewer.submit(closing, "/complete/")
    assert status == 302, _errors(page)
    interview = re.search(r"/interviews/(\d+)/", screen)[1]

    # The reviewer signs it off (SOP step 6); the analyst codes the buyer's answer (step 7).
    reviewer = Browser(site)
    assert reviewer.log_in(PEOPLE["reviewer"][0], PASSWORD) == 302
    status, page = reviewer.submit(f"{program}/validate/{interview}/", "/sign-off/")
    assert status == 302, _errors(page)
    assert "Validated" in reviewer.send(f"{program}/validate/")[1]
    analyst = Browser(site)
    assert analyst.log_in(PEOPLE["analyst"][0], PASSWORD) == 302
    coding = f"{program}/code/{interview}/"
    page = analyst.send(coding)[1]
    passage = re.search(r'name="passage" value="(note-\d+)"', page)[1]
    theme = re.search(
        r'name="theme" value="(\d+)"[^>]*>[^<]*(?:<kbd>\d</kbd>)?\s*Implementation risk', page
    )
    assert theme, "no theme to code with on the coding screen"
    status, page = analyst.submit(
        coding, "/save/", {"passage": passage, "theme": theme[1], "direction": "loss_driver"}
    )
    assert status == 302, _errors(page)
    assert "Implementation risk" in analyst.send(coding)[1]

    # The owner publishes the report (SOP step 10): its files go to the bucket.
    status, page = owner.submit(
        f"{program}/report/", "/report/publish/", {"acknowledge_below_minimum": "on"}
    )
    assert status == 302 and "/report/v1/" in owner.location, _errors(page)
    assert "Version 1" in owner.send(owner.location.removeprefix(site))[1]

    # The booking's confirmation was sent by a task worker, through the SMTP server.
    for _ in range(120):
        if any("bea@buyer.example" in m["X-Envelope-To"] for m in smtp_server.messages):
            break
        time.sleep(0.5)
    else:
        pytest.fail(f"no confirmation email reached the buyer: {smtp_server.messages}")

    # Everything stops, as for a consistent backup; then it is restored into a new database
    # and an empty bucket, and compared table by table and file by file.
    stop()
    archive = tmp_path / "backup.zip"
    installation.winloss("backup", str(archive))
    with fresh_database(tmp_path / "restored") as database:
        restored = _installation(s3, s3_server, tmp_path / "restored", database, site)
        restored.winloss("restore", str(archive))
        before, after = installation.checksums(), restored.checksums()
    files_before, files_after = installation.objects(s3), restored.objects(s3)

    assert before["deals_deal"][0] == 40 and before["deals_contact"][0] == 1
    assert before["coding_codedexcerpt"][0] == 1 and before["reports_reportfile"][0] == 4
    missing = sorted(set(before) - set(after))
    assert not missing, f"tables missing after the restore: {missing}"
    differ = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
    assert not differ, f"tables whose rows differ after the restore (count, sha256): {differ}"
    assert files_before, "no stored file in the bucket: the upload should be there"
    assert sum(key.startswith("reports/") for key in files_before) == 4, sorted(files_before)
    lost = sorted(set(files_before) - set(files_after))
    assert not lost, f"stored files missing after the restore: {lost}"
    changed = [k for k in files_before if files_before[k] != files_after[k]]
    assert not changed, f"stored files whose bytes differ after the restore: {changed}"
    assert set(files_after) == set(files_before)
