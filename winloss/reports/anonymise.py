"""Quotes as a report may show them (SOP step 10): anonymised according to what each
respondent allowed when they gave consent.

- "named": the respondent and their company may be named; other people, email addresses and
  phone numbers are still taken out, because the respondent's permission covers only them.
- "anonymous": the respondent, their company (and its parent), everyone the deal's records
  name (the account's contacts, the deal owner, the interviewer) and every member of the
  workspace are replaced, as are email addresses, phone numbers and "Mr./Ms./Dr. Surname".
- "not quotable": no quote at all (``None``), whatever the analyst chose.

No consent on record counts as "not quotable": words nobody allowed to be quoted stay out.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from winloss.accounts.models import Membership
from winloss.deals.models import Contact
from winloss.interviews.models import Interview
from winloss.outreach.models import Attribution, ConsentRecord

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# International or national numbers of 7+ digits, with the usual separators; not years or
# amounts ("2024", "$40,000"), which have fewer digits or no separators between groups.
PHONE = re.compile(r"(?<![\w$€£])(?:\+?\d[\d ().-]{6,}\d)(?![\w%])")
HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.?\s+[A-Z][\w'-]+")
# Legal suffixes people drop when they speak of a company ("Acme" for "Acme Corp, Inc.").
COMPANY_SUFFIX = re.compile(
    r"[\s,]+(?:inc|ltd|llc|plc|gmbh|ag|sa|sas|bv|nv|corp|corporation|co|company|group|"
    r"limited|holdings)\.?$",
    re.IGNORECASE,
)
NAME_PART_MIN = 3  # "Al" or "Jo" alone would take out ordinary words

PERSON = "[name]"
COMPANY = "[company]"


@dataclass(frozen=True)
class Identity:
    """Who a passage could give away, and what its respondent allowed."""

    attribution: str
    respondent: str = ""
    company: str = ""
    people: tuple[str, ...] = ()  # other people the records name
    companies: tuple[str, ...] = ()  # the company's other names (parent, short form)

    @property
    def quotable(self) -> bool:
        return self.attribution in (Attribution.NAMED, Attribution.ANONYMOUS)

    @property
    def named(self) -> bool:
        return self.attribution == Attribution.NAMED


def company_forms(name: str) -> set[str]:
    """A company's name as people say it: in full and without its legal suffixes."""
    forms = {name.strip()} if name.strip() else set()
    short = name.strip()
    while True:
        shorter = COMPANY_SUFFIX.sub("", short).strip(" ,")
        if shorter == short or not shorter:
            break
        forms.add(shorter)
        short = shorter
    return forms


def company_first_word(name: str) -> str:
    """What people call "Northwind Traders" in passing: "Northwind". Matched only as written
    with its capital, so "General Electric" does not take out every "general"."""
    words = COMPANY_SUFFIX.sub("", name.strip()).split()
    return words[0].strip(",") if len(words) > 1 and len(words[0]) >= 4 else ""


def person_forms(name: str) -> set[str]:
    """A person's full name and each part long enough to be a name, not a word."""
    name = " ".join(name.split())
    if not name or "@" in name:
        return set()
    return {name} | {part for part in re.split(r"[\s,]+", name) if len(part) >= NAME_PART_MIN}


@lru_cache(maxsize=4096)
def _pattern(terms: frozenset[str], cased: bool) -> re.Pattern | None:
    # Longest first, so "Dana Whitfield" goes as one before "Dana" could split it.
    ordered = sorted((t for t in terms if t), key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(t) for t in ordered) + r")(?:'s)?(?!\w)",
        0 if cased else re.IGNORECASE,
    )


def _replace(text: str, terms: Iterable[str], mark: str, *, cased: bool = False) -> str:
    pattern = _pattern(frozenset(terms), cased)
    if pattern is None:
        return text
    return pattern.sub(lambda m: mark + ("'s" if m.group(0).lower().endswith("'s") else ""), text)


@dataclass(frozen=True)
class _Terms:
    people: frozenset[str]
    companies: frozenset[str]
    first_words: frozenset[str]


