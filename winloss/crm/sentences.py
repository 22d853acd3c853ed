"""The history's sentence for each log code of the CRM sync.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up. A sync's saved records are logged by the deal
imports themselves, as any import is."""

SENTENCES: dict[str, str] = {
    "crm.connection_saved": "{actor} saved the workspace's {kind} connection",
    "crm.write_back_saved": "{actor} saved what validated interviews write back to {kind}",
    "crm.written_back": "{actor} wrote the findings on {deal} to {crm} record {record} "
    "(fields: {fields}): {result}",
    "crm.deal_sampled": "{actor} added {deal} to the sample; invitation {invitation}",
    "crm.deal_not_sampled": "{actor} did not add {deal} to the sample: {reason}",
    "crm.trigger_saved": (
        "{actor} turned the deal-closed trigger of {object} {state}; invitation {invitation}"
    ),
    "crm.webhook_saved": "{actor} saved the workspace's CRM webhook secret",
    "crm.deal_deleted": "{actor} marked {deal} as deleted in {crm}; it stays, out of later draws",
    "crm.deal_restored": "{actor} found {deal} in {crm} again and took off its deleted mark",
}
