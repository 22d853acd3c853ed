"""The history's sentence for each log code of honoraria.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "honorarium.offer_set": "{actor} set version {number} of the honorarium offer of {object}: "
    "{terms}",
    "honorarium.recorded": "{actor} recorded a respondent's honorarium of {amount}: {choice}, "
    "{status}",
    "honorarium.status_changed": "{actor} marked a respondent's honorarium of {amount} {status}",
}
