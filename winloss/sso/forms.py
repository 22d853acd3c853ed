from django import forms

from winloss.accounts.roles import Role


class RequirementForm(forms.Form):
    require_sso = forms.BooleanField(
        label="Require single sign-on",
        required=False,
        help_text="Members open this workspace only after signing in with their company "
        "account; a password sign-in is sent there first.",
    )


class GroupRoleForm(forms.Form):
    group = forms.CharField(
        label="Group",
        max_length=200,
        help_text="As your sign-in service sends it: a group's name (Okta) or object id (Entra).",
    )
    role = forms.ChoiceField(label="Role", choices=Role.choices)
