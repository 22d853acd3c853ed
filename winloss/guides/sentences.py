"""The history's sentence for each log code of interview guides.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "guide.started": "{actor} started the interview guide of {object} from the question bank "
    "({count} questions)",
    "guide.carried_forward": "{actor} started the interview guide of {object} as a draft copy "
    "of version {based_on} of “{wave}”",
    "guide.revised": "{actor} started draft version {number} of the interview guide of {object}, "
    "a copy of version {based_on}",
    "guide.question_added": "{actor} added a question to {section} in guide v{number} of "
    "{object}: {text}",
    "guide.question_edited": "{actor} edited a question in {section} in guide v{number} of "
    "{object}: {text}",
    "guide.question_moved": "{actor} moved a question {direction} in {section} in guide "
    "v{number} of {object}: {text}",
    "guide.question_deleted": "{actor} deleted a question from {section} in guide v{number} of "
    "{object}: {text}",
    "guide.finding_waived": "{actor} waived the {rule} finding on “{text}” in guide v{number} "
    "of {object}: {reason}",
    "guide.approved": "{actor} approved version {number} of the interview guide of {object} "
    "({count} questions)",
}
