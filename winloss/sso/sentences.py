"""The history's sentence for each log code of single sign-on (see ``activity.display``)."""

SENTENCES: dict[str, str] = {
    "sso.signed_in": "{actor} signed in with their company account",
    "sso.account_created": "{actor} got an account by signing in with their company account",
    "sso.refused": "A sign-in with the company account {email} was refused: {reason}",
    "sso.requirement_changed": "{actor} changed whether members must sign in with their "
    "company account",
    "sso.group_mapped": "{actor} gave the company group {group} the role {role}",
    "sso.group_unmapped": "{actor} stopped giving the company group {group} a role",
    "sso.role_from_groups": "{member}'s role became {role} from their company groups",
    "sso.member_from_groups": "{member} joined as {role} from their company groups",
}
