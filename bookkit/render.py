"""HTML snippets from Jinja2 templates (bookkit/templates/) with autoescaping on: data can never become markup.

    render("brief_events.html", events=[...])
"""
from __future__ import annotations

import functools
import pathlib

TEMPLATES = pathlib.Path(__file__).with_name("templates")


@functools.cache
def _environment():
    import jinja2
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)


def render(template: str, **context) -> str:
    return _environment().get_template(template).render(**context)
