from django.test import Client

from winloss.accounts.models import User
from winloss.testing import make_competitor, make_deal


def test_site_administration_lists_and_opens_winloss_records(workspace):
    admin_user = User.objects.create_superuser("root@example.com", "pw")
    client = Client()
    client.force_login(admin_user)
    deal = make_deal(workspace)
    competitor = make_competitor(workspace)
    for url in [
        "/admin/",
        "/admin/accounts/user/",
        "/admin/accounts/user/add/",
        f"/admin/accounts/user/{admin_user.pk}/change/",
        "/admin/accounts/workspace/",
        "/admin/deals/deal/",
        f"/admin/deals/deal/{deal.pk}/change/",
        f"/admin/deals/competitor/{competitor.pk}/change/",
        "/admin/programs/program/",
        "/admin/activity/logentry/",
        "/admin/jobs/job/",
    ]:
        assert client.get(url).status_code == 200, url


def test_aliases_added_in_site_administration_belong_to_the_competitors_workspace(workspace):
    client = Client()
    client.force_login(User.objects.create_superuser("root@example.com", "pw"))
    competitor = make_competitor(workspace, name="Vector Solutions")
    response = client.post(
        f"/admin/deals/competitor/{competitor.pk}/change/",
        {
            "workspace": workspace.pk,
            "name": "Vector Solutions",
            "website": "",
            "version": 1,
            "aliases-TOTAL_FORMS": 1,
            "aliases-INITIAL_FORMS": 0,
            "aliases-0-alias": "Vector Solutions Inc.",
        },
    )
    assert response.status_code == 302
    assert competitor.aliases.get().workspace == workspace
