"""The buyer's survey page: consent, then each answer kept as it is given."""
