"""Every page of the demo, reached by following links from the home page as an ISA officer, a
Lao officer and the public, in Japanese and in English: each answers, shows no stored code
(snake_case values, ledger actions, provision keys) and, in Japanese, no English sentence of
the catalogue left untranslated."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlparse

import pytest
from babel.messages.pofile import read_po
from django.core.management import call_command

from renkei.agreements.provisions import KEYS as PROVISION_KEYS
from renkei.audit.actions import ACTION_LABELS

pytestmark = pytest.mark.django_db

SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b")
PAGES_MAX = 120  # per reader and language: the crawl stops there
SKIP = ("/accounts/logout", "/i18n/", "/admin", "/api/", ".ics", "/attachments/", "format=")
CATALOGUE = Path(__file__).resolve().parents[2] / "locale/ja/LC_MESSAGES/django.po"


class _Page(HTMLParser):
    """The text a reader sees (not inside <code>, <script>, <style> or attributes) and the
    links."""

    HIDDEN = {"script", "style", "code", "pre", "textarea", "option"}

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.links: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/"):
                self.links.append(urldefrag(href)[0])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.text.append(data)


def _english_sentences() -> list[str]:
    """Catalogue entries long enough that finding one on a Japanese page means it was not
    translated (short words like "API" or "LA" appear legitimately)."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    return [
        message.id
        for message in catalogue
        if isinstance(message.id, str)
        and message.id.count(" ") >= 3
        and "%" not in message.id
        and message.string
    ]


def _crawl(client, language: str) -> dict[str, str]:
    client.cookies["django_language"] = language
    seen: dict[str, str] = {}
    queue = ["/"]
    while queue and len(seen) < PAGES_MAX:
        path = queue.pop(0)
        if path in seen or any(part in path for part in SKIP):
            continue
        response = client.get(path)
        # 403: a page that says who may use it (verification is for examiners).
        assert response.status_code in (200, 302, 403), (language, path, response.status_code)
        if response.status_code == 302 or "text/html" not in response["Content-Type"]:
            seen[path] = ""
            continue
        page = _Page()
        page.feed(response.content.decode())
        seen[path] = " ".join(page.text)
        queue += [link for link in page.links if urlparse(link).path and link not in seen]
    return seen


def test_every_page_says_what_it_means(demo_users, client):
    call_command("demo", verbosity=0)
    for who in ("isa.contact", "la.contact", None):
        client.logout()
        if who is not None:
            client.force_login(demo_users[who])
        _pages_in_words(client, who)


def _pages_in_words(client, who: str | None) -> None:
    # Provision keys of one word ("consultations") are words; the others are snake_case.
    codes = set(ACTION_LABELS) | {key for key in PROVISION_KEYS if "_" in key}
    sentences = _english_sentences()
    for language in ("ja", "en"):
        pages = _crawl(client, language)
        assert len(pages) >= (15 if who else 5), sorted(pages)
        for path, text in pages.items():
            found = sorted(set(SNAKE.findall(text)) | {code for code in codes if code in text})
            assert found == [], (who, language, path, found)
            if language == "ja":
                left = [sentence for sentence in sentences if sentence in text]
                assert left == [], (who, path, left)
