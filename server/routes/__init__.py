"""Thin HTTP handlers, one module per resource: parse, call one service, shape the response."""
