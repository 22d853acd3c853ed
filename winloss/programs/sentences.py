"""The history's sentence for each log code of programs and their samples.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "program.created": "{actor} created the program {object}",
    "program.scope_changed": "{actor} changed the scope of {object}",
    "program.status_changed": "{actor} changed the status of {object}",
    "sample.drawn": "{actor} drew a sample of {size} deals for {object} ({allocation}, seed "
    "{seed}) from {eligible} eligible",
    "sample.discarded": "{actor} discarded the sample of {object}: {reason}",
    "sample.deal_added": "{actor} added {deal} to the sample of {object}: {reason}",
    "sample.deal_removed": "{actor} removed {deal} from the sample of {object}: {reason}",
    "sample.declined": "{actor} recorded that {deal} declined: {reason}",
    "sample.unreachable": "{actor} recorded that {deal} could not be reached: {reason}",
    "sample.replacement_proposed": "{deal} was proposed to replace {replaces} in {object}",
    "sample.no_replacement": "No eligible deal was left in {stratum} to replace {deal}",
    "sample.replacement_accepted": "{actor} accepted {deal} as a replacement in {object}",
    "sample.replacement_skipped": "{actor} passed over {deal} as a replacement: {reason}",
    "sample.respondents_found": "{actor} added contacts that gave {count} deals of {object} "
    "their respondent: {deals}",
    "sample.interviewer_assigned": "{actor} assigned {interviewer} to interview {deal}",
    "sample.interviewers_assigned": "{actor} assigned interviewers to {count} deals of {object}",
    "sample.exclusion_approved": "{actor} approved sampling {account} despite its open "
    "dispute: {reason}",
}
