"""The permission matrix's world: a workspace with a member in every role, an outsider, and one
of each object a route can point at. The route-walking modules ask for it hundreds of times, so
a module builds it once (``built_once``: each test's writes are still undone) and signs each
person in once; a test's client carries that person's session cookie.

Import the fixtures into a test module: ``from winloss.accounts.tests.world import (outsider,
people, shared_world, signed_in, workspace, world)``.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from winloss.accounts.models import User, Workspace
from winloss.accounts.roles import Role
from winloss.testing import (
    make_account,
    make_competitor,
    make_contact,
    make_deal,
    make_entry,
    make_guide,
    make_member,
    make_program,
    make_survey,
    make_workspace,
)
from winloss.testing.once import built_once

ADMIN, OWNER, STAKEHOLDER = Role.ADMIN, Role.OWNER, Role.STAKEHOLDER


@dataclass(frozen=True)
class World:
    workspace: Workspace
    people: dict[str, User]
    outsider: User
    values: dict[str, Any]
    sessions: dict[int, str]


def _build() -> World:
    workspace = make_workspace(slug="acme", name="Acme Corp")
    people = {
        role.value: make_member(workspace, role, email=f"{role.value}@acme.example")
        for role in Role
    }
    other = make_workspace(slug="globex", name="Globex")
    outsider = make_member(other, Role.ANALYST, email="outsider@globex.example")
    values = _objects(workspace, people)
    sessions = {}
    for user in [*people.values(), outsider]:
        client = Client()
        client.force_login(user)
        sessions[user.pk] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return World(workspace, people, outsider, values, sessions)


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker) -> Iterator[World]:
    with built_once(django_db_blocker, _build) as built:
        yield built


@pytest.fixture
def workspace(shared_world: World, db) -> Workspace:
    return shared_world.workspace


@pytest.fixture
def people(shared_world: World, db) -> dict[str, User]:
    return shared_world.people


@pytest.fixture
def outsider(shared_world: World, db) -> User:
    return shared_world.outsider


@pytest.fixture
def world(shared_world: World, db) -> dict[str, Any]:
    return shared_world.values


@pytest.fixture
def signed_in(shared_world: World, db) -> Callable[[User], Client]:
    """A client signed in as one of the world's people, with the session made at build time."""

    def client_for(user: User) -> Client:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = shared_world.sessions[user.pk]
        return client

    return client_for


