from winloss.accounts.roles import Role
from winloss.testing import make_deal, make_program


def test_program_pages_render_for_the_owner(workspace, people, client_for):
    program = make_program(workspace)
    make_deal(workspace)
    client = client_for(people[Role.OWNER])
    for url in [
        f"/w/{workspace.slug}/programs/",
        f"/w/{workspace.slug}/programs/{program.pk}/",
        f"/w/{workspace.slug}/programs/{program.pk}/scope/",
        f"/w/{workspace.slug}/programs/{program.pk}/scope/edit/",
        f"/w/{workspace.slug}/programs/{program.pk}/sample/",
        f"/w/{workspace.slug}/programs/{program.pk}/guide/",
        f"/w/{workspace.slug}/programs/{program.pk}/log/",
        f"/w/{workspace.slug}/deals/",
        f"/w/{workspace.slug}/deals/competitors/",
        f"/w/{workspace.slug}/history/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
