"""Every provision key is declared once, with its parameters' types: the agreement refuses a key
no declaration has, and every key the code asks about is declared."""

import re
from pathlib import Path

import pytest

from renkei.agreements.models import Agreement
from renkei.agreements.provisions import BY_KEY, ParameterInvalid, UnknownProvision


def test_an_undeclared_key_is_a_mistake_not_a_missing_provision(agreements):
    kh = Agreement.objects.get(code="KH")
    assert kh.provision_in_force("candidate_certificates")
    with pytest.raises(UnknownProvision):
        kh.provision_in_force("candidate_certificate")  # a typo must not read as "not provided"
    with pytest.raises(UnknownProvision):
        kh.provision("accredited_only")


def test_every_key_the_code_asks_about_is_declared():
    source = Path(__file__).resolve().parents[2]
    asked = re.compile(
        r"""(?:provision_in_force|provision|require_provision)\((?:[\w.]+, )?["'](\w+)["']"""
    )
    keys = {
        key
        for path in source.rglob("*.py")
        if "tests" not in path.parts
        for key in asked.findall(path.read_text(encoding="utf-8"))
    }
    assert len(keys) > 10  # the scan finds the code's questions
    assert keys - set(BY_KEY) == set()


@pytest.mark.parametrize(
    "key,parameters",
    [
        ("confidentiality", {"scope": "everyone"}),
        ("consultations", {"topics": ["a", "z"]}),
        ("consultations", {"topics": []}),
        ("termination_notice", {"months": True}),
        ("termination_notice", {"months": 61}),
        ("commencement", {}),
        ("inquiries", {"extra": 1}),
    ],
)
def test_parameters_are_checked_against_their_declaration(key, parameters):
    with pytest.raises(ParameterInvalid):
        BY_KEY[key].parameters_clean(parameters)


def test_valid_parameters_come_back_clean():
    assert BY_KEY["consultations"].parameters_clean({"topics": ["b", "a", "b"]}) == {
        "topics": ["a", "b"]
    }
    assert BY_KEY["termination_notice"].parameters_clean({"months": 6}) == {"months": 6}
