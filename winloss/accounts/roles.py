"""Who may do what in a workspace.

Django's own permissions are global; here a person's powers depend on their role in *this*
workspace, so one small table maps each role to its capabilities. Views name the capability
they need (see ``access.py``); nothing else decides.
"""

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Workspace admin"
    OWNER = "owner", "Program owner"
    ANALYST = "analyst", "Analyst"
    COORDINATOR = "coordinator", "Coordinator"
    INTERVIEWER = "interviewer", "Interviewer"
    REVIEWER = "reviewer", "Reviewer"
    STAKEHOLDER = "stakeholder", "Stakeholder"


class Cap(StrEnum):
    VIEW = "view"  # the workspace, its programs and their published findings
    VIEW_EVIDENCE = "view_evidence"  # deals, samples, interviews and quotes before publication
    MANAGE_WORKSPACE = "manage_workspace"  # members, roles, connections, retention
    EDIT_SCOPE = "edit_scope"  # SOP step 1
    EDIT_DEALS = "edit_deals"  # CRM imports and deal records
    EDIT_SAMPLE = "edit_sample"  # SOP step 2
    EDIT_GUIDE = "edit_guide"  # SOP step 3
    APPROVE_GUIDE = "approve_guide"
    EDIT_SURVEY = "edit_survey"  # the buyer survey beside the interviews
    APPROVE_SURVEY = "approve_survey"
    SCHEDULE = "schedule"  # SOP step 4
    CONDUCT = "conduct"  # SOP step 5
    REVIEW = "review"  # SOP step 6
    CODE = "code"  # SOP steps 7 and 8
    ESCALATE = "escalate"  # SOP step 9
    PUBLISH = "publish"  # SOP step 10
    ACT = "act"  # own and close actions
    FORGET = "forget"  # carry out a respondent's request to delete their data
    HONORARIA = "honoraria"  # the thank-you offer, its payments and the finance export


_EVERY = frozenset(Cap)

CAPABILITIES: dict[str, frozenset[Cap]] = {
    Role.ADMIN: _EVERY,
    Role.OWNER: _EVERY - {Cap.MANAGE_WORKSPACE},
    Role.ANALYST: frozenset(
        {
            Cap.VIEW,
            Cap.VIEW_EVIDENCE,
            Cap.EDIT_DEALS,
            Cap.EDIT_SAMPLE,
            Cap.CODE,
            Cap.ESCALATE,
            Cap.ACT,
        }
    ),
    Role.COORDINATOR: frozenset(
        {Cap.VIEW, Cap.VIEW_EVIDENCE, Cap.EDIT_SAMPLE, Cap.SCHEDULE, Cap.HONORARIA, Cap.EDIT_SURVEY}
    ),
    Role.INTERVIEWER: frozenset({Cap.VIEW, Cap.VIEW_EVIDENCE, Cap.CONDUCT}),
    Role.REVIEWER: frozenset({Cap.VIEW, Cap.VIEW_EVIDENCE, Cap.REVIEW, Cap.CODE}),
    Role.STAKEHOLDER: frozenset({Cap.VIEW, Cap.ACT}),
}


def role_can(role: str, cap: Cap) -> bool:
    return cap in CAPABILITIES.get(role, frozenset())


def roles_with(cap: Cap) -> list[str]:
    """The roles that have ``cap``, for a query over memberships (``role__in``)."""
    return [role for role, caps in CAPABILITIES.items() if cap in caps]
