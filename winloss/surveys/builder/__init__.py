"""Building the buyer survey: a versioned questionnaire seeded from a bank, linted like the
interview guide, frozen once approved, previewed per outcome."""
