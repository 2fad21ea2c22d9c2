"""Drafting use cases (reply, and later post and trend) and the rules they enforce."""
