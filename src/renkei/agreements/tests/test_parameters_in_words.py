"""Pages say what a provision's parameters mean, in the reader's language; the stored codes are
only a tooltip (the API keeps them)."""

import re

import pytest


def _visible(html: str) -> str:
    """The page's text as a reader sees it: tags and their attributes (tooltips) removed."""
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize(
    "language,expected",
    [
        ("en", ["Ends 6 months after a notice of termination", "Starts on signature"]),
        ("ja", ["終了の通告から6か月後に終了", "署名の日に効力発生"]),
    ],
)
def test_kyrgyzstans_parameters_read_as_sentences(agreements, client, language, expected):
    page = client.get("/agreements/KG/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    text = _visible(page)
    for sentence in expected:
        assert sentence in text
    for code in ("months: 6", "rule: on_signature", "third_parties", "misconduct_categories"):
        assert code not in text
    assert 'title="months: 6"' in page  # the code stays at hand for those who need it


def test_the_matrix_says_each_parameter_in_words(agreements, client):
    text = _visible(client.get("/agreements/matrix/", HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "No disclosure to anyone without written consent" in text  # Pakistan's §3
    assert "Improvement orders to receiving organisations, registered support organisations" in text
    assert "Starts when Japan receives, through diplomatic channels" in text  # Tajikistan
    assert "scope:" not in text and "targets:" not in text
