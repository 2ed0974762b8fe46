from ninja import Field, Schema


class CheckIn(Schema):
    names: list[str] = Field(..., max_length=20, description="the name in every script you have")
    kind: str = Field("person", description="person or organisation")
    phone: str = Field("", max_length=50)
    identifier: str = Field("", max_length=100, description="licence or registration number")
    address: str = Field("", max_length=500)
    people: list[str] = Field([], max_length=30, description="an organisation's people")


class ReviewIn(Schema):
    reason: str = Field(..., max_length=2000)
