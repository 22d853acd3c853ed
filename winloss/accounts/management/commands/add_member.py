from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from winloss.accounts.forms import ResetForm
from winloss.accounts.models import Workspace
from winloss.accounts.roles import Role
from winloss.accounts.services import AccountsError, add_member


class Command(BaseCommand):
    help = (
        "Add a person to a workspace with a role: winloss add-member SLUG EMAIL --role ROLE. "
        "A new person receives an email to choose their password."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("slug")
        parser.add_argument("email")
        parser.add_argument("--role", required=True, help="One of: " + ", ".join(Role.values))
        parser.add_argument("--name", default="", help="Their full name, for a new account")
        parser.add_argument(
            "--no-email",
            action="store_true",
            help="Do not email a new person a link to choose their password",
        )

    def handle(
        self, *args, slug: str, email: str, role: str, name: str, no_email: bool, **options
    ) -> None:
        try:
            validate_email(email)
        except Exception:
            raise CommandError(f"{email!r} is not an email address.") from None
        workspace = Workspace.objects.filter(slug=slug).first()
        if workspace is None:
            raise CommandError(f"No workspace with the address {slug!r}.")
        try:
            with transaction.atomic():
                membership = add_member(
                    workspace=workspace, email=email, role=role, name=name, actor="cli"
                )
        except AccountsError as error:
            raise CommandError(str(error)) from None
        user = membership.user
        self.stdout.write(f"{user.email} is now {membership.get_role_display()} in {workspace}.")
        if not user.has_usable_password() and not no_email:
            # The same email as "Forgotten your password?": a one-time link to choose one.
            form = ResetForm({"email": user.email})
            form.is_valid()
            form.send_reset(site_url=settings.SITE_URL)
            self.stdout.write(f"Sent {user.email} a link to choose their password.")
