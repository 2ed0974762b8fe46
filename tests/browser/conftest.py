"""Playwright (Python) driving Debian's chromium, never a downloaded browser."""

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium")
    if path is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed; under CI the browser tests must run")
        pytest.skip("chromium is not installed (apt-get install chromium); browser tests skipped")
    return path


@pytest.fixture
def page(chromium_path):
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test
    # body are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="ja-JP")
        page = context.new_page()
        page.set_default_timeout(15000)
        page.csp_violations = csp_violations_watch(context)
        yield page
        context.close()
        browser.close()
    # Every browser test is also a test of the Content-Security-Policy: whatever page it
    # visited, chromium must have refused nothing.
    assert page.csp_violations == [], page.csp_violations


# Reported by the document itself; the binding survives navigation, so no page's report is
# lost when the test moves on.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (e) => {
  window.__renkeiCspViolation(
    `${e.violatedDirective} blocked ${e.blockedURI || "inline"} on ${document.location.pathname}`
  );
});
"""


def csp_violations_watch(context) -> list[str]:
    violations: list[str] = []
    context.expose_function("__renkeiCspViolation", lambda text: violations.append(text))
    context.add_init_script(_CSP_LISTENER)
    return violations


@pytest.fixture
def demo(live_server):
    """The live server with the five MOCs and the demo accounts, as `renkei demo` makes them."""
    from renkei.accounts.reference_data import units_load
    from renkei.agreements.demo import demo_seed
    from renkei.agreements.services import agreements_load, agreements_partner_units_sync

    agreements_load()
    units_load()
    agreements_partner_units_sync()
    demo_seed()
    # Counters survive between tests that commit; the tests log in from one address.
    from django.core.cache import caches

    caches["ratelimit"].clear()
    return live_server.url


def log_in(page, base, username, password="renkei-demo-2026"):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form.stack button[type=submit]")
    page.wait_for_selector("[data-testid=who]")


def log_out(page):
    page.click("form[action='/accounts/logout/'] button")
    page.wait_for_selector("input[name=username]")
