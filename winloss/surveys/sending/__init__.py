"""Sending the buyer survey: who gets it, the batch, and the staff's view of the answers."""
