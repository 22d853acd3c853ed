"""The history's sentence for each log code of reports.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "report.edited": "{actor} edited the draft of the report {object}",
    "report.quote_added": "{actor} added a quote to the report {object}",
    "report.quote_removed": "{actor} removed a quote from the report {object}",
    "report.quote_redactions_set": "{actor} changed the words blacked out in a quote of the "
    "report {object}",
    "report.memo_cited": "{actor} cited the memo “{memo}” in the methodology of the report "
    "{object}",
    "report.memo_uncited": "{actor} took the memo “{memo}” out of the report {object}",
    "report.published": "{actor} published version {version} of the report {object}",
}
