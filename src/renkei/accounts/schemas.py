from datetime import datetime

from ninja import Field, Schema


class UnitOut(Schema):
    code: str
    name_ja: str
    name_en: str
    side: str
    kind: str
    country_code: str


class AgreementRefOut(Schema):
    code: str
    country_ja: str
    country_en: str


class MeOut(Schema):
    username: str
    display_name: str
    side: str
    unit: UnitOut | None
    roles: list[str]
    agreements: list[AgreementRefOut]
    preferred_language: str
    time_zone: str  # the IANA zone the user reads times in (their choice, else their unit's)
    otp_required: bool
    is_demo: bool


class TokenIn(Schema):
    name: str = Field(..., min_length=1, max_length=100)
    days: int | None = Field(None, ge=1, le=366)


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None
    last_used_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(..., description="The secret. Shown once; only its hash is stored.")
