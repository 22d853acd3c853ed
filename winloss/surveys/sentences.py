"""The history's sentence for each log code of buyer surveys.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "survey.imported": "{actor} imported {count} survey responses into {object} from {file}",
    "survey.answer_coded": "{actor} coded an open answer of {object} as {theme} ({direction})",
    "survey.answer_uncoded": "{actor} took {theme} off an open answer of {object}",
}
