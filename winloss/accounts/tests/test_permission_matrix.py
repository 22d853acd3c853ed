"""Every route of the project, walked from the URL resolver, against every kind of visitor.

The expected access is written out here by hand, role by role — not derived from the role
table the views use — so a view that loses its access check, or a role table that drifts,
fails this test and the failure names the route. A new route with no row here fails too.
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from winloss.accounts.roles import Role

# Fixtures, named again so that they count as used.
from winloss.accounts.tests.world import outsider as outsider
from winloss.accounts.tests.world import people as people
from winloss.accounts.tests.world import shared_world as shared_world
from winloss.accounts.tests.world import signed_in as signed_in
from winloss.accounts.tests.world import workspace as workspace
from winloss.accounts.tests.world import world as world
from winloss.testing import (
    make_member,
    make_workspace,
)

ADMIN, OWNER, ANALYST, STAKEHOLDER = Role.ADMIN, Role.OWNER, Role.ANALYST, Role.STAKEHOLDER
EVERYONE = frozenset(Role)
EVIDENCE = EVERYONE - {STAKEHOLDER}  # what happens before publication stays with the program team
SCOPE_EDITORS = frozenset({ADMIN, OWNER})
DEAL_EDITORS = frozenset({ADMIN, OWNER, ANALYST})
SAMPLERS = frozenset({ADMIN, OWNER, ANALYST, Role.COORDINATOR})  # SOP steps 2 and 4
SCHEDULERS = frozenset({ADMIN, OWNER, Role.COORDINATOR})  # SOP step 4
CONDUCTORS = frozenset({ADMIN, OWNER, Role.INTERVIEWER})  # SOP step 5
REVIEWERS = frozenset({ADMIN, OWNER, Role.REVIEWER})  # SOP step 6
ESCALATORS = frozenset({ADMIN, OWNER, ANALYST})  # SOP step 9
ACTION_TEAM = frozenset({ADMIN, OWNER, ANALYST})  # may act and see the evidence
ADMINS = frozenset({ADMIN})
GUIDE_EDITORS = frozenset({ADMIN, OWNER})
GUIDE_APPROVERS = frozenset({ADMIN, OWNER})
SURVEY_EDITORS = frozenset({ADMIN, OWNER, Role.COORDINATOR})  # the buyer survey, beside step 3
SURVEY_APPROVERS = frozenset({ADMIN, OWNER})
CODERS = frozenset({ADMIN, OWNER, ANALYST, Role.REVIEWER})  # SOP step 7
PUBLISHERS = frozenset({ADMIN, OWNER})  # SOP step 10
FORGETTERS = frozenset({ADMIN, OWNER})  # a respondent's request to delete their data
HONORARIA = frozenset({ADMIN, OWNER, Role.COORDINATOR})  # thank-you offers and payments


@dataclass(frozen=True)
class Access:
    roles: frozenset
    method: str = "GET"
    # What an allowed person gets: 200 for pages; POST-only actions answer with a redirect or
    # a form error, never 403/404.
    allowed_status: frozenset = field(default=frozenset({200}))


PAGE = Access
POST_ACTION = frozenset({200, 302, 400})

# Routes anyone may open, logged in or not.
PUBLIC = {
    "healthz",
    "readyz",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:invitation",
    # Signing in with the company account: 404 unless single sign-on is configured.
    "sso:start",
    "sso:callback",
    # Signing in through a SAML identity provider: 404 unless SAML is configured.
    "saml:metadata",
    "saml:login",
    "saml:acs",
    "respondent:link",  # a respondent has no account: the signed link is the check
    "calendar_feed:feed",  # nor has a calendar app: the interviewer's signed address is
    "survey_answer:answer",  # the buyer's survey, through its signed link
    "survey_answer:answer_field",
    "unsubscribe:unsubscribe",  # a digest's signed link: works without logging in
    "crm_hooks:hubspot",  # a CRM's call: its signature (or the address's token) is the check
    "crm_hooks:salesforce",
    "crm_hooks:salesforce_events",
    "api:openapi-json",
    "api:openapi-view",
    "api:api-root",
}
# Routes for a machine holding a token from the settings (route -> the setting), not for
# people: a session, an admin's included, gets nothing; no token set, no route (404).
TOKEN_ROUTES = {"metrics": "METRICS_TOKEN"}
# Routes for any logged-in person, outside any workspace.
PERSONAL = {"home", "accounts:profile", "accounts:password_change", "accounts:password_change_done"}

ROUTES: dict[str, Access] = {
    "workspace_home": PAGE(EVERYONE, allowed_status=frozenset({302})),
    "programs:list": PAGE(EVERYONE),
    "programs:new": PAGE(SCOPE_EDITORS),
    "programs:overview": PAGE(EVERYONE),
    "programs:scope": PAGE(EVERYONE),
    "programs:scope_edit": PAGE(SCOPE_EDITORS),
    "programs:log": PAGE(EVERYONE),
    "programs:next_wave": Access(SCOPE_EDITORS, method="POST", allowed_status=POST_ACTION),
    "programs:sample": PAGE(EVIDENCE),
    "programs:sample_draw": Access(SAMPLERS, method="POST", allowed_status=POST_ACTION),
    "programs:sample_discard": Access(SAMPLERS, method="POST", allowed_status=POST_ACTION),
    "programs:sample_add": Access(SAMPLERS, method="POST", allowed_status=POST_ACTION),
    "programs:sample_assign": Access(SAMPLERS, method="POST", allowed_status=POST_ACTION),
    "programs:sample_approve": Access(SAMPLERS, method="POST", allowed_status=POST_ACTION),
    "programs:sample_export": PAGE(EVIDENCE),
    "programs:sample_remove": Access(SAMPLERS, method="POST", allowed_status=POST_ACTION),
    "programs:sample_refusal": Access(SAMPLERS, method="POST", allowed_status=POST_ACTION),
    "programs:sample_accept": Access(SAMPLERS, method="POST", allowed_status=POST_ACTION),
    "programs:sample_skip": Access(SAMPLERS, method="POST", allowed_status=POST_ACTION),
    "programs:sample_interviewer": Access(SAMPLERS, method="POST", allowed_status=POST_ACTION),
    "programs:health": PAGE(EVIDENCE),
    "programs:health_chart": PAGE(EVIDENCE),
    "guides:guide": PAGE(EVIDENCE),
    "guides:preview": PAGE(EVIDENCE),
    "guides:lint": Access(GUIDE_EDITORS, method="POST"),
    "guides:start": Access(GUIDE_EDITORS, method="POST", allowed_status=POST_ACTION),
    "guides:revise": Access(GUIDE_EDITORS, method="POST", allowed_status=POST_ACTION),
    "guides:approve": Access(GUIDE_APPROVERS, method="POST", allowed_status=POST_ACTION),
    "guides:question_add": Access(GUIDE_EDITORS, method="POST", allowed_status=POST_ACTION),
    "guides:question_edit": PAGE(GUIDE_EDITORS),
    # Moves, deletes and waivers without their form fields change nothing: a redirect.
    "guides:question_move": Access(GUIDE_EDITORS, method="POST", allowed_status=POST_ACTION),
    "guides:question_delete": Access(GUIDE_EDITORS, method="POST", allowed_status=POST_ACTION),
    "guides:question_waive": Access(GUIDE_EDITORS, method="POST", allowed_status=POST_ACTION),
    "surveys:survey": PAGE(EVIDENCE),
    "surveys:preview": PAGE(EVIDENCE),
    "surveys:lint": Access(SURVEY_EDITORS, method="POST"),
    "surveys:start": Access(SURVEY_EDITORS, method="POST", allowed_status=POST_ACTION),
    "surveys:revise": Access(SURVEY_EDITORS, method="POST", allowed_status=POST_ACTION),
    "surveys:approve": Access(SURVEY_APPROVERS, method="POST", allowed_status=POST_ACTION),
    "surveys:question_add": Access(SURVEY_EDITORS, method="POST", allowed_status=POST_ACTION),
    "surveys:question_edit": PAGE(SURVEY_EDITORS),
    "surveys:question_move": Access(SURVEY_EDITORS, method="POST", allowed_status=POST_ACTION),
    "surveys:question_delete": Access(SURVEY_EDITORS, method="POST", allowed_status=POST_ACTION),
    "surveys:question_waive": Access(SURVEY_EDITORS, method="POST", allowed_status=POST_ACTION),
    "surveys:factor_add": Access(SURVEY_EDITORS, method="POST", allowed_status=POST_ACTION),
    "surveys:factor_remove": Access(SURVEY_EDITORS, method="POST", allowed_status=POST_ACTION),
    "surveys:factor_move": Access(SURVEY_EDITORS, method="POST", allowed_status=POST_ACTION),
    "outreach:schedule": PAGE(EVIDENCE),
    "outreach:send_batch": Access(SCHEDULERS, method="POST", allowed_status=POST_ACTION),
    "outreach:calendar": PAGE(EVIDENCE),
    "outreach:availability": PAGE(CONDUCTORS),
    "outreach:availability_delete": Access(CONDUCTORS, method="POST", allowed_status=POST_ACTION),
    "outreach:feed_reset": Access(CONDUCTORS, method="POST", allowed_status=POST_ACTION),
    "outreach:busy_save": Access(CONDUCTORS, method="POST", allowed_status=POST_ACTION),
    "outreach:busy_refresh": Access(CONDUCTORS, method="POST", allowed_status=POST_ACTION),
    "outreach:busy_remove": Access(CONDUCTORS, method="POST", allowed_status=POST_ACTION),
    "outreach:appointment": PAGE(EVIDENCE),
    "outreach:attempt": Access(SCHEDULERS, method="POST", allowed_status=POST_ACTION),
    "outreach:decline": Access(SCHEDULERS, method="POST", allowed_status=POST_ACTION),
    "outreach:book_by_hand": Access(SCHEDULERS, method="POST", allowed_status=POST_ACTION),
    "outreach:no_show": Access(SCHEDULERS, method="POST", allowed_status=POST_ACTION),
    "outreach:add_voice": Access(SCHEDULERS, method="POST", allowed_status=POST_ACTION),
    "outreach:reissue_link": Access(SCHEDULERS, method="POST", allowed_status=POST_ACTION),
    "outreach:templates": PAGE(EVIDENCE),
    "outreach:template_save": Access(SCHEDULERS, method="POST", allowed_status=POST_ACTION),
    "outreach:template_reset": Access(SCHEDULERS, method="POST", allowed_status=POST_ACTION),
    "outreach:consent": PAGE(EVIDENCE),
    "outreach:consent_save": Access(GUIDE_EDITORS, method="POST", allowed_status=POST_ACTION),
    "honoraria:program": PAGE(HONORARIA),
    "honoraria:offer": Access(HONORARIA, method="POST", allowed_status=POST_ACTION),
    "honoraria:record": Access(HONORARIA, method="POST", allowed_status=POST_ACTION),
    "honoraria:status": Access(HONORARIA, method="POST", allowed_status=POST_ACTION),
    "honoraria:export": PAGE(HONORARIA),
    "survey_sending:send": PAGE(EVIDENCE),
    "survey_sending:send_batch": Access(SCHEDULERS, method="POST", allowed_status=POST_ACTION),
    "survey_sending:languages": Access(ADMINS, method="POST", allowed_status=POST_ACTION),
    "survey_sending:responses": PAGE(EVIDENCE),
    # Respondents' emails and answers are personal data: the team that reads interview notes.
    "survey_sending:response": PAGE(EVIDENCE),
    "interviews:list": PAGE(EVIDENCE),
    "interviews:start": Access(CONDUCTORS, method="POST", allowed_status=POST_ACTION),
    "interviews:screen": PAGE(EVIDENCE),
    "interviews:save_note": Access(CONDUCTORS, method="POST", allowed_status=POST_ACTION),
    "interviews:respondent_role": Access(CONDUCTORS, method="POST", allowed_status=POST_ACTION),
    "interviews:complete": Access(CONDUCTORS, method="POST", allowed_status=POST_ACTION),
    "interviews:transcripts": PAGE(EVIDENCE),
    "interviews:transcript_upload": Access(CONDUCTORS, method="POST", allowed_status=POST_ACTION),
    "interviews:transcript": PAGE(EVIDENCE),
    "interviews:transcript_speakers": Access(CONDUCTORS, method="POST", allowed_status=POST_ACTION),
    "interviews:transcript_quote": Access(CONDUCTORS, method="POST", allowed_status=POST_ACTION),
    "interviews:validate": PAGE(EVIDENCE),
    "interviews:confirm_absent": Access(CONDUCTORS, method="POST", allowed_status=POST_ACTION),
    "interviews:review": PAGE(EVIDENCE),
    "interviews:sign_off": Access(REVIEWERS, method="POST", allowed_status=POST_ACTION),
    "interviews:send_back": Access(REVIEWERS, method="POST", allowed_status=POST_ACTION),
    "interviews:debriefs": PAGE(EVERYONE),
    # The deal's owner gives the debrief; the program team reads it (an interviewer only once
    # the deal's interviews are completed, so here, where none is, they get 403 like
    # stakeholders).
    "interviews:debrief": PAGE(EVIDENCE - {Role.INTERVIEWER}),
    "coding:code": PAGE(EVIDENCE),
    "coding:codebook": PAGE(EVIDENCE),
    "coding:theme_add": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "coding:pack_enable": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "coding:codebook_csv": PAGE(EVIDENCE),
    "coding:codebook_qdc": PAGE(EVIDENCE),
    "coding:codebook_import": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "coding:theme_edit": PAGE(CODERS),
    "coding:theme_merge": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "coding:theme_retire": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "coding:theme_restore": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    # Codebook versions: read by whoever reads the evidence, drafted and published by coders.
    "coding:codebook_versions": PAGE(EVIDENCE),
    "coding:codebook_publish": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "coding:codebook_discard": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "coding:review_queue": PAGE(EVIDENCE),
    "coding:review_decide": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "survey_answers:page": PAGE(EVIDENCE),
    "survey_answers:code": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "survey_answers:uncode": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    # The test interview is not validated: the screen says so and coding it is refused.
    "coding:interview": PAGE(EVIDENCE),
    "coding:save": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "coding:remove": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "coding:accept": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "coding:reject": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "coding:escalate": Access(ESCALATORS, method="POST", allowed_status=POST_ACTION),
    "coding:suggest": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "coding:retrain": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "coding:agreement": PAGE(EVIDENCE),
    "coding:export": PAGE(EVIDENCE),
    "coding:export_qdpx": PAGE(EVIDENCE),
    "coding:import_history": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "coding:assign_second": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "coding:settle": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "coding:theme": PAGE(EVIDENCE),
    "coding:recode": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    # Stakeholders open the list too: it shows them only the memos the team shared.
    "coding:memos": PAGE(EVERYONE),
    "coding:memo_export": PAGE(EVIDENCE),
    "coding:memo_new": PAGE(CODERS),
    "coding:memo": PAGE(EVIDENCE),
    "coding:memo_save": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "coding:memo_share": Access(PUBLISHERS, method="POST", allowed_status=POST_ACTION),
    "analysis:analyse": PAGE(EVIDENCE),
    "analysis:excerpts": PAGE(EVIDENCE),
    "analysis:drivers_chart": PAGE(EVIDENCE),
    "analysis:cuts_chart": PAGE(EVIDENCE),
    "analysis:trends_chart": PAGE(EVIDENCE),
    "analysis:competitor_chart": PAGE(EVIDENCE),
    "analysis:expected_criteria": Access(SCOPE_EDITORS, method="POST", allowed_status=POST_ACTION),
    "escalations:list": PAGE(EVIDENCE),
    "escalations:raise": Access(ESCALATORS, method="POST", allowed_status=POST_ACTION),
    "escalations:webhook": PAGE(ADMINS),
    # Flagged from the interview screen by whoever holds the interview (SOP steps 5 and 9).
    "escalations:flag_urgent": Access(CONDUCTORS, method="POST", allowed_status=POST_ACTION),
    # The test escalation's owner is the stakeholder: the one outside the program team who
    # may open and handle it, because it is theirs.
    "escalations:detail": PAGE(EVERYONE),
    "escalations:acknowledge": Access(
        ESCALATORS | {STAKEHOLDER}, method="POST", allowed_status=POST_ACTION
    ),
    "escalations:resolve": Access(
        ESCALATORS | {STAKEHOLDER}, method="POST", allowed_status=POST_ACTION
    ),
    # Everyone sees the published versions; the draft below them is for the program team.
    "reports:report": PAGE(EVERYONE),
    "reports:publish": Access(PUBLISHERS, method="POST", allowed_status=POST_ACTION),
    "reports:quotes": PAGE(EVIDENCE),
    "reports:quote_add": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "reports:quote_remove": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "reports:quote_redact": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "reports:memo_cite": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "reports:memo_uncite": Access(CODERS, method="POST", allowed_status=POST_ACTION),
    "reports:draft_chart": PAGE(EVIDENCE),
    "reports:draft_file": PAGE(EVIDENCE),
    "reports:version": PAGE(EVERYONE),
    # Across waves: built from published versions only, so for every member as a version is.
    "reports:waves": PAGE(EVERYONE),
    # The world's version has no trends to draw.
    "reports:waves_chart": PAGE(EVERYONE, allowed_status=frozenset({404})),
    "reports:waves_pdf": PAGE(EVERYONE, allowed_status=frozenset({200, 302})),
    "reports:version_chart": PAGE(EVERYONE),
    "reports:version_file": PAGE(EVERYONE),
    # The world's interview is validated, so its summary exists for everyone.
    "reports:interview_summary": PAGE(EVERYONE),
    "reports:interview_summaries": PAGE(EVERYONE),
    # Everyone searches the evidence library; what each finds follows their role.
    "evidence:search": PAGE(EVERYONE),
    "evidence:export_csv": PAGE(EVERYONE),
    "evidence:export_xlsx": PAGE(EVERYONE),
    "evidence:save_search": Access(EVERYONE, method="POST", allowed_status=POST_ACTION),
    # Only your own saved search can be deleted: someone else's answers "not found".
    "evidence:delete_search": Access(EVERYONE, method="POST", allowed_status=frozenset({302, 404})),
    # Everyone may follow things for a weekly digest; what it holds follows their role.
    "digests:subscriptions": PAGE(EVERYONE),
    "digests:follow": Access(EVERYONE, method="POST", allowed_status=POST_ACTION),
    "digests:delivery": Access(EVERYONE, method="POST", allowed_status=POST_ACTION),
    # Only your own subscription can be stopped: someone else's answers "not found".
    "digests:unfollow": Access(EVERYONE, method="POST", allowed_status=frozenset({302, 404})),
    # Everyone reads the battlecards; a stakeholder's hold what the reports published.
    "battlecards:index": PAGE(EVERYONE),
    "battlecards:program": PAGE(EVERYONE),
    "battlecards:card": PAGE(EVERYONE),
    "battlecards:card_pdf": PAGE(EVERYONE),
    "battlecards:card_pptx": PAGE(EVERYONE),
    "actions:list": PAGE(EVERYONE),
    "actions:mine": PAGE(EVERYONE),
    # Recording actions and follow-ups is for the program team among those who may act.
    "actions:create": Access(ACTION_TEAM, method="POST", allowed_status=POST_ACTION),
    "actions:follow_up": Access(ACTION_TEAM, method="POST", allowed_status=POST_ACTION),
    # The test action's owner is the stakeholder: they may update it, like the team.
    "actions:status": Access(
        ACTION_TEAM | {STAKEHOLDER}, method="POST", allowed_status=POST_ACTION
    ),
    "deals:list": PAGE(EVIDENCE),
    "deals:detail": PAGE(EVIDENCE),
    "deals:edit": PAGE(DEAL_EDITORS),
    "deals:account": PAGE(EVIDENCE),
    "deals:contact_new": PAGE(SAMPLERS),
    "deals:account_contact_new": PAGE(SAMPLERS),
    "deals:contact_edit": PAGE(SAMPLERS),
    "deals:account_edit": PAGE(DEAL_EDITORS),
    "deals:competitors": PAGE(EVIDENCE),
    "deals:competitor_new": PAGE(DEAL_EDITORS),
    "deals:competitor_edit": PAGE(DEAL_EDITORS),
    "deals:competitor_merge": Access(DEAL_EDITORS, method="POST", allowed_status=POST_ACTION),
    "deals:products": PAGE(EVIDENCE),
    "deals:stages": PAGE(DEAL_EDITORS),
    "deals:import": PAGE(DEAL_EDITORS),
    # Opened with an upload's address; without one, there is nothing to map.
    "deals:import_map": PAGE(DEAL_EDITORS, allowed_status=frozenset({404})),
    "deals:import_job": PAGE(DEAL_EDITORS),
    # The test job rejected no rows, so there is no file to download.
    "deals:import_rejected": PAGE(DEAL_EDITORS, allowed_status=frozenset({404})),
    "deals:product_rename": Access(DEAL_EDITORS, method="POST", allowed_status=POST_ACTION),
    "activity:workspace": PAGE(EVIDENCE),
    # Live figures for the team, published ones for everyone else: gated inside, not here.
    "executive:page": PAGE(EVERYONE),
    "activity:object": PAGE(EVIDENCE),
    "jobs:detail": PAGE(EVERYONE),
    # The job in the matrix was started by nobody: only an admin may retry it.
    "jobs:retry": Access(ADMINS, method="POST", allowed_status=POST_ACTION),
    "members": PAGE(ADMINS),
    "workspace_time_zone": Access(ADMINS, method="POST", allowed_status=POST_ACTION),
    "workspace_rename": Access(ADMINS, method="POST", allowed_status=POST_ACTION),
    "invite": Access(ADMINS, method="POST", allowed_status=POST_ACTION),
    "member_role": Access(ADMINS, method="POST", allowed_status=POST_ACTION),
    "member_remove": Access(ADMINS, method="POST", allowed_status=POST_ACTION),
    "invitation_revoke": Access(ADMINS, method="POST", allowed_status=POST_ACTION),
    "sign_on": PAGE(ADMINS),
    "sign_on_requirement": Access(ADMINS, method="POST", allowed_status=POST_ACTION),
    "sign_on_group_add": Access(ADMINS, method="POST", allowed_status=POST_ACTION),
    "sign_on_group_remove": Access(ADMINS, method="POST", allowed_status=POST_ACTION),
    "retention:policy": PAGE(ADMINS),
    "retention:purge": Access(ADMINS, method="POST", allowed_status=POST_ACTION),
    "retention:forget": PAGE(FORGETTERS),
    "retention:forget_survey_respondent": PAGE(FORGETTERS),
    # The CRM connection holds a secret that reads every deal: workspace admins only.
    "crm:sync": PAGE(ADMINS),
    "crm:connection": Access(ADMINS, method="POST", allowed_status=POST_ACTION),
    "crm:sync_now": Access(ADMINS, method="POST", allowed_status=POST_ACTION),
    "crm:write_back_settings": Access(ADMINS, method="POST", allowed_status=POST_ACTION),
    "crm:write_back_preview": PAGE(ADMINS),
    "crm:write_back_now": Access(ADMINS, method="POST", allowed_status=POST_ACTION),
    "crm:triggers": PAGE(ADMINS),
    "crm:webhook": Access(ADMINS, method="POST", allowed_status=POST_ACTION),
    "crm:trigger": Access(ADMINS, method="POST", allowed_status=POST_ACTION),
    "tokens:list": PAGE(EVERYONE),
    # Only your own token can be revoked: someone else's answers "not found".
    "tokens:revoke": Access(EVERYONE, method="POST", allowed_status=frozenset({302, 404})),
}

# The REST API, called with a personal token of each role.
API_ROUTES: dict[str, frozenset] = {
    "api:list_programs": EVERYONE,
    "api:get_program": EVERYONE,
    "api:program_analysis": EVIDENCE,
    "api:list_deals": EVIDENCE,
    "api:get_deal": EVIDENCE,
    "api:bulk_deals": DEAL_EDITORS,
    "api:list_excerpts": EVIDENCE,
    "api:code_excerpt": CODERS,
    "api:code_excerpts_bulk": CODERS,
}


@dataclass(frozen=True)
class ApiWrite:
    """How to call an API operation that writes, and find what one call wrote.

    ``body(tag)`` is the JSON a caller tagged ``tag`` sends; ``written(tag)`` the slugs of the
    workspaces holding what that call wrote, so the test sees where each write landed.
    """

    body: Callable[[str], dict]
    written: Callable[[str], set[str]]
    # The body names objects of the tested workspace (not the URL): another workspace's token
    # must be refused and write nothing, rather than write in its own workspace.
    names_objects: bool = False


def _probe_deals(tag: str) -> set[str]:
    from winloss.deals.models import Deal

    return set(Deal.objects.filter(crm_id=f"probe-{tag}").values_list("workspace__slug", flat=True))


def _excerpt_body(tag: str) -> dict:
    """Code the world's transcript turn, its interview signed off first so it may be coded."""
    from winloss.coding.queries import codebook_for
    from winloss.interviews.models import InterviewStatus, TranscriptTurn, Validation

    turn = TranscriptTurn.objects.select_related("transcript__interview").get(text="Hello")
    interview = turn.transcript.interview
    interview.status = InterviewStatus.COMPLETED
    interview.save(update_fields=["status"])
    Validation.objects.update_or_create(interview=interview, defaults={"status": "signed_off"})
    theme = codebook_for(interview.workspace)[0].slug
    return {
        "transcript_turn_id": turn.pk,
        "start": 0,
        "end": 5,
        "text": "Hello",
        "theme": theme,
        "direction": "win_driver",
    }


