"""Extension points for later stages (which interviews must not import)."""

from django.dispatch import Signal

# Sent with ``interview`` and ``user`` when a reviewer signs an interview off, inside the
# sign-off's transaction: a receiver queues its work on commit, never blocking the reviewer.
interview_validated = Signal()
