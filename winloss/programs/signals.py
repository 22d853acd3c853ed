"""Extension points for later stages (which programs must not import)."""

from django.dispatch import Signal

# Sent by ``waves.start_next_wave`` with ``previous``, ``wave`` and ``user``: the guide stage
# carries the last approved guide into the new wave.
wave_started = Signal()
