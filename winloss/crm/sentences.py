"""The history's sentence for each log code of the CRM sync.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up. A sync's saved records are logged by the deal
imports themselves, as any import is."""

SENTENCES: dict[str, str] = {
    "crm.connection_saved": "{actor} saved the workspace's {kind} connection",
    "crm.write_back_saved": "{actor} saved what validated interviews write back to {kind}",
    "crm.written_back": "{actor} wrote the findings on {deal} to {crm} record {record} "
    "(fields: {fields}): {result}",
}
