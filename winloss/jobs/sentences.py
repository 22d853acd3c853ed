"""The history's sentence for each log code of background jobs.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "job.retried": "{actor} started the job {label} again",
}
