"""Plain builders for tests: ``make_deal(**overrides)`` and friends. Real rows, no mocks."""

import datetime as dt
import itertools
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from winloss.accounts.models import Membership, User, Workspace
from winloss.accounts.roles import Role
from winloss.accounts.signals import workspace_created
from winloss.deals.models import Account, Competitor, Contact, Deal, Outcome
from winloss.guides.models import GuideStatus, GuideVersion, Question, Section
from winloss.programs.models import Program, SampleDraw, SampleEntry

if TYPE_CHECKING:
    from winloss.surveys.models import Survey

_seq = itertools.count(1)
PASSWORD = "correct horse battery staple"


def make_workspace(**overrides: Any) -> Workspace:
    n = next(_seq)
    fields = {"slug": f"ws-{n}", "name": f"Workspace {n}", **overrides}
    workspace = Workspace.objects.create(**fields)
    workspace_created.send(sender=Workspace, workspace=workspace)  # as the service does
    return workspace


def make_user(**overrides: Any) -> User:
    n = next(_seq)
    email = overrides.pop("email", f"person{n}@example.com")
    password = overrides.pop("password", PASSWORD)
    return User.objects.create_user(email, password, **{"name": f"Person {n}", **overrides})


def make_member(workspace: Workspace, role: str = Role.ANALYST, **user_fields: Any) -> User:
    user = make_user(**user_fields)
    Membership.objects.create(user=user, workspace=workspace, role=role)
    return user


def make_account(workspace: Workspace, **overrides: Any) -> Account:
    n = next(_seq)
    return Account.objects.create(workspace=workspace, **{"name": f"Account {n}", **overrides})


def make_contact(workspace: Workspace, **overrides: Any) -> Contact:
    n = next(_seq)
    return Contact.objects.create(workspace=workspace, **{"name": f"Contact {n}", **overrides})


def make_competitor(workspace: Workspace, **overrides: Any) -> Competitor:
    n = next(_seq)
    return Competitor.objects.create(
        workspace=workspace, **{"name": f"Competitor {n}", **overrides}
    )


def make_deal(workspace: Workspace, **overrides: Any) -> Deal:
    n = next(_seq)
    fields: dict[str, Any] = {
        "crm_id": f"CRM-{n}",
        "name": f"Deal {n}",
        "outcome": Outcome.WON,
        "amount": Decimal("10000"),
        "created_date": dt.date(2025, 1, 1),
        "close_date": dt.date(2025, 3, 1),
        "owner_name": "Rita Rep",
        "region": "East",
        "product_line": "GTX",
        **overrides,
    }
    return Deal.objects.create(workspace=workspace, **fields)


def make_program(workspace: Workspace, **overrides: Any) -> Program:
    n = next(_seq)
    fields: dict[str, Any] = {
        "name": f"Program {n}",
        "objective": "Learn why enterprise deals are won and lost.",
        "deal_types": [Outcome.WON, Outcome.LOST],
        "window_start": dt.date(2025, 1, 1),
        "window_end": dt.date(2025, 3, 31),
        "target_sample_size": 20,
        **overrides,
    }
    return Program.objects.create(workspace=workspace, **fields)


def make_sample(program: Program, *, deals: int = 6, size: int = 3, seed: int = 1):
    """``program``'s drawn sample of ``size`` from ``deals`` new closed deals, each with its own
    account and a respondent who has an email address."""
    from winloss.programs.sampling.services import DrawSettings, draw_sample

    workspace = program.workspace
    for _ in range(deals):
        account = make_account(workspace)
        deal = make_deal(workspace, account=account)
        email = f"buyer{next(_seq)}@buyer.example"
        deal.contacts.add(make_contact(workspace, account=account, email=email))
    return draw_sample(program, settings=DrawSettings(size=size, seed=seed, min_per_cell=0))


