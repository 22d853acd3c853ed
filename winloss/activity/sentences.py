"""The history's sentence for each log code the audit trail itself writes.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "log.words_removed": "The words quoted in {entries} earlier history entries were removed",
}
