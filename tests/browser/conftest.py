"""Playwright (Python) driving Debian's chromium, never a downloaded browser."""

import os
import shutil
from pathlib import Path

import pytest

# axe-core, from npm (package.json; `npm ci` in .ci/run and ./scripts/test): run on every page
# a browser test loads, in whichever language it is shown.
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_FAILS_ON = ("serious", "critical")

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
        page.axe_violations = axe_watch(page, axe_source())
        yield page
        context.close()
        browser.close()
    # Every browser test is also a test of the Content-Security-Policy: whatever page it
    # visited, chromium must have refused nothing.
    assert page.csp_violations == [], page.csp_violations
    # ...and of accessibility: no serious or critical axe-core finding on any page it loaded.
    assert page.axe_violations == [], "\n".join(page.axe_violations)


def axe_source() -> str | None:
    if AXE.exists():
        return AXE.read_text(encoding="utf-8")
    if os.environ.get("CI") == "true":
        pytest.fail("axe-core is not installed (npm ci); under CI every page must be checked")
    return None


_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => %s.includes(v.impact))
    .map((v) => `${v.id} (${v.impact}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
}"""


def axe_audit(page) -> list[str]:
    """The serious and critical findings on the page as it stands, each with its address and
    language."""
    if not page.axe_enabled:
        return []
    page.evaluate(page.axe_source_text)
    found = page.evaluate(_AXE_RUN % list(AXE_FAILS_ON))
    where = page.evaluate(
        "`${location.pathname}${location.search} [${document.documentElement.lang}]`"
    )
    return [f"{where}: {finding}" for finding in found]


def axe_watch(page, source: str | None) -> list[str]:
    """Audits each page once it has loaded; the findings are asserted when the test ends."""
    findings: list[str] = []
    page.axe_enabled = source is not None
    page.axe_source_text = source
    audited: set[str] = set()

    def on_load(loaded) -> None:
        try:
            key = f"{loaded.url} {loaded.evaluate('document.documentElement.lang')}"
            if key in audited:
                return
            audited.add(key)
            findings.extend(axe_audit(loaded))
        except Exception as exc:  # a page navigated away mid-audit: audited on its next load
            if "Execution context was destroyed" not in str(exc) and "Target" not in str(exc):
                raise

    page.on("load", on_load)
    return findings


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
