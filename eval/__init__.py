"""Evaluation harness: scenarios as data, runs through the API's own drafting services,
automatic checks, reviewer scores and A/B preferences in SQLite, agreement and reports."""