def _bulk_excerpt_body(tag: str) -> dict:
    from winloss.interviews.models import TranscriptTurn

    body = _excerpt_body(tag)
    turn = TranscriptTurn.objects.select_related("transcript").get(pk=body["transcript_turn_id"])
    return {"excerpts": [{**body, "interview_id": turn.transcript.interview_id}]}


def _probe_excerpts(tag: str) -> set[str]:
    from winloss.coding.models import CodedExcerpt

    return set(
        CodedExcerpt.objects.filter(coder__memberships__role=tag).values_list(
            "workspace__slug", flat=True
        )
    )


# API operations that write: POSTed with a body instead of fetched.
API_WRITES: dict[str, ApiWrite] = {
    "api:bulk_deals": ApiWrite(
        body=lambda tag: {"deals": [{"crm_id": f"probe-{tag}", "stage": "Open"}]},
        written=_probe_deals,
    ),
    # Each role's person codes the same words; what they coded is found by its coder's role.
    "api:code_excerpt": ApiWrite(body=_excerpt_body, written=_probe_excerpts),
    "api:code_excerpts_bulk": ApiWrite(
        body=_bulk_excerpt_body, written=_probe_excerpts, names_objects=True
    ),
}


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    kwargs: tuple[str, ...]


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}{entry.namespace}:"
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            pattern = prefix + str(entry.pattern)
            name = f"{namespace}{entry.name}" if entry.name else f"(unnamed) {pattern}"
            yield Route(name, pattern, tuple(entry.pattern.converters))


