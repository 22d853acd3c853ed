from urllib.parse import urlsplit

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.password_validation import validate_password

from .models import User
from .roles import Role


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["name"]


class InviteForm(forms.Form):
    email = forms.EmailField(label="Email address")
    # No default: giving someone admin rights must be a choice, not an oversight.
    role = forms.ChoiceField(choices=[("", "Choose a role…"), *Role.choices])


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)


class AcceptInvitationForm(forms.Form):
    """For someone new: the invitation fixes the email address; they choose a name and password."""

    name = forms.CharField(label="Full name", max_length=150)
    password1 = forms.CharField(label="Password", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="Password again", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, email: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
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
    """Django skips accounts without a usable password (meant for external logins). In winloss
    every login is local, and people added by an admin start without one: they must be able to
    choose it through this same link."""

    def get_users(self, email):
        return User.objects.filter(email__iexact=email, is_active=True)

    def send_reset(self, *, site_url: str) -> None:
        site = urlsplit(site_url)
        self.save(
            domain_override=site.netloc,
            use_https=site.scheme == "https",
            email_template_name=RESET_EMAIL["email_template_name"],
            html_email_template_name=RESET_EMAIL["html_email_template_name"],
            subject_template_name=RESET_EMAIL["subject_template_name"],
        )


RESET_EMAIL = {
    "email_template_name": "accounts/email/password_reset.txt",
    "html_email_template_name": "accounts/email/password_reset.html",
    "subject_template_name": "accounts/email/password_reset_subject.txt",
}
