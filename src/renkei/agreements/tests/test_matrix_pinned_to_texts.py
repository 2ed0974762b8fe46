"""The provisions matrix, pinned to what the five MOC texts say."""

import os
import re
import unicodedata
from pathlib import Path

import pytest

from renkei.agreements.data_files import data_file_paths, read_data_file

SEEDS = Path(__file__).resolve().parents[4].parent / "shared" / "seeds"


def keys(agreement):
    return {p.key for p in agreement.provisions.all()}


def test_pakistan_has_no_register_provisions(agreements):
    pk = keys(agreements["PK"])
    for absent in (
        "sending_org_accreditation",
        "accredited_list_publication",
        "investigation_on_notice",
        "revocation_notice",
        "improvement_order_notice",
        "support_org_list_sharing",
        "inquiries",
    ):
        assert absent not in pk


def test_laos_has_no_return_cooperation(agreements):
    assert "return_cooperation" not in keys(agreements["LA"])
    for code in ("KH", "PK", "KG", "TJ"):
        assert "return_cooperation" in keys(agreements[code])


def test_only_cambodia_certifies_candidates_and_sends_only_through_accredited(agreements):
    for key in ("candidate_certificates", "accredited_senders_only"):
        assert [c for c, a in sorted(agreements.items()) if key in keys(a)] == ["KH"]


def test_kyrgyzstan_and_tajikistan_end_six_months_after_notice(agreements):
    with_termination = {
        c for c, a in agreements.items() if a.provision_in_force("termination_notice")
    }
    assert with_termination == {"KG", "TJ"}
    for code in ("KG", "TJ"):
        assert agreements[code].provision("termination_notice").parameters == {"months": 6}


def test_commencement_rules(agreements):
    rules = {c: a.provision("commencement").parameters["rule"] for c, a in agreements.items()}
    assert rules == {
        "KH": "on_signature",
        "PK": "on_signature",
        "LA": "on_signature",
        "KG": "on_signature",
        "TJ": "on_notification",
    }
    assert agreements["TJ"].status == "signed"
    assert {a.status for c, a in agreements.items() if c != "TJ"} == {"in_force"}


def test_pakistan_confidentiality_binds_towards_anyone(agreements):
    scopes = {c: a.provision("confidentiality").parameters["scope"] for c, a in agreements.items()}
    assert scopes.pop("PK") == "anyone"
    assert set(scopes.values()) == {"third_parties"}
    assert "第三者" not in agreements["PK"].provision("confidentiality").text
    assert agreements["PK"].provision("confidentiality").note_en


def test_cambodia_improvement_orders_also_cover_support_organisations(agreements):
    targets = {
        c: a.provision("improvement_order_notice").parameters["targets"]
        for c, a in agreements.items()
        if a.provision_in_force("improvement_order_notice")
    }
    assert targets.pop("KH") == ["receiving_organisation", "registered_support_organisation"]
    assert all(t == ["receiving_organisation"] for t in targets.values())
    assert set(targets) == {"LA", "KG", "TJ"}


def test_disputes_and_framework_review(agreements):
    disputes = {c for c, a in agreements.items() if a.provision_in_force("dispute_consultation")}
    assert disputes == {"PK", "KG", "TJ"}
    reviews = {c for c, a in agreements.items() if a.provision_in_force("framework_review")}
    assert reviews == {"KH", "PK", "LA", "KG"}


def test_two_signatures_where_there_are_two(agreements):
    signed = {c: [str(s.signed_on) for s in a.signatures.all()] for c, a in agreements.items()}
    assert signed == {
        "KH": ["2019-03-25"],
        "PK": ["2019-12-23"],
        "LA": ["2022-07-28"],
        "KG": ["2023-06-28", "2023-07-06"],
        "TJ": ["2024-08-05", "2024-08-08"],
    }


def test_clause_references(agreements):
    assert agreements["KH"].provision("exam_cooperation").clause == "§7"
    assert agreements["LA"].provision("revocation_notice").clause == "§7(4), §6(2)"
    assert agreements["KH"].provision("candidate_certificates").clause == "§5(3), §6(1)"
    assert agreements["PK"].provision("return_cooperation").clause == "§6"


def _squash(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"^\s*(#+|-)\s*", "", text, flags=re.MULTILINE)
    return re.sub(r"\s+", "", text)


def test_every_clause_text_is_copied_from_its_seed():
    if not SEEDS.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("the MOC texts (../shared/seeds) must be beside the checkout in CI")
        pytest.skip("the MOC texts (../shared/seeds) are not beside the checkout")
    for path in data_file_paths():
        document, _digest = read_data_file(path)
        seed = _squash((SEEDS / document["source"]).read_text(encoding="utf-8"))
        for provision in document["provisions"]:
            for paragraph in provision["text"].strip().split("\n\n"):
                for line in paragraph.splitlines():
                    assert _squash(line) in seed, (document["code"], provision["key"], line[:40])
