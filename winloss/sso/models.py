from django.db import models

from winloss.accounts.models import Workspace
from winloss.accounts.roles import Role


class SignOnPolicy(models.Model):
    """A workspace's single sign-on rules; a workspace without one signs in as it likes."""

    workspace = models.OneToOneField(
        Workspace, on_delete=models.CASCADE, related_name="sign_on_policy"
    )
    # Members open the workspace only in a session started through the company's provider.
    require_sso = models.BooleanField("require single sign-on", default=False)
    # When it was last switched on: API tokens made before then may have come from a password
    # session, so they stop working in this workspace (``tokens_refused``).
    required_since = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Sign-on policy of {self.workspace}"


class GroupRole(models.Model):
    """A group of the company's provider, giving its members a role in the workspace."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="group_roles")
    # As the provider sends it in the groups claim: a name (Okta), an object id (Entra).
    group = models.CharField(max_length=200)
    role = models.CharField(max_length=20, choices=Role.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "group"], name="one_role_per_group"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="group_role_known"
            ),
        ]
        ordering = ["group"]

    def __str__(self) -> str:
        return f"{self.group} → {self.get_role_display()}"


class ConsumedAssertion(models.Model):
    """A SAML assertion that signed someone in: the same one is never accepted twice. Kept
    until it expires (its NotOnOrAfter), after which it would be refused anyway."""

    assertion_id = models.CharField(max_length=256, unique=True)
    issuer = models.CharField(max_length=500)
    not_on_or_after = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"Assertion {self.assertion_id} from {self.issuer}"