@lru_cache(maxsize=4096)
def _terms(identity: Identity) -> _Terms:
    """What to take out for one identity, worked out once for all of its passages."""
    people: set[str] = set()
    for person in identity.people:
        people |= person_forms(person)
    companies: set[str] = set()
    firsts: set[str] = set()
    if identity.named:
        # The respondent's own name parts stay even where a colleague shares them.
        people -= person_forms(identity.respondent)
    else:
        people |= person_forms(identity.respondent)
        for name in (identity.company, *identity.companies):
            companies |= company_forms(name)
            firsts.add(company_first_word(name))
    return _Terms(frozenset(people), frozenset(companies), frozenset(firsts))


def redact(text: str, identity: Identity, extra: Iterable[str] = ()) -> str | None:
    """``text`` as a report may quote it, or ``None`` when it may not be quoted at all.
    ``extra`` are further words the analyst asked to take out (a product code name, a city)."""
    if not identity.quotable:
        return None
    terms = _terms(identity)
    text = EMAIL.sub("[email]", text)
    text = PHONE.sub("[phone]", text)
    if not identity.named:
        text = HONORIFIC.sub(PERSON, text)
    text = _replace(text, terms.companies, COMPANY)
    text = _replace(text, terms.first_words, COMPANY, cased=True)
    text = _replace(text, terms.people, PERSON)
    return _replace(text, extra, "[…]")


def identities(interview_ids: Iterable[int]) -> dict[int, Identity]:
    """Each interview's identity, in a fixed number of queries whatever their number."""
    ids = list(interview_ids)
    rows = list(
        Interview.objects.filter(pk__in=ids)
        .select_related("appointment__contact", "entry__contact", "entry__deal__account")
        .select_related("entry__deal__owner", "interviewer")
        .only(
            "workspace_id",
            "appointment__contact__name",
            "entry__contact__name",
            "entry__deal__account__name",
            "entry__deal__account__parent_name",
            "entry__deal__owner_name",
            "entry__deal__owner__name",
            "interviewer__name",
        )
    )
    attribution: dict[int, str] = {}
    appointments = {i.appointment_id: i.pk for i in rows if i.appointment_id}
    consents = (
        ConsentRecord.objects.filter(appointment_id__in=appointments)
        .order_by("appointment_id", "given_at", "pk")
        .values_list("appointment_id", "attribution")
    )
    for appointment_id, choice in consents:  # the latest wins
        attribution[appointments[appointment_id]] = choice
    accounts = {i.entry.deal.account_id for i in rows if i.entry.deal.account_id}
    # Keyed None too: a deal without an account looks its contacts up and finds none.
    contacts: dict[int | None, list[str]] = defaultdict(list)
    for account_id, name in Contact.objects.filter(account_id__in=accounts).values_list(
        "account_id", "name"
    ):
        contacts[account_id].append(name)
    workspaces = {i.workspace_id for i in rows}
    members: dict[int, list[str]] = defaultdict(list)
    for workspace_id, name in Membership.objects.filter(workspace_id__in=workspaces).values_list(
        "workspace_id", "user__name"
    ):
        if name:
            members[workspace_id].append(name)
    result = {}
    for interview in rows:
        deal = interview.entry.deal
        account = deal.account
        contact = (interview.appointment and interview.appointment.contact) or (
            interview.entry.contact
        )
        respondent = contact.name if contact else ""
        people = [*contacts.get(deal.account_id, ()), *members.get(interview.workspace_id, ())]
        people += [deal.owner_name, deal.owner.name if deal.owner else ""]
        people += [interview.interviewer.name if interview.interviewer else ""]
        result[interview.pk] = Identity(
            attribution=attribution.get(interview.pk, Attribution.NOT_QUOTABLE),
            respondent=respondent,
            company=account.name if account else "",
            people=tuple(p for p in people if p and p != respondent),
            companies=(account.parent_name,) if account and account.parent_name else (),
        )
    return result
