"""Extension points for later stages (which deals must not import)."""

from django.dispatch import Signal

# Sent with ``deal_ids`` once contacts were added to deals (by hand or by an import), after
# the transaction commits: a sample drawn before then gives those deals their respondent.
contacts_linked = Signal()
