"""Choosing the reader of a connection's CRM (apart from the shared types, which each reader
imports: the package never imports its readers back)."""


def reader_for(connection, secret: str, backoff):
    """The reader for the connection's CRM; the library loads only now."""
    if connection.kind == "salesforce":
        from .salesforce import SalesforceReader

        return SalesforceReader(connection, secret, backoff)
    from .hubspot import HubSpotReader

    return HubSpotReader(connection, secret, backoff)
