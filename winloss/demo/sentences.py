"""The history's sentence for each log code of the demo workspace.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "deals.loaded": "{actor} loaded {count} deals from {source}",
}
