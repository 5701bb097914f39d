"""One URL, two renderings: the whole page, or just the fragment when htmx asks for it."""

from __future__ import annotations

from typing import Any

from flask import Response, make_response, render_template

from scheduler.web.extensions import htmx


def wants_fragment() -> bool:
    """True for an htmx request that is not a history restore (that one needs the whole page)."""
    return bool(htmx) and not htmx.history_restore_request


def render(page: str, partial: str, status: int = 200, **context: Any) -> Response:
    """Render `page`, or `partial` for htmx, always with Vary: HX-Request for caches."""
    template = partial if wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.headers.add("Vary", "HX-Request")
    return response
