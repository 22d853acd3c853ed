"""The history's sentence for each log code of the action log and follow-ups.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "action.created": "{actor} recorded the action “{title}” for {owner}",
    "action.status_changed": "{actor} marked the action “{title}” {status}",
    "follow_up.planned": "{actor} planned a follow-up with the buyer of {deal}",
    "follow_up.done": "{actor} recorded the follow-up with the buyer of {deal}",
}
