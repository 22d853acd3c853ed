"""The history's sentence for each log code of outreach, consent texts and emails.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "outreach.invited": "{actor} sent {count} interview invitations for {object}",
    "outreach.booked": "{actor} booked the interview about {deal} for {when}",
    "outreach.rescheduled": "{actor} moved the interview about {deal} to {to}",
    "outreach.cancelled": "{actor} cancelled the interview about {deal}: {reason}",
    "outreach.declined": "{actor} declined the interview about {deal}: {reason}",
    "outreach.attempt": "{actor} recorded a contact attempt ({channel}) about {deal}",
    "outreach.no_show": "{actor} marked the interview about {deal} as a no-show",
    "availability.added": "{actor} added the availability window {window}",
    "availability.removed": "{actor} removed the availability window {window}",
    "calendar_feed.created": "{actor} made a private calendar feed address for {object}",
    "calendar_feed.reset": (
        "{actor} reset the private calendar feed address of {object}; the old one no longer works"
    ),
    "busy_calendar.saved": (
        "{actor} saved a free/busy calendar address (at {host}) for {object}: {busy} busy times"
    ),
    "busy_calendar.refreshed": (
        "{actor} read {object}'s free/busy calendar again: {busy} busy times"
    ),
    "busy_calendar.removed": "{actor} removed the free/busy calendar address of {object}",
    "outreach.voice_added": "{actor} added {contact} ({role}) as a further voice on {deal}",
    "outreach.link_issued": (
        "{actor} issued a new buyer's link ({purpose}) for the interview about {deal}; "
        "older links no longer work"
    ),
    "consent_text.saved": "{actor} saved a new version of the {kind}",
    "email_template.saved": "{actor} saved the workspace's wording of the {kind} email",
    "email_template.reset": "{actor} put the {kind} email back to the built-in wording",
}
