"""Personal API tokens at the door: a token acts as its owner, with the owner's role, in the
token's workspace only; its last use is stamped at most once a minute."""

from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from winloss.accounts.models import ApiToken, Membership
from winloss.accounts.roles import Role
from winloss.accounts.services import remove_member
from winloss.accounts.tokens import authenticate_token, create_token, revoke_token
from winloss.testing import make_deal, make_member, make_workspace


def test_a_token_acts_with_its_owners_role_in_its_own_workspace_only(workspace):
    other = make_workspace(slug="initech")
    user = make_member(workspace, Role.INTERVIEWER)
    Membership.objects.create(user=user, workspace=other, role=Role.ANALYST)
    here = make_deal(workspace, rep_stated_reason="Price too high")
    there = make_deal(other, rep_stated_reason="Price too high")
    _, raw = create_token(user=user, workspace=workspace, name="sync")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")

    # An interviewer here (the analyst role elsewhere does not leak in): no rep's reason.
    assert client.get(f"/api/v1/deals/{here.pk}").json()["rep_stated_reason"] is None
    elsewhere = client.get(f"/api/v1/deals/{there.pk}")
    # Answered as JSON, the same "no such thing" a missing id gets: its existence does not leak.
    assert (elsewhere.status_code, elsewhere.json()) == (404, {"detail": "No such deal."})
    missing = client.get("/api/v1/deals/999999999")
    assert (missing.status_code, missing.json()) == (404, {"detail": "No such deal."})
    membership = authenticate_token(raw)
    assert membership is not None
    assert (membership.workspace, membership.user, membership.role) == (
        workspace,
        user,
        Role.INTERVIEWER,
    )


def test_a_token_of_an_inactive_person_or_an_unknown_one_is_refused(workspace):
    user = make_member(workspace)
    _, raw = create_token(user=user, workspace=workspace, name="sync")
    assert authenticate_token(raw + "x") is None
    assert authenticate_token("not-a-token") is None
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert authenticate_token(raw) is None


def test_the_last_use_is_stamped_at_most_once_a_minute(workspace):
    token, raw = create_token(user=make_member(workspace), workspace=workspace, name="sync")
    authenticate_token(raw)
    first = ApiToken.objects.get(pk=token.pk).last_used
    assert first is not None
    with CaptureQueriesContext(connection) as queries:
        authenticate_token(raw)
    assert len(queries) == 1  # the lookup only: no write within the minute
    ApiToken.objects.filter(pk=token.pk).update(last_used=first - timedelta(minutes=2))
    authenticate_token(raw)
    assert ApiToken.objects.get(pk=token.pk).last_used > first


def test_a_revoked_token_or_a_removed_member_is_refused_from_the_next_request(workspace):
    """Nothing of a token is kept between requests: revoking it, or removing its owner from
    the workspace, counts at once."""
    owner = make_member(workspace, Role.ADMIN)
    token, raw = create_token(user=owner, workspace=workspace, name="sync")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/deals/999999999").status_code == 404  # in: only no such deal
    revoke_token(token=token, user=owner)
    assert client.get("/api/v1/deals/999999999").status_code == 401

    member = make_member(workspace, Role.ANALYST)
    _, raw = create_token(user=member, workspace=workspace, name="sync")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/deals/999999999").status_code == 404
    remove_member(membership=Membership.objects.get(user=member, workspace=workspace), by=owner)
    assert client.get("/api/v1/deals/999999999").status_code == 401


def test_the_token_loads_its_owner_and_workspace_as_they_are_stored(workspace):
    user = make_member(workspace, Role.ANALYST)
    token, raw = create_token(user=user, workspace=workspace, name="sync")
    membership = authenticate_token(raw)
    assert membership is not None
    stored = Membership.objects.select_related("user", "workspace").get(pk=membership.pk)
    for loaded, kept in [
        (membership, stored),
        (membership.user, stored.user),
        (membership.workspace, stored.workspace),
    ]:
        for field in type(kept)._meta.concrete_fields:
            assert getattr(loaded, field.attname) == getattr(kept, field.attname), field
    assert membership.workspace.created.tzinfo is not None  # time zone aware, as the ORM's
    assert membership.api_token_id == token.pk  # type: ignore[attr-defined]