def make_guide(
    program: Program, questions: Any = None, *, approved: bool = False, **overrides: Any
) -> GuideVersion:
    """A guide version of ``program`` with ``questions``: (section, text) pairs or texts for the
    common section; approved on request (set directly: the approval rules are tested apart)."""
    number = overrides.pop("number", program.guide_versions.count() + 1)
    version = GuideVersion.objects.create(program=program, number=number, **overrides)
    default = ["What criteria mattered most when you compared the options?"]
    for position, item in enumerate(default if questions is None else questions, start=1):
        section, text = item if isinstance(item, tuple) else (Section.COMMON, item)
        Question.objects.create(
            guide_version=version, section=section, position=position, text=text
        )
    if approved:
        version.status, version.approved_at = GuideStatus.APPROVED, timezone.now()
        version.save()
    return version


def make_survey(
    program: Program, questions: Any = None, *, factors: int = 3, approved: bool = False
) -> "Survey":
    """A buyer survey version of ``program``: ``questions`` are (kind, text) pairs or texts of
    open questions; its factors the first ``factors`` active top-level themes of the codebook.
    Approved on request (set directly: the approval rules are tested apart)."""
    from winloss.surveys.builder.queries import factor_themes
    from winloss.surveys.models import Survey, SurveyFactor, SurveyQuestion, SurveyStatus

    survey = Survey.objects.create(program=program, number=program.surveys.count() + 1)
    default = ["What else should we know about how your team made this decision?"]
    for position, item in enumerate(default if questions is None else questions, start=1):
        kind, text = item if isinstance(item, tuple) else ("open", item)
        SurveyQuestion.objects.create(survey=survey, kind=kind, position=position, text=text)
    for position, theme in enumerate(factor_themes(program.workspace_id)[:factors], start=1):
        SurveyFactor.objects.create(survey=survey, theme=theme, position=position)
    if approved:
        survey.status, survey.approved_at = SurveyStatus.APPROVED, timezone.now()
        survey.save()
    return survey


def make_entry(program: Program, deal: Deal, **overrides: Any) -> SampleEntry:
    """The deal drawn into the program's standing sample (made, of one, if it has none)."""
    draw = SampleDraw.objects.filter(program=program, discarded_at=None).first()
    if draw is None:
        draw = SampleDraw.objects.create(
            workspace=program.workspace, program=program, size=1, allocation="proportional", seed=1
        )
    fields = {"outcome": deal.outcome, "source": "drawn", "reason": "test", **overrides}
    return SampleEntry.objects.create(
        workspace=program.workspace, program=program, draw=draw, deal=deal, **fields
    )


def make_interview(
    program: Program,
    notes: Any = (),
    *,
    validated: bool = True,
    outcome: str = Outcome.LOST,
    **overrides: Any,
):
    """A completed interview of ``program`` with ``notes`` (texts, or (kind, text) pairs), one
    per guide question, signed off by a reviewer unless ``validated=False``. Rows are made
    directly: the interview and review rules are tested in their own stage."""
    from winloss.interviews.models import Interview, InterviewStatus, Note, Validation

    workspace = program.workspace
    texts = list(notes)
    guide = program.guide_versions.filter(status=GuideStatus.APPROVED).first() or make_guide(
        program, [f"Question {i}" for i in range(1, max(len(texts), 1) + 1)], approved=True
    )
    deal = make_deal(workspace, account=make_account(workspace), outcome=outcome)
    entry = make_entry(program, deal)
    interview = Interview.objects.create(
        workspace=workspace,
        program=program,
        entry=entry,
        guide_version=guide,
        status=InterviewStatus.COMPLETED,
        completed_at=timezone.now(),
        **overrides,
    )
    questions = list(guide.questions.order_by("position"))
    for index, item in enumerate(texts):
        kind, text = item if isinstance(item, tuple) else ("quote", item)
        question = questions[index] if index < len(questions) else None
        Note.objects.create(interview=interview, question=question, kind=kind, text=text)
    Validation.objects.create(interview=interview, status="signed_off" if validated else "pending")
    return interview


def publish_codebook_draft(workspace: Workspace, user: User | None = None):
    """Publish the workspace's codebook draft as a coder would, on the draft's own version:
    what a test does after a codebook change it wants coders to code under."""
    from winloss.coding.codebook.publishing import publish_codebook
    from winloss.coding.codebook.queries import draft_of

    draft = draft_of(workspace)
    assert draft is not None, "there is no codebook draft to publish"
    return publish_codebook(
        workspace=workspace,
        user=user,
        expected_version=draft.version,
    )
