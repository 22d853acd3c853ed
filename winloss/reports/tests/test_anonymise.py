from winloss.outreach.models import Attribution
from winloss.reports.anonymise import Identity, company_forms, redact

ANONYMOUS = Identity(
    attribution=Attribution.ANONYMOUS,
    respondent="Dana Whitfield",
    company="Northwind Traders, Inc.",
    people=("Sam Okafor",),
)


def test_anonymous_quote_loses_names_company_email_and_phone():
    text = (
        "Dana here: Northwind's board asked Sam Okafor to call me on +44 20 7946 0958 "
        "or mail dana.whitfield@northwind.example; Northwind Traders paid $40,000 in 2024."
    )
    quoted = redact(text, ANONYMOUS)
    assert quoted == (
        "[name] here: [company]'s board asked [name] to call me on [phone] "
        "or mail [email]; [company] paid $40,000 in 2024."
    )


def test_named_quote_keeps_the_respondent_and_company_but_not_others():
    named = Identity(**{**ANONYMOUS.__dict__, "attribution": Attribution.NAMED})
    quoted = redact("Dana Whitfield of Northwind: Sam Okafor was great, 555-123-4567.", named)
    assert quoted == "Dana Whitfield of Northwind: [name] was great, [phone]."


def test_not_quotable_is_never_quoted():
    assert redact("Anything", Identity(attribution=Attribution.NOT_QUOTABLE)) is None
    assert redact("Anything", Identity(attribution="")) is None


def test_honorifics_and_analyst_terms():
    quoted = redact("Dr. Patel liked Project Falcon.", ANONYMOUS, extra=["Project Falcon"])
    assert quoted == "[name] liked […]."


def test_company_forms_drop_legal_suffixes():
    assert company_forms("Northwind Traders, Inc.") == {
        "Northwind Traders, Inc.",
        "Northwind Traders",
    }


def test_short_name_parts_are_not_words():
    short = Identity(attribution=Attribution.ANONYMOUS, respondent="Al Li")
    assert redact("Al Li said all is fine", short) == "[name] said all is fine"
