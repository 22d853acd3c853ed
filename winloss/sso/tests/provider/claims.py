"""What the test provider says about its people: their address, whether it is verified, and
their groups (Django groups, except the marker for an unverified address)."""

from oidc_provider.lib.claims import ScopeClaims

UNVERIFIED = "unverified-email"


def userinfo(claims: dict, user) -> dict:
    claims["email"] = user.email
    claims["email_verified"] = not user.groups.filter(name=UNVERIFIED).exists()
    claims["name"] = user.get_full_name()
    return claims


def _groups(user) -> list[str]:
    return sorted(user.groups.exclude(name=UNVERIFIED).values_list("name", flat=True))


class GroupsClaims(ScopeClaims):
    def scope_groups(self) -> dict:
        return {"groups": _groups(self.user)}
