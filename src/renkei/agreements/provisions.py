"""The stable provision keys (DESIGN.md "Provision keys"): one vocabulary for every MOC, each
key declared once here with its parameters and their types.

Workflows ask ``agreement.provision_in_force(key, on)`` (or ``agreement.provision(key, on)`` for
its parameters); which MOC has what is data (``data/*.toml``), checked against these
declarations when it is loaded and when an amendment changes it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _


class ParameterInvalid(ValueError):
    """A parameter's value that its declaration refuses; the message is translated."""


class UnknownProvision(LookupError):
    """A provision key no declaration has: a mistake in the code or the data, never input."""


def _letters(value: list[str]) -> str:
    return ", ".join(f"({letter})" for letter in value)


def _listed(phrases: list[str]) -> str:
    return ("、" if get_language() == "ja" else ", ").join(phrases)


# What a parameter's value means, in a sentence in the reader's language: pages show these,
# never the stored codes (which the API keeps, and pages give as a tooltip).
DESCRIPTIONS: dict[str, Callable[[Any], str]] = {
    "scope": lambda value: (
        gettext("No disclosure to anyone without written consent")
        if value == "anyone"
        else gettext("No disclosure to third parties without written consent")
    ),
    "misconduct_categories": lambda value: (
        gettext("Broker misconduct %(letters)s") % {"letters": _letters(value)}
    ),
    "topics": lambda value: (
        gettext("Consultation topics %(letters)s") % {"letters": _letters(value)}
    ),
    "targets": lambda value: (
        gettext("Improvement orders to %(targets)s")
        % {
            "targets": _listed(
                [
                    gettext("receiving organisations")
                    if target == "receiving_organisation"
                    else gettext("registered support organisations")
                    for target in value
                ]
            )
        }
    ),
    "months": lambda value: (
        ngettext(
            "Ends %(months)d month after a notice of termination",
            "Ends %(months)d months after a notice of termination",
            value,
        )
        % {"months": value}
    ),
    "rule": lambda value: (
        gettext("Starts on signature")
        if value == "on_signature"
        else gettext(
            "Starts when Japan receives, through diplomatic channels, the partner's notice that "
            "its domestic procedures are complete"
        )
    ),
}


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # "one_of": a string from ``allowed``; "some_of": a non-empty list of them;
    # "months": a whole number of months, 1 to 60
    allowed: tuple[str, ...] = ()

    def describe(self, value: Any) -> str:
        return DESCRIPTIONS[self.name](value)

    def clean(self, value: Any) -> Any:
        if self.kind == "months":
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 60:
                raise ParameterInvalid(gettext("months is a whole number from 1 to 60."))
            return value
        if self.kind == "one_of":
            if value not in self.allowed:
                raise ParameterInvalid(
                    gettext("%(name)s is one of %(allowed)s.")
                    % {"name": self.name, "allowed": ", ".join(self.allowed)}
                )
            return value
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(v, str) and v in self.allowed for v in value)
        ):
            raise ParameterInvalid(
                gettext("%(name)s takes one or more of %(allowed)s.")
                % {"name": self.name, "allowed": ", ".join(self.allowed)}
            )
        return sorted(set(value))


@dataclass(frozen=True)
class ProvisionKey:
    key: str
    title: str
    meaning: str
    parameters: tuple[Parameter, ...] = ()

    def parameters_clean(self, parameters: Any) -> dict[str, Any]:
        """The parameters checked against the declaration: exactly its names, valid values."""
        expected = {p.name: p for p in self.parameters}
        if not isinstance(parameters, dict) or set(parameters) != set(expected):
            raise ParameterInvalid(
                gettext("this provision takes the parameters %(names)s.")
                % {"names": ", ".join(sorted(expected)) or "—"}
            )
        return {name: expected[name].clean(value) for name, value in parameters.items()}


PROVISION_KEYS: tuple[ProvisionKey, ...] = (
    ProvisionKey(
        "confidentiality",
        _("Confidentiality"),
        _("No disclosure without the originator's written consent"),
        (Parameter("scope", "one_of", ("third_parties", "anyone")),),
    ),
    ProvisionKey(
        "information_sharing",
        _("Information sharing"),
        _("Necessary or useful information shared promptly, including broker misconduct (a)–(e)"),
        (Parameter("misconduct_categories", "some_of", tuple("abcde")),),
    ),
    ProvisionKey(
        "consultations",
        _("Consultations"),
        _("Periodic or ad-hoc consultations on topics (a)–(f)"),
        (Parameter("topics", "some_of", tuple("abcdef")),),
    ),
    ProvisionKey(
        "exam_cooperation",
        _("Exam cooperation"),
        _("Proper conduct of tests; sharing of impersonation and forged pass certificates"),
    ),
    ProvisionKey(
        "sending_org_accreditation",
        _("Sending-organisation accreditation"),
        _("The partner examines, accredits, guides and revokes sending organisations"),
    ),
    ProvisionKey(
        "accredited_list_publication",
        _("Accredited list publication"),
        _("The partner publishes the accredited list and gives it to Japan; Japan publishes it"),
    ),
    ProvisionKey(
        "investigation_on_notice",
        _("Investigation on notice"),
        _("The partner investigates on Japan's notice and reports the result"),
    ),
    ProvisionKey(
        "revocation_notice",
        _("Revocation notice"),
        _("The partner notifies revocations; Japan publishes them"),
    ),
    ProvisionKey(
        "improvement_order_notice",
        _("Improvement-order notice"),
        _("Japan notifies improvement orders; the partner publishes them"),
        (
            Parameter(
                "targets", "some_of", ("receiving_organisation", "registered_support_organisation")
            ),
        ),
    ),
    ProvisionKey(
        "support_org_list_sharing",
        _("Support-organisation list"),
        _("Japan shares the registered-support-organisation list; the partner publishes it"),
    ),
    ProvisionKey(
        "inquiries", _("Inquiries"), _("An explicit commitment to answer inquiries both ways")
    ),
    ProvisionKey(
        "accredited_senders_only",
        _("Accredited senders only"),
        _("The partner sends workers only through accredited organisations"),
    ),
    ProvisionKey(
        "candidate_certificates",
        _("Candidate certificates"),
        _("The partner certifies candidates; Japan accepts only certified ones"),
    ),
    ProvisionKey(
        "intake_suspension", _("Intake suspension"), _("Japan may suspend intake per sector")
    ),
    ProvisionKey(
        "return_cooperation",
        _("Return cooperation"),
        _("Temporary passports with the partner's embassy"),
    ),
    ProvisionKey(
        "framework_review", _("Framework review"), _("Review after the programme's two-year review")
    ),
    ProvisionKey(
        "amendment_by_consent", _("Amendment by consent"), _("Amendment by written mutual consent")
    ),
    ProvisionKey(
        "dispute_consultation", _("Dispute settlement"), _("Disputes settled by consultation")
    ),
    ProvisionKey(
        "termination_notice",
        _("Termination by notice"),
        _("Ends a number of months after a notice of termination"),
        (Parameter("months", "months"),),
    ),
    ProvisionKey(
        "commencement",
        _("Commencement"),
        _("How the cooperation starts"),
        (Parameter("rule", "one_of", ("on_signature", "on_notification")),),
    ),
)

KEYS: tuple[str, ...] = tuple(p.key for p in PROVISION_KEYS)
BY_KEY: dict[str, ProvisionKey] = {p.key: p for p in PROVISION_KEYS}


def provision_key_get(key: str) -> ProvisionKey:
    try:
        return BY_KEY[key]
    except KeyError:
        raise UnknownProvision(key) from None
