from winloss.accounts.models import ApiToken
from winloss.accounts.roles import Role
from winloss.accounts.tokens import create_token


def test_a_new_token_is_shown_once_and_only_its_fingerprint_is_kept(workspace, people, client_for):
    client = client_for(people[Role.STAKEHOLDER])
    page = client.post(f"/w/{workspace.slug}/tokens/", {"name": "Dashboard"}).content.decode()
    token = ApiToken.objects.get(name="Dashboard")
    raw = page.split('id="raw-token" type="text" readonly value="')[1].split('"')[0]
    assert raw.startswith(f"wl_{token.prefix}_") and raw not in token.key_hash
    assert raw not in client.get(f"/w/{workspace.slug}/tokens/").content.decode()


def test_nobody_can_revoke_someone_elses_token(workspace, people, client_for):
    token, _ = create_token(user=people[Role.ANALYST], workspace=workspace, name="mine")
    response = client_for(people[Role.ADMIN]).post(f"/w/{workspace.slug}/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
