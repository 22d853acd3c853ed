"""Extension points for later stages (which accounts must not import)."""

from django.dispatch import Signal

# Sent with ``workspace`` once a workspace is created, inside its transaction: the coding
# stage seeds the workspace's codebook, so its pages find the SOP's themes and write nothing.
workspace_created = Signal()