def project_routes() -> list[Route]:
    """Every route a person can reach, except Django's own admin (tested separately)."""
    return [
        r
        for r in _walk(get_resolver().url_patterns)
        if not r.name.startswith("admin:") and not r.pattern.startswith(("admin/", "static/"))
    ]


def test_every_route_has_an_expected_access_row():
    missing = [
        f"{r.name} ({r.pattern})"
        for r in project_routes()
        if r.name not in ROUTES
        and r.name not in PUBLIC
        and r.name not in PERSONAL
        and r.name not in TOKEN_ROUTES
        and not r.name.startswith("api:")
    ]
    assert not missing, (
        "These routes have no row in the permission matrix; add one saying who may use them: "
        + ", ".join(missing)
    )


def test_every_row_names_a_real_route():
    names = {r.name for r in project_routes()}
    stale = (set(ROUTES) | set(API_ROUTES)) - names
    assert not stale, f"Rows for routes that no longer exist: {stale}"


def _fill(pattern: str, values: dict) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), pattern)


def _workspace_routes() -> list[Route]:
    return [r for r in project_routes() if r.name in ROUTES]


@pytest.mark.parametrize("route", _workspace_routes(), ids=lambda r: r.name)
def test_route_admits_exactly_the_roles_it_should(route, world, people, outsider, signed_in):
    access = ROUTES[route.name]
    unknown = [k for k in route.kwargs if k not in world]
    assert not unknown, f"{route.name}: add a test value for URL argument(s) {unknown} to `world`"
    url = _fill(route.pattern, world)
    send = "get" if access.method == "GET" else "post"

    anonymous = getattr(Client(), send)(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"], (
        f"{route.name}: anonymous visitor got {anonymous.status_code}, expected the login page"
    )

    stranger = signed_in(outsider)
    status = getattr(stranger, send)(url).status_code
    assert status == 404, f"{route.name}: a member of another workspace got {status}, not 404"

    # An admin of another workspace, asking for this workspace's objects under their own
    # workspace's address: catches a view that fetches an object without scoping it.
    if set(route.kwargs) - {"ws"}:
        foreign_admin = make_member(make_workspace(slug="initech"), Role.ADMIN)
        client = Client()
        client.force_login(foreign_admin)
        status = getattr(client, send)(_fill(route.pattern, {**world, "ws": "initech"})).status_code
        assert status == 404, (
            f"{route.name}: another workspace's admin reached this workspace's object ({status})"
        )

    problems = []
    for role, user in people.items():
        status = getattr(signed_in(user), send)(url).status_code
        allowed = role in access.roles
        if allowed and status not in access.allowed_status:
            problems.append(f"{role} got {status} but may use it")
        if not allowed and status != 403:
            problems.append(f"{role} got {status}, expected 403")
    assert not problems, f"{route.name}: " + "; ".join(problems)


