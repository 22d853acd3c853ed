import unicodedata
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.password_validation import validate_password
from django.http import HttpRequest

from winloss.lib import zones
from winloss.lib.enqueue import enqueue_on_commit

from .models import User, Workspace
from .roles import Role
from .tasks import send_password_reset_email


class ProfileForm(forms.Form):
    name = forms.CharField(
        label="Full name",
        max_length=User._meta.get_field("name").max_length,
        help_text="How colleagues see you in every workspace you belong to.",
    )
    timezone = forms.ChoiceField(
        label="Time zone",
        required=False,
        help_text="Every time on every page (availability, calendars, lists) is shown in it.",
        choices=lambda: [("", "My workspace's"), *zone_choices()],
    )


class WorkspaceNameForm(forms.Form):
    name = forms.CharField(
        label="Workspace name",
        max_length=Workspace._meta.get_field("name").max_length,
        help_text="Your company's name: emails to respondents say it. The address stays.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class WorkspaceTimeZoneForm(forms.Form):
    timezone = forms.ChoiceField(
        label="Workspace time zone",
        required=False,
        help_text="Members read times in it unless they chose their own on their profile.",
        choices=lambda: [("", "The server's (TIME_ZONE)"), *zone_choices()],
    )


def zone_choices() -> list[tuple[str, str]]:
    return [(z, z) for z in zones.choices()]


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email address")
    # No default: giving someone admin rights must be a choice, not an oversight.
    role = forms.ChoiceField(choices=[("", "Choose a role…"), *Role.choices])


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
    # The membership's version when the page was shown: another admin's change since then is
    # reported, not overwritten.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AcceptInvitationForm(forms.Form):
    """For someone new: the invitation fixes the email address; they choose a name and password."""

    name = forms.CharField(label="Full name", max_length=150)
    password1 = forms.CharField(label="Password", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="Password again", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, email: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords differ.")
        elif first:
            try:
                validate_password(first, User(email=self.email, name=data.get("name", "")))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ResetForm(PasswordResetForm):
    """Django's reset form, with two changes.

    Django skips accounts without a usable password (meant for external logins). In winloss
    every login is local, and people added by an admin start without one: they choose it
    through this same link.

    The email goes out from a task instead of during the request: a page that answers slower
    for a known address than for an unknown one would tell anyone who has an account.
    """

    def get_users(self, email):
        # As Django does: the typed and stored addresses must match after Unicode case
        # folding, not only in the database's collation (CVE-2019-19844).
        typed = _folded(email)
        for user in User.objects.filter(email__iexact=email, is_active=True):
            if _folded(user.email) == typed:
                yield user

    def save(  # type: ignore[override]
        self,
        domain_override: str | None = None,
        use_https: bool = False,
        request: HttpRequest | None = None,
        **ignored: Any,
    ) -> None:
        # The request's own host (already checked against ALLOWED_HOSTS by get_host()).
        domain = domain_override or (request.get_host() if request else "")
        for user in self.get_users(self.cleaned_data["email"]):
            enqueue_on_commit(send_password_reset_email, user.pk, domain, use_https)

    def send_reset(self, *, site_url: str) -> None:
        """For the CLI, which has no request: links point at the configured ``SITE_URL``."""
        site = urlsplit(site_url)
        self.save(domain_override=site.netloc, use_https=site.scheme == "https")


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()
