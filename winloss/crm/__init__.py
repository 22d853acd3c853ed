"""CRM sync: a workspace's Salesforce or HubSpot, read on a schedule into its deals.

``models`` (a connection per workspace, a run per sync), ``secrets`` (client secrets and
tokens encrypted at rest), ``clients`` (one module per CRM, each speaking its vendor's client
library, and ``backoff`` for retries), ``sync`` (the service: records into the rows the deal
imports check and save, so a synced deal and an imported one meet the same rules), ``views``,
``tasks`` and the ``winloss sync-crm`` command.
"""
