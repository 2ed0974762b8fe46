from datetime import date

from ninja import Schema


class Bilingual(Schema):
    ja: str
    en: str


class SignatureOut(Schema):
    signed_on: date
    place: Bilingual


class ContactPointOut(Schema):
    side: str
    name: Bilingual


class ProvisionOut(Schema):
    key: str
    title: str
    clause: str
    text: str
    note: Bilingual | None = None
    parameters: dict
    scope: str | None = None
    misconduct_categories: list[str] | None = None
    topics: list[str] | None = None
    targets: list[str] | None = None
    months: int | None = None
    rule: str | None = None
    amendment: int | None = None
    effective_on: date | None = None


class AgreementSummaryOut(Schema):
    code: str
    country: Bilingual
    partner_ministry: Bilingual
    partner_ministry_abbr: str
    status: str
    status_label: str
    commenced_on: date | None = None
    end_date: date | None = None


class AmendmentChangeOut(Schema):
    key: str
    action: str
    clause: str = ""
    text: str = ""
    parameters: dict = {}


class AmendmentInForceOut(Schema):
    number: int
    summary: str
    effective_on: date
    changes: list[AmendmentChangeOut]


class AgreementOut(AgreementSummaryOut):
    on: date
    in_force_on_date: bool
    amendments: list[AmendmentInForceOut]
    signatures: list[SignatureOut]
    contact_points: list[ContactPointOut]
    provisions: list[ProvisionOut]


class TeamMemberOut(Schema):
    username: str
    display_name: str
    unit: str
    side: str
    roles: list[str]


class WorkspaceOut(Schema):
    agreement: AgreementSummaryOut
    contact_points: list[ContactPointOut]
    team: list[TeamMemberOut]


class AmendmentConsentOut(Schema):
    side: str
    consented_on: date
    reference: str


class AmendmentOut(Schema):
    number: int
    summary: str
    status: str
    status_label: str
    proposed_by_side: str
    proposed_on: date
    effective_on: date | None = None
    ends_agreement_on: date | None = None
    changes: list[AmendmentChangeOut]
    consents: list[AmendmentConsentOut]
    closed_reason: str