def _objects(workspace: Workspace, people: dict[str, User]) -> dict[str, Any]:
    """One of each object a route can point at, all inside ``workspace``, by URL argument."""
    from winloss.accounts.models import ApiToken, Invitation, hash_secret
    from winloss.jobs.models import Job

    program = make_program(workspace, owner=people[OWNER])
    # An approved version for the interview, then a draft with a question to edit.
    approved_guide = make_guide(program, ["What mattered most?"], approved=True)
    question = make_guide(program).questions.get()
    # A draft buyer survey with a question and a factor to edit.
    survey = make_survey(program, factors=1)
    account = make_account(workspace)
    deal = make_deal(workspace, account=account)
    entry = make_entry(program, deal)
    extra = make_member(workspace, Role.ANALYST)  # removable without disturbing `people`
    invitation = Invitation.objects.create(
        workspace=workspace,
        email="new@acme.example",
        role=Role.ANALYST,
        token_hash=hash_secret("x"),
        expires_at=timezone.now() + timedelta(days=1),
    )
    token = ApiToken.objects.create(
        user=people[ADMIN], workspace=workspace, name="t", prefix="p", key_hash=hash_secret("y")
    )
    from winloss.interviews.models import Interview, Validation

    # The interview is of another deal, completed and signed off, so the pages about a
    # validated interview (its summary) open, while the debrief's deal is still unheard.
    interview = Interview.objects.create(
        workspace=workspace,
        program=program,
        entry=make_entry(program, make_deal(workspace, account=account)),
        guide_version=approved_guide,
        interviewer=people[Role.INTERVIEWER],
        status="completed",
        completed_at=timezone.now(),
    )
    Validation.objects.create(interview=interview, status="signed_off")
    transcript = interview.transcripts.create(format="webvtt", filename="call.vtt")
    transcript.turns.create(position=1, speaker="Ann", start=1.0, end=2.0, text="Hello")
    from winloss.escalations.models import Escalation

    escalation = Escalation.objects.create(
        workspace=workspace,
        program=program,
        interview=interview,
        category="churn_risk",
        passage="We are looking at other vendors for the renewal.",
        owner=people[STAKEHOLDER],
        expected_response_by=timezone.localdate(),
    )
    from winloss.actions.models import Action

    action = Action.objects.create(
        workspace=workspace,
        program=program,
        title="Publish an SSO guide",
        owner=people[STAKEHOLDER],
        due_date=timezone.localdate(),
        expected_change="enablement",
    )
    from winloss.reports.models import Report, ReportFile, ReportVersion
    from winloss.reports.services import keep_files

    report = Report.objects.create(workspace=workspace, program=program, title="Report")
    quote = report.quotes.create(excerpt=_world_excerpt(interview, transcript))
    memo = _world_memo(program, people[OWNER])
    cited = report.memos.create(memo=memo)
    version = ReportVersion.objects.create(report=report, number=1, content={}, checksum="")
    ((name, sha256),) = keep_files(program, 1, {"xlsx": b"x"}).values()
    ReportFile.objects.create(version=version, format="xlsx", file=name, sha256=sha256)
    return {
        "comment_id": _world_survey_answer(program, deal).pk,
        "number": version.number,
        "fmt": "xlsx",
        "chart": "drivers",
        "quote_id": quote.pk,
        "memo_id": memo.pk,
        "cited_id": cited.pk,
        "action_id": action.pk,
        "escalation_id": escalation.pk,
        "interview_id": interview.pk,
        "transcript_id": transcript.pk,
        "membership_id": extra.memberships.get().pk,
        "invitation_id": invitation.pk,
        "token_id": token.pk,
        "program_id": program.pk,
        "deal_id": deal.pk,
        "ws": workspace.slug,
        "account_id": account.pk,
        "contact_id": make_contact(workspace, account=account).pk,
        "competitor_id": make_competitor(workspace).pk,
        "job_id": Job.objects.create(workspace=workspace, label="Test job").pk,
        "entry_id": entry.pk,
        "window_id": 1,
        "dimension": "outcome",
        "cut": "region",
        "kind": "deal",
        "pk": deal.pk,
        "question_id": question.pk,
        "survey_question_id": survey.questions.get().pk,
        "factor_id": survey.factors.get().pk,
        "theme_id": _first_theme(workspace),
        "response_id": _world_survey_response(program, deal),
        "search_id": _world_search(workspace, people[ADMIN]),
        "subscription_id": _world_subscription(workspace, people[ADMIN]),
    }


def _world_survey_answer(program, deal):
    """A completed survey response's open answer."""
    from winloss.surveys.models import SurveyResponse

    response = SurveyResponse.objects.create(
        workspace=program.workspace, program=program, deal=deal, outcome=deal.outcome,
        source="imported", status="completed",
    )  # fmt: skip
    comment = response.comments.create(prompt="Why?", text="Their price was lower.")
    return comment


def _world_survey_response(program, deal) -> int:
    from winloss.surveys.models import SurveyResponse

    return SurveyResponse.objects.create(
        workspace=program.workspace,
        program=program,
        deal=deal,
        respondent_email="buyer@buyer.example",
        outcome=deal.outcome,
        source="sent",
    ).pk


def _world_excerpt(interview, transcript):
    from winloss.coding.models import CodedExcerpt
    from winloss.coding.queries import codebook_for

    return CodedExcerpt.objects.create(
        workspace=interview.workspace,
        program=interview.program,
        interview=interview,
        transcript_turn=transcript.turns.get(),
        start=0,
        end=5,
        text="Hello",
        theme=codebook_for(interview.workspace)[0],
        direction="neutral",
    )


def _world_memo(program, owner):
    """A shared memo about a theme, cited by the report."""
    from winloss.coding.models import Memo

    return Memo.objects.create(
        workspace=program.workspace,
        program=program,
        about="theme",
        theme_id=_first_theme(program.workspace),
        title="How we read pricing",
        text="Price came up *late* in most calls.",
        author=owner,
        shared=True,
    )


def _world_search(workspace, owner) -> int:
    from winloss.evidence.models import SavedSearch

    return SavedSearch.objects.create(
        workspace=workspace, owner=owner, name="Price", query="q=price"
    ).pk


def _world_subscription(workspace, member) -> int:
    from winloss.digests.models import Subscription

    return Subscription.objects.create(
        workspace=workspace, member=member, follows="segment", value="SMB", label="SMB"
    ).pk


def _first_theme(workspace) -> int:
    from winloss.coding.queries import codebook_for

    return codebook_for(workspace)[0].pk
