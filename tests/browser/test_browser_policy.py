"""Every page the demo's users can reach, walked by following its links, carries the strict
Content-Security-Policy and the Permissions-Policy, and chromium refuses nothing on any of them
(the ``page`` fixture fails a test on any violation)."""

import re
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Leaving, switching language and downloads are not pages to render.
_SKIP = re.compile(
    r"/accounts/logout/|/i18n/|/attachments/\d+|/download|\.(ics|json|txt|csv|xlsx|pdf)$"
)
PAGES_PER_USER = 45


def _shape(url: str) -> str:
    """Pages of the same kind (another exchange, another page of a list) are visited once."""
    parts = urlsplit(url)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def _walk(page, base: str, start: str) -> list[str]:
    queue, seen, visited = [start], set(), []
    while queue and len(visited) < PAGES_PER_USER:
        url = queue.pop(0)
        if _shape(url) in seen:
            continue
        seen.add(_shape(url))
        response = page.goto(url)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        visited.append(url)
        policy = response.headers.get("content-security-policy", "")
        assert "default-src 'none'" in policy and "script-src 'self'" in policy, url
        assert "'unsafe-inline'" not in policy, url
        assert "camera=()" in response.headers.get("permissions-policy", ""), url
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            href = href.split("#")[0]
            if href.startswith(base) and not _SKIP.search(href) and "format=" not in href:
                queue.append(href)
    return visited


@pytest.mark.parametrize("username", [None, "isa.contact", "la.contact", "isa.examiner"])
def test_no_page_breaks_the_content_security_policy(demo, page, username):
    if username:
        log_in(page, demo, username)
    visited = _walk(page, demo, f"{demo}/")
    assert len(visited) >= 8, visited  # the walk went somewhere
    assert page.csp_violations == []


def test_the_watch_catches_an_inline_style(demo, page):
    page.goto(f"{demo}/")
    page.evaluate(
        "() => { const s = document.createElement('style'); s.textContent = 'a{}';"
        " document.head.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert any("style-src" in v for v in page.csp_violations), page.csp_violations
    page.csp_violations.clear()  # expected here; the fixture checks the rest
