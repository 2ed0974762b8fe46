"""Page numbers as lists accept them: from 1 to :data:`MAX_PAGE`.

A page past the last one is an empty page (the list's count says how many there are); a number
past :data:`MAX_PAGE` is refused: offsets stay far inside the databases' integers, and no reader
pages that far (the filters narrow a list long before).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest

MAX_PAGE = 10_000
MAX_PER_PAGE = 100


def page_number(request: HttpRequest, name: str = "page") -> int:
    """The page a list page was asked for: 1 when absent or not a whole number; a 404 past
    :data:`MAX_PAGE`."""
    raw = request.GET.get(name, "1").strip()
    if not raw.isascii() or not raw.isdigit():
        return 1
    if len(raw) > 6 or int(raw) > MAX_PAGE:
        raise Http404
    return max(int(raw), 1)


def rows_shown(post, name: str, limit: int) -> int:
    """How many repeated blocks (agenda items, intermediaries) a form shows: one to start;
    an "add another" button (``more`` = ``name``) posts the form back with one more, so no
    script is needed and nothing typed is lost."""
    raw = str(post.get(name, "1")).strip()
    shown = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 6 else 1
    if post.get("more") == name:
        shown += 1
    return max(1, min(shown, limit))
