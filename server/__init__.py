"""Voix API server: settings, LLM backends, drafting services, HTTP routes and the CLI."""

__version__ = "0.1.0"
