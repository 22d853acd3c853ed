from django.test import Client

from winloss.accounts.roles import Role
from winloss.accounts.tokens import create_token
from winloss.testing import make_program


def test_a_program_is_read_with_its_scope(workspace, people):
    program = make_program(workspace, owner=people[Role.OWNER], regions=["East"])
    _, raw = create_token(user=people[Role.STAKEHOLDER], workspace=workspace, name="bi")
    data = Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get(f"/api/v1/programs/{program.pk}").json()
    assert data["name"] == program.name
    assert data["deal_types"] == ["won", "lost"]
    assert data["regions"] == ["East"]
    assert data["window_start"] == "2025-01-01"
    assert data["owner_email"] == people[Role.OWNER].email
