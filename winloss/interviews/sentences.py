"""The history's sentence for each log code of interviews, transcripts, debriefs and validation.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "interview.started": "{actor} started the interview about {deal} (guide {guide})",
    "interview.role_recorded": "{actor} recorded the respondent's role for {deal}: {role}",
    "interview.completed": "{actor} completed the interview about {deal}",
    "interview.transcript_attached": "{actor} attached the transcript {file} ({turns} turns) to "
    "the interview about {deal}",
    "interview.transcript_speakers_mapped": "{actor} said who speaks in the transcript {file} of "
    "{deal}: {roles}",
    "interview.transcript_quoted": "{actor} quoted the transcript {file} of {deal} at {at} under "
    "{question}",
    "debrief.submitted": "{actor} gave the rep's debrief for {deal}",
    "interview.validated": "{actor} validated the interview about {deal}",
    "interview.returned": "{actor} returned the interview about {deal}: {comments}",
}
