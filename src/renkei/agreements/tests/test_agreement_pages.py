import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_list_page_is_public(agreements, client):
    page = client.get("/agreements/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    for name in ("ラオス人民民主共和国", "キルギス共和国", "タジキスタン共和国"):
        assert name in page


def test_detail_page_shows_clauses_and_notes(agreements, client):
    page = client.get("/agreements/KH/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-provision="candidate_certificates"' in page
    assert "§5(3), §6(1)" in page
    assert "registered support organisations" in page  # the note on improvement orders


def test_matrix_page_is_generated_from_data(agreements, client):
    page = client.get("/agreements/matrix/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<tr data-key="return_cooperation">' in page
    row = page.split('<tr data-key="return_cooperation">')[1].split("</tr>")[0]
    assert '<td class="no" data-agreement="LA">' in row
    assert '<td class="yes" data-agreement="KG">' in row


def test_matrix_query_count_is_fixed(agreements, client):
    with CaptureQueriesContext(connection) as queries:
        client.get("/agreements/matrix/")
    assert len(queries) <= 4


@pytest.mark.parametrize("path", ["/agreements/XX/", "/agreements/%3Cscript%3E/", "/work/XX/"])
def test_unknown_agreement_page_is_404(agreements, client, path):
    assert client.get(path).status_code in (302, 404)


def test_pages_link_a_stylesheet_that_is_collected(agreements, client):
    from django.contrib.staticfiles import finders

    page = client.get("/agreements/").content.decode()
    assert "/static/renkei/renkei.css" in page
    assert finders.find("renkei/renkei.css") is not None
