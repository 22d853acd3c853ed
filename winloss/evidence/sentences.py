"""The history's sentence for each log code of the evidence library.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "search.saved": "{actor} saved the evidence search {object}",
    "search.deleted": "{actor} deleted the evidence search {object}",
}
