"""The history's sentence for each log code of buyer surveys.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "survey.imported": "{actor} imported {count} survey responses into {object} from {file}",
    "survey.sent": "{actor} sent survey v{version} of {object} to {count} buyers ({to})",
    "survey.started": "{actor} agreed to the survey of {object} about “{deal}”",
    "survey.completed": "{actor} completed the survey of {object} about “{deal}”",
    "survey.declined": "{actor} declined the survey of {object} about “{deal}”",
    "survey.languages": "{actor} set the languages respondents may answer in: {languages}",
}
