"""Program health (shown on every program's overview): coverage, pace, response, freshness."""
