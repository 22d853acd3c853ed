"""Start the test provider: ``python -m winloss.sso.tests.provider.serve PORT DB_PATH``.

Creates its database, signing key, the winloss client and its people, then serves until
stopped. The people (password ``provider-pass-1``):

- alice@acme.test — verified address, in the group winloss-admins
- newbie@acme.test — verified address, in the group winloss-analysts
- sneaky@acme.test — address not verified
"""

import os
import sys

PASSWORD = "provider-pass-1"
CLIENT_ID = "winloss"
CLIENT_SECRET = "winloss-test-secret"
PEOPLE = {
    "alice@acme.test": ("Alice Admin", ["winloss-admins"]),
    "newbie@acme.test": ("Nina Newbie", ["winloss-analysts"]),
    "sneaky@acme.test": ("Sam Sneaky", ["unverified-email"]),
}


def _seed(redirect_uri: str) -> None:
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from oidc_provider.models import Client, ResponseType

    call_command("migrate", verbosity=0)
    call_command("creatersakey", stdout=open(os.devnull, "w"))  # noqa: SIM115
    client = Client.objects.create(
        name="winloss",
        client_type="confidential",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        jwt_alg="RS256",
        require_consent=False,
    )
    client.redirect_uris = [redirect_uri]
    client.save()
    client.response_types.add(ResponseType.objects.get(value="code"))
    for email, (name, groups) in PEOPLE.items():
        first, last = name.split(" ")
        user = User.objects.create_user(email, email, PASSWORD, first_name=first, last_name=last)
        for group in groups:
            user.groups.add(Group.objects.get_or_create(name=group)[0])


def main() -> None:
    port, database = int(sys.argv[1]), sys.argv[2]
    os.environ["DJANGO_SETTINGS_MODULE"] = "winloss.sso.tests.provider.settings"
    os.environ["PROVIDER_DB"] = database
    os.environ["PROVIDER_URL"] = f"http://127.0.0.1:{port}"
    import django

    django.setup()
    _seed("http://testserver/oidc/callback/")
    from django.core.servers.basehttp import WSGIServer, run
    from django.core.wsgi import get_wsgi_application

    run("127.0.0.1", port, get_wsgi_application(), threading=True, server_cls=WSGIServer)


if __name__ == "__main__":
    main()
