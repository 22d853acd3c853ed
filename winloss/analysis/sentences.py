"""The history's sentence for each log code of the analysis.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "program.expected_criteria_set": "{actor} set the buying criteria expected in {object}",
}
