"""Evaluation harness (scenarios, checks, runs, reviews). Built in a later issue."""
