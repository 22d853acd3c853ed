import getpass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from winloss.accounts.forms import ResetForm
from winloss.accounts.models import User, Workspace
from winloss.accounts.roles import Role
from winloss.accounts.services import add_member
from winloss.lib.errors import errors_as_command_error

PASSWORD_ATTEMPTS = 3


class Command(BaseCommand):
    help = (
        "Add a person to a workspace with a role: winloss add-member SLUG EMAIL --role ROLE. "
        "Someone new gets an email with a link to choose their password, unless you set it "
        "with --password-prompt."
    )
    # Start fast: the system checks load every view (and their libraries); `winloss check`
    # runs them on demand, runserver and migrate as always.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The workspace's address")
        parser.add_argument("email")
        parser.add_argument("--role", required=True, help="One of: " + ", ".join(Role.values))
        parser.add_argument("--name", default="", help="Their full name, for a new account")
        parser.add_argument(
            "--password-prompt",
            action="store_true",
            help="Type the new account's password here instead of emailing a link",
        )
        parser.add_argument(
            "--no-email",
            action="store_true",
            help="Send no email; the person can use “Forgotten your password?” later",
        )

    def handle(
        self,
        *args,
        slug: str,
        email: str,
        role: str,
        name: str,
        password_prompt: bool,
        no_email: bool,
        **options,
    ) -> None:
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an email address.") from None
        if role not in Role.values:
            raise CommandError(f"Unknown role {role!r}. Choose one of: {', '.join(Role.values)}.")
        workspace = Workspace.objects.filter(slug=slug).first()
        if workspace is None:
            raise CommandError(f"No workspace with the address {slug!r}.")
        existing = User.objects.filter(email__iexact=email).exists()
        password = None
        if password_prompt and existing:
            self.stdout.write(f"{email} already has an account; it keeps its own password.")
        elif password_prompt:
            password = self._ask_password(email, name)

        with errors_as_command_error():
            membership = add_member(
                workspace=workspace,
                email=email,
                role=role,
                name=name,
                password=password,
                actor="cli",
            )
        user = membership.user
        self.stdout.write(f"{user.email} is now {membership.get_role_display()} in {workspace}.")
        if user.has_usable_password():
            return
        if no_email:
            self.stdout.write(
                f"{user.email} has no password yet: they choose one with “Forgotten your "
                f"password?” at {settings.SITE_URL}/accounts/password-reset/."
            )
            return
        self._send_reset(user)

    def _ask_password(self, email: str, name: str) -> str:
        for _ in range(PASSWORD_ATTEMPTS):
            first = getpass.getpass(f"Password for {email}: ")
            if first != getpass.getpass("Password again: "):
                self.stderr.write("The two passwords differ.")
                continue
            try:
                validate_password(first, User(email=email, name=name))
            except ValidationError as error:
                self.stderr.write(" ".join(error.messages))
                continue
            return first
        raise CommandError("No password set; nothing was changed.")

    def _send_reset(self, user: User) -> None:
        # The same email as "Forgotten your password?", sent by the task worker.
        form = ResetForm({"email": user.email})
        form.is_valid()
        form.send_reset(site_url=settings.SITE_URL)
        self.stdout.write(
            f"{user.email} will receive an email with a link to choose their password. If it "
            f"does not arrive, they can use “Forgotten your password?” on the login page."
        )
