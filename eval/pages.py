"""Server-rendered review pages: Jinja2 templates with autoescaping on, so that no comment,
draft or reviewer name can inject markup; the pages' script and style are served as files
(the Content-Security-Policy forbids inline ones)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from eval.rubric import RUBRIC, SCALE

ASSETS = {"review.js": "text/javascript", "review.css": "text/css"}


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("eval", "templates"),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(rubric=RUBRIC, scale=SCALE)
    return env


def render(template: str, **context: Any) -> str:
    return _environment().get_template(template).render(**context)


@cache
def asset(name: str) -> tuple[bytes, str]:
    """(content, media type) of a static file of the review pages."""
    if name not in ASSETS:
        raise KeyError(name)
    return files(__package__).joinpath("static", name).read_bytes(), ASSETS[name]