def test_personal_pages_need_a_login_but_no_workspace(db):
    user = make_member(make_workspace(), Role.STAKEHOLDER)
    for route in project_routes():
        if route.name not in PERSONAL:
            continue
        url = _fill(route.pattern, {})
        response = Client().get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], (
            route.name
        )
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code in (200, 302), route.name


@pytest.mark.parametrize(
    "route", [r for r in project_routes() if r.name in TOKEN_ROUTES], ids=lambda r: r.name
)
def test_token_routes_answer_only_their_token(route, people, settings):
    url = _fill(route.pattern, {})
    token = "the-right-token-0123456789"
    setattr(settings, TOKEN_ROUTES[route.name], "")
    assert Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 404
    setattr(settings, TOKEN_ROUTES[route.name], token)
    assert Client().get(url).status_code == 401, f"{route.name}: answered without a token"
    for user in people.values():
        client = Client()
        client.force_login(user)
        assert client.get(url).status_code == 401, f"{route.name}: answered a session"
    wrong = Client().get(url, HTTP_AUTHORIZATION="Bearer the-wrong-token-0123456789")
    assert wrong.status_code == 403, f"{route.name}: answered a wrong token"
    assert Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_django_admin_is_for_staff_only(people):
    for user in people.values():
        client = Client()
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


