"""Words the buyer reads that are written elsewhere — the codebook's built-in themes, the
quoting choices, outreach's link messages, the standard questions — marked here so that
``makemessages`` collects them for translation. A workspace's own wording is shown as written.
"""

from django.utils.translation import gettext_noop

BUILT_IN = [
    # The SOP codebook's themes (coding.codebook.DEFAULT_CODEBOOK), shown as decision factors.
    gettext_noop("Product fit"),
    gettext_noop("Pricing and commercial terms"),
    gettext_noop("Competitive displacement"),
    gettext_noop("Sales process quality"),
    gettext_noop("Messaging and positioning"),
    gettext_noop("Implementation risk"),
    gettext_noop("Procurement or legal friction"),
    # The quoting choices (outreach.models.Attribution).
    gettext_noop("Quotes may name me"),
    gettext_noop("Quotes only without my name or company"),
    gettext_noop("Do not quote me"),
    # Why a link no longer works (outreach.links and surveys.sending.hooks).
    gettext_noop("This link is not valid. Check that you opened it whole from the email."),
    gettext_noop("This link was replaced by a newer one. Use the most recent email."),
    gettext_noop("This link has expired. Reply to the email if you would still like to take part."),
    gettext_noop("Thank you: you have completed this survey, so the link no longer works."),
    gettext_noop("You said you would rather not take part, so this link no longer works."),
    gettext_noop("Too many attempts from your network. Wait a minute and try again."),
    # Consent refused without permission (outreach.services.record_consent).
    gettext_noop(
        "The survey needs permission to keep your answers. If you would rather not, "
        "decline instead: nothing is held against you."
    ),
    gettext_noop("Say whether and how you may be quoted."),
]

EMAILS = [
    # The survey's built-in invitation and reminder (outreach.emails.DEFAULTS), word for word:
    # a changed default is no longer found in the catalog (a test says so).
    gettext_noop("{company} asks for {duration} minutes of your view"),
    gettext_noop(
        "Dear {respondent},\n\n"
        "{company} is asking the people who recently decided on a purchase like yours, "
        "whatever they decided, what mattered to them. A short survey of about {duration} "
        "minutes, on your phone or computer, in the language you prefer; every answer is "
        "kept as you give it, so you can stop and come back:\n\n{link}\n\n{honorarium}\n\n"
        "If you would rather not, the same page lets you say so; we will not ask again.\n\n"
        "Thank you,\n{interviewer}"
    ),
    gettext_noop("A reminder: {duration} minutes for {company}"),
    gettext_noop(
        "Dear {respondent},\n\n"
        "A short reminder of our survey about your recent decision. It takes about "
        "{duration} minutes, and answers you already gave are kept:\n\n{link}\n\n"
        "Thank you,\n{interviewer}"
    ),
    # Their merge fields' fallbacks (surveys.sending.hooks).
    gettext_noop("there"),
    gettext_noop("The team"),
    # The program's thank-you (honoraria.queries.sentence), in the invitation and consent.
    gettext_noop(
        "As a thank-you, we will send a %(money)s gift card or donate %(money)s to %(charities)s."
    ),
    gettext_noop("As a thank-you, we will donate %(money)s to %(charities)s."),
    gettext_noop("a charity of your choice"),
    gettext_noop("a charity of your choice (%(names)s)"),
    gettext_noop("%(first)s or %(last)s"),
]
