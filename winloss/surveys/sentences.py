"""The history's sentence for each log code of buyer surveys.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "survey.imported": "{actor} imported {count} survey responses into {object} from {file}",
    "survey.answer_coded": "{actor} coded an open answer of {object} as {theme} ({direction})",
    "survey.answer_uncoded": "{actor} took {theme} off an open answer of {object}",
    "survey.started": "{actor} started the buyer survey of {object} from the question bank "
    "({count} questions, {factors} decision factors)",
    "survey.carried_forward": "{actor} started the buyer survey of {object} as a draft copy "
    "of version {based_on} of “{wave}”",
    "survey.revised": "{actor} started draft version {number} of the buyer survey of {object}, "
    "a copy of version {based_on}",
    "survey.question_added": "{actor} added a question to survey v{number} of {object}: {text}",
    "survey.question_edited": "{actor} edited a question in survey v{number} of {object}: {text}",
    "survey.question_moved": "{actor} moved a question {direction} in survey v{number} of "
    "{object}: {text}",
    "survey.question_deleted": "{actor} deleted a question from survey v{number} of {object}: "
    "{text}",
    "survey.finding_waived": "{actor} waived the {rule} finding on “{text}” in survey v{number} "
    "of {object}: {reason}",
    "survey.factor_added": "{actor} added the decision factor “{theme}” to survey v{number} of "
    "{object}",
    "survey.factor_removed": "{actor} removed the decision factor “{theme}” from survey "
    "v{number} of {object}",
    "survey.factor_moved": "{actor} moved the decision factor “{theme}” {direction} in survey "
    "v{number} of {object}",
    "survey.approved": "{actor} approved version {number} of the buyer survey of {object} "
    "({count} questions, {factors} decision factors)",
    "survey.sent": "{actor} sent survey v{version} of {object} to {count} buyers ({to})",
    "survey_response.agreed": "{actor} agreed to the survey of {object} about “{deal}”",
    "survey_response.completed": "{actor} completed the survey of {object} about “{deal}”",
    "survey_response.declined": "{actor} declined the survey of {object} about “{deal}”",
    "survey.languages": "{actor} set the languages respondents may answer in: {languages}",
}