def _api_routes() -> list[Route]:
    return [r for r in project_routes() if r.name in API_ROUTES]


@pytest.mark.parametrize("route", _api_routes(), ids=lambda r: r.name)
def test_api_operation_admits_exactly_the_roles_it_should(route, world, people, outsider):
    from winloss.accounts.tokens import create_token
    from winloss.testing import make_deal as deal_in

    url = _fill(route.pattern, world)
    write = API_WRITES.get(route.name)

    def call(token: str | None, tag: str):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        if write is None:
            return Client().get(url, **headers)
        body = json.dumps(write.body(tag))
        return Client().post(url, body, content_type="application/json", **headers)

    assert call(None, "anonymous").status_code == 401, f"{route.name}: answered without a token"
    if write is not None:
        assert not write.written("anonymous"), f"{route.name}: wrote without a token"

    foreign = make_workspace(slug="initech")
    foreign_admin = make_member(foreign, Role.ADMIN)
    deal_in(foreign)
    _, raw = create_token(user=foreign_admin, workspace=foreign, name="probe")
    response = call(raw, "foreign")
    if set(route.kwargs):
        assert response.status_code == 404, f"{route.name}: another workspace's token got in"
    elif write is not None and write.names_objects:
        assert response.status_code in (400, 404) and not write.written("foreign"), (
            f"{route.name}: another workspace's token reached this workspace's objects"
        )
    elif write is not None:
        assert response.status_code == 200, f"{route.name}: a write failed ({response.content})"
        assert write.written("foreign") == {"initech"}, (
            f"{route.name}: another workspace's token wrote outside its own workspace"
        )
    else:
        from winloss.deals.models import Deal
        from winloss.programs.models import Program

        model = Deal if "/deals" in route.pattern else Program
        returned = {item["id"] for item in response.json()["items"]}
        theirs = set(model.objects.filter(workspace=foreign).values_list("id", flat=True))
        assert returned == theirs, f"{route.name}: listed another workspace's records"

    problems = []
    for role, user in people.items():
        _, raw = create_token(user=user, workspace=user.memberships.get().workspace, name="t")
        status = call(raw, role).status_code
        allowed = role in API_ROUTES[route.name]
        expected = 200 if allowed else 403
        if status != expected:
            problems.append(f"{role} got {status}, expected {expected}")
        if write is not None:
            where = write.written(role)
            if where != ({world["ws"]} if allowed else set()):
                problems.append(f"{role}'s call wrote to {where or 'nothing'}")
    assert not problems, f"{route.name}: " + "; ".join(problems)
