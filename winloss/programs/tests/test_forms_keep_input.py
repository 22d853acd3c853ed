"""A form the server refuses comes back as typed, with the problem beside the field."""

from winloss.programs.sampling.services import DrawSettings, draw_sample
from winloss.testing import make_account, make_deal, make_program


def test_adding_an_unknown_deal_by_hand_keeps_the_reason_typed(workspace, people, client_for):
    program = make_program(workspace)
    make_deal(workspace, account=make_account(workspace))
    draw_sample(program, settings=DrawSettings(size=1, seed=1))
    response = client_for(people["analyst"]).post(
        f"/w/acme/programs/{program.pk}/sample/add/",
        {"crm_id": "006-NOPE", "reason": "The board asked about this logo"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "No deal has the CRM id &#x27;006-NOPE&#x27;." in page
    assert 'value="The board asked about this logo"' in page
    assert 'aria-invalid="true"' in page and 'value="006-NOPE"' in page
