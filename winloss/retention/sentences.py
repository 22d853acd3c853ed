"""The history's sentence for each log code of retention and deletion requests.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "respondent.forgotten": "{actor} deleted a respondent's data at their request ({interviews} "
    "interviews, {appointments} appointments; counts kept)",
    "retention.policy_changed": "{actor} changed the retention policy",
    "retention.purged": "{actor} purged the notes and transcripts of {interviews} interviews "
    "completed before {cutoff} ({notes} notes, {revisions} revisions, {transcripts} "
    "transcripts of {turns} turns emptied; {excerpts} coded excerpts anonymised)",
}
