"""Correcting CRM records by hand: a contact's new address or *do not contact*, an account's real
name where the export gave its id; saved on the version the form was opened on, recorded in
the history, and reached from the deal and account pages."""

from winloss.accounts.roles import Role
from winloss.activity.models import LogEntry
from winloss.deals import services
from winloss.testing import make_account, make_contact, make_deal


def _form(contact, **changes):
    fields = {
        "name": contact.name,
        "title": contact.title,
        "email": contact.email,
        "phone": contact.phone,
        "decision_role": contact.decision_role,
        "version": contact.version,
    }
    return {**fields, **changes}


def test_a_coordinator_corrects_an_address_from_the_deal_page(workspace, people, client_for):
    account = make_account(workspace)
    deal = make_deal(workspace, account=account)
    contact = make_contact(workspace, account=account, name="Ann Buyer", email="ann@old.example")
    deal.contacts.add(contact)
    client = client_for(people[Role.COORDINATOR])
    deal_page = f"/w/{workspace.slug}/deals/{deal.pk}/"
    page = client.get(deal_page).content.decode()
    edit = f"/w/{workspace.slug}/deals/contacts/{contact.pk}/edit/"
    assert f'href="{edit}?next=' in page and 'aria-label="Edit Ann Buyer"' in page

    response = client.post(
        edit, _form(contact, email="ann@new.example", do_not_contact="on", next=deal_page)
    )
    assert response.status_code == 302 and response["Location"] == deal_page
    contact.refresh_from_db()
    assert (contact.email, contact.do_not_contact, contact.version) == ("ann@new.example", True, 2)
    entry = LogEntry.objects.get(action="contact.changed")
    assert entry.changes["email"] == ["ann@old.example", "ann@new.example"]


def test_an_edit_saved_meanwhile_keeps_the_typing_and_saves_on_the_next_click(
    workspace, people, client_for
):
    contact = make_contact(workspace, account=make_account(workspace), email="ann@old.example")
    opened = _form(contact, email="typed@here.example")
    services.update_contact(
        contact,
        user=people[Role.ANALYST],
        expected_version=contact.version,
        **{k: v for k, v in _form(contact, phone="+1 555 0100").items() if k != "version"},
    )
    client = client_for(people[Role.ANALYST])
    edit = f"/w/{workspace.slug}/deals/contacts/{contact.pk}/edit/"
    lost = client.post(edit, opened)
    page = lost.content.decode()
    assert lost.status_code == 200 and "What changed while you were editing" in page
    assert "typed@here.example" in page and "+1 555 0100" in page  # both sides shown
    contact.refresh_from_db()
    assert contact.email == "ann@old.example"  # nothing overwritten
    # Having compared, the editor keeps the colleague's phone and saves again.
    again = {**lost.context["form"].data.dict(), "phone": "+1 555 0100"}
    saved = client.post(edit, again)
    assert saved.status_code == 302
    contact.refresh_from_db()
    assert (contact.email, contact.phone) == ("typed@here.example", "+1 555 0100")


def test_a_contact_needs_a_name(workspace, people, client_for):
    contact = make_contact(workspace, account=make_account(workspace), name="Ann Buyer")
    client = client_for(people[Role.ADMIN])
    response = client.post(
        f"/w/{workspace.slug}/deals/contacts/{contact.pk}/edit/", _form(contact, name="")
    )
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    contact.refresh_from_db()
    assert contact.name == "Ann Buyer"


def test_an_analyst_gives_an_account_imported_as_an_id_its_real_name(workspace, people, client_for):
    account = make_account(workspace, name="001Ax00000AbCdE", crm_id="001Ax00000AbCdE")
    client = client_for(people[Role.ANALYST])
    page = client.get(f"/w/{workspace.slug}/deals/accounts/{account.pk}/").content.decode()
    edit = f"/w/{workspace.slug}/deals/accounts/{account.pk}/edit/"
    assert f'href="{edit}"' in page
    form = {"name": " Globex  Corporation ", "region": "EMEA", "version": account.version}
    response = client.post(edit, form, follow=True)
    assert "Globex Corporation saved." in response.content.decode()
    account.refresh_from_db()
    assert (account.name, account.region, account.crm_id) == (
        "Globex Corporation",
        "EMEA",
        "001Ax00000AbCdE",  # kept: the next import still finds the account by it
    )
    assert LogEntry.objects.get(action="account.changed").changes["name"] == [
        "001Ax00000AbCdE",
        "Globex Corporation",
    ]


def test_two_accounts_cannot_share_a_name(workspace, people, client_for):
    make_account(workspace, name="Initech")
    other = make_account(workspace, name="Initech Ltd")
    client = client_for(people[Role.OWNER])
    response = client.post(
        f"/w/{workspace.slug}/deals/accounts/{other.pk}/edit/",
        {"name": "initech", "version": other.version},
    )
    assert "Another account is already called “initech”." in response.content.decode()
    other.refresh_from_db()
    assert other.name == "Initech Ltd"


def test_a_coordinator_may_not_edit_an_account(workspace, people, client_for):
    account = make_account(workspace, name="Initech")
    client = client_for(people[Role.COORDINATOR])
    page = client.get(f"/w/{workspace.slug}/deals/accounts/{account.pk}/")
    assert page.status_code == 200 and "Edit the account" not in page.content.decode()
