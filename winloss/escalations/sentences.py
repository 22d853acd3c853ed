"""The history's sentence for each log code of escalations and their notifications.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "escalation.raised": "{actor} escalated a {category} to {owner} in {object}",
    "escalation.acknowledged": "{actor} acknowledged the {category} escalation",
    "escalation.resolved": "{actor} resolved the {category} escalation: {resolution}",
    "webhook.saved": "{actor} set up {kind} notifications",
}
