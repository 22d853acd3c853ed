"""The report's methodology states how many deals the draw actually took, not only how many
were asked for: one deal per account can leave places empty."""

from winloss.programs.sampling.services import DrawSettings, draw_sample
from winloss.testing import make_account, make_deal, make_program


def test_the_methodology_counts_the_deals_drawn_when_places_stay_empty(
    workspace, people, client_for
):
    program = make_program(workspace, owner=people["owner"])
    shared = make_account(workspace)
    make_deal(workspace, account=shared)
    make_deal(workspace, account=shared)  # the same account: only one of the two is drawn
    make_deal(workspace, account=make_account(workspace))
    draw = draw_sample(program, settings=DrawSettings(size=3, seed=1, min_per_cell=0))
    assert draw.entries.count() == 2

    url = f"/w/{workspace.slug}/programs/{program.pk}/report/"
    page = client_for(people["owner"]).get(url).content.decode()
    assert "2 deals drawn at random (3 asked) from 3 eligible closed deals" in page
