"""The history's sentence for each log code of deals, competitors and CRM imports.

``{actor}`` and ``{object}`` come from the entry, other names from its ``data``;
``activity.display`` gathers these at start-up."""

SENTENCES: dict[str, str] = {
    "deal.changed": "{actor} edited the deal {object}",
    "deals.imported": "{actor} imported deals from {file}: {created} new, {updated} updated, "
    "{unchanged} unchanged, {rejected} rejected",
    "deals.enriched": "{actor} updated {what} from {file}",
    "deals.competitors_imported": "{actor} imported deal competitors from {file}: {created} "
    "added to deals, {unchanged} already there, {competitors_created} new competitors, "
    "{rejected} rows rejected",
    "deals.contacts_imported": "{actor} imported deal contacts from {file}: {created} new, "
    "{updated} updated, {unchanged} unchanged, {rejected} rows rejected; {deals_updated} deals "
    "gained contacts",
    "deals.stage_mapped": "{actor} set imports to read the CRM stage {stage} as {outcome}",
    "mapping.saved": "{actor} saved the column mapping {object}",
    "account.changed": "{actor} edited the account {object}",
    "contact.added": "{actor} added the contact {object} ({role}) to {deals}",
    "contact.changed": "{actor} edited the contact {object}",
    "competitor.created": "{actor} added the competitor {object}",
    "competitor.changed": "{actor} edited the competitor {object}",
    "competitor.merged": "{actor} merged {source} into {object} ({deals} deals moved)",
    "competitor.merged_away": "{actor} merged {object} into {target}",
    "deals.product_renamed": "{actor} renamed the product {old} to {new} on {count} deals",
}
