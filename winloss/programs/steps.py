"""The SOP's steps as the interface shows them: navigation, overview cards, empty states.

Each stage app registers the card for its own step (``@card("guide")``) from its AppConfig,
so the program overview can show every step without this lower stage importing the higher.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from winloss.accounts.access import get_workspace_object
from winloss.accounts.roles import CAPABILITIES, Cap

from .models import Program


@dataclass(frozen=True)
class Step:
    number: int
    key: str
    nav: str
    title: str
    url_name: str
    who: str
    empty: str
    # What opening the step's page takes: the steps before publication are the program team's.
    cap: Cap = Cap.VIEW_EVIDENCE


STEPS: tuple[Step, ...] = (
    Step(
        1,
        "scope",
        "Scope",
        "Define the interview objective and scope",
        "programs:scope",
        "Program owner",
        "Record the purpose, the deal types, the segment, the time window and the research "
        "questions before any outreach begins.",
        Cap.VIEW,
    ),
    Step(
        2,
        "sample",
        "Sample",
        "Select the interview sample",
        "programs:sample",
        "Analyst",
        "Select a representative sample of recent closed deals — a mix of wins and losses, "
        "several sizes and segments — and record why each account was picked.",
    ),
    Step(
        3,
        "guide",
        "Guide",
        "Prepare the interview guide and consent language",
        "guides:guide",
        "Program owner",
        "Prepare a neutral guide of open-ended questions, separate win and loss questions, and "
        "a consent statement saying how answers are used and stored.",
    ),
    # Beside the guide: the buyer survey reaches closed deals the interviews do not.
    Step(
        3,
        "survey",
        "Survey",
        "Prepare the buyer survey",
        "surveys:survey",
        "Program owner",
        "Prepare a short, neutral buyer survey for the closed deals the interviews do not "
        "reach: decision factors to score, the main reason, openness to considering us again "
        "and a few open questions.",
    ),
    Step(
        4,
        "schedule",
        "Schedule",
        "Schedule the interview and confirm participation",
        "outreach:schedule",
        "Coordinator",
        "Contact each selected respondent, confirm date, duration, format and recording "
        "permission; record refusals and pick the next eligible account.",
    ),
    Step(
        5,
        "interviews",
        "Interviews",
        "Conduct the interview using the approved guide",
        "interviews:list",
        "Interviewer",
        "Open the session, confirm consent, ask one question at a time and capture direct "
        "quotes, observed facts and your interpretation separately.",
    ),
    Step(
        6,
        "validate",
        "Validate",
        "Validate interview notes for completeness",
        "interviews:validate",
        "Reviewer",
        "Check each record for account and outcome, date and respondent role, decision "
        "criteria, competitor mentions, pricing objections and a summary of the main reasons.",
    ),
    Step(
        7,
        "code",
        "Code",
        "Code themes and classify findings",
        "coding:code",
        "Analyst",
        "Assign each validated interview to the standard themes, as win or loss drivers, with "
        "the same definitions for wins and losses.",
    ),
    Step(
        8,
        "analyse",
        "Analyse",
        "Analyze patterns and identify root causes",
        "analysis:analyse",
        "Analyst",
        "Look for repeated win and loss drivers, deviations by segment and region, and the gap "
        "between what reps assumed and what buyers said.",
    ),
    Step(
        9,
        "escalate",
        "Escalate",
        "Escalate urgent issues and non-conformances",
        "escalations:list",
        "Analyst",
        "Route misrepresentation, contract, privacy, churn-risk, pricing-bottleneck and safety "
        "concerns to an owner with a date and an expected response.",
    ),
    Step(
        10,
        "report",
        "Report",
        "Publish the win-loss report",
        "reports:report",
        "Program owner",
        "Publish scope and sample size, methodology and limitations, top win and loss "
        "themes, representative quotes and recommended actions with owners and due dates.",
        Cap.VIEW,
    ),
    Step(
        10,
        "actions",
        "Actions",
        "Track follow-up actions to closure",
        "actions:list",
        "Stakeholders",
        "Close the loop: each action has an owner, a due date and the expected change to "
        "messaging, process, pricing or product.",
        Cap.VIEW,
    ),
)

STEP_BY_KEY = {step.key: step for step in STEPS}


def steps_for(role: str | None) -> tuple[Step, ...]:
    """The steps whose pages ``role`` may open: a stakeholder is never shown a tab or a card
    that leads to "not allowed"."""
    caps = CAPABILITIES.get(role or "", frozenset())
    return tuple(step for step in STEPS if step.cap in caps)


@dataclass(frozen=True)
class Card:
    state: str  # "done", "in_progress", "todo"
    summary: str
    next_step: str = ""
    # Where the next step is done, for those whose role holds `next_cap`: a link, not a hint.
    next_link: str = ""
    next_cap: str = ""

    @property
    def state_label(self) -> str:
        return {"done": "Done", "in_progress": "In progress", "todo": "Not started"}[self.state]


CardFunction = Callable[[Program], Card]
_cards: dict[str, CardFunction] = {}


def card(key: str) -> Callable[[CardFunction], CardFunction]:
    def register(func: CardFunction) -> CardFunction:
        _cards[key] = func
        return func

    return register


def cards_for(program: Program, steps: tuple[Step, ...] = STEPS) -> list[tuple[Step, Card]]:
    result = []
    for step in steps:
        func = _cards.get(step.key)
        result.append((step, func(program) if func else Card("todo", "", step.empty)))
    return result


def render_step(
    request: HttpRequest,
    program: Program | int,
    key: str,
    template: str = "programs/step.html",
    context: dict | None = None,
) -> HttpResponse:
    """A step's page inside a program: header, SOP wording, and the step's own content.
    ``program`` is the program the view already fetched inside the request's workspace, or
    its id from the URL, fetched here."""
    shown = (
        program if isinstance(program, Program) else get_workspace_object(request, Program, program)
    )
    step = STEP_BY_KEY[key]
    ctx = {"program": shown, "step": step, **(context or {})}
    if "card" not in ctx:  # a page that has computed its card's figures passes the card
        ctx["card"] = cards_for_one(shown, step)
    return render(request, template, ctx)


def cards_for_one(program: Program, step: Step) -> Card:
    func = _cards.get(step.key)
    return func(program) if func else Card("todo", "", step.empty)
