"""The stable provision keys (DESIGN.md "Provision keys"): one vocabulary for every MOC.

Workflows ask ``agreement.provision(key)``; which MOC has what is data (``data/*.toml``).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ProvisionKey:
    key: str
    title: str
    meaning: str
    parameters: tuple[str, ...] = ()


PROVISION_KEYS: tuple[ProvisionKey, ...] = (
    ProvisionKey(
        "confidentiality",
        _("Confidentiality"),
        _("No disclosure without the originator's written consent"),
        ("scope",),
    ),
    ProvisionKey(
        "information_sharing",
        _("Information sharing"),
        _("Necessary or useful information shared promptly, including broker misconduct (a)–(e)"),
        ("misconduct_categories",),
    ),
    ProvisionKey(
        "consultations",
        _("Consultations"),
        _("Periodic or ad-hoc consultations on topics (a)–(f)"),
        ("topics",),
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
        ("targets",),
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
        ("months",),
    ),
    ProvisionKey("commencement", _("Commencement"), _("How the cooperation starts"), ("rule",)),
)

KEYS: tuple[str, ...] = tuple(p.key for p in PROVISION_KEYS)
BY_KEY: dict[str, ProvisionKey] = {p.key: p for p in PROVISION_KEYS}

ALLOWED_PARAMETER_VALUES: dict[str, set] = {
    "scope": {"third_parties", "anyone"},
    "rule": {"on_signature", "on_notification"},
}
