from ninja import Field, Schema
from pydantic import BaseModel


# A plain pydantic model, not a ninja Schema: the body is JSON, never a Django object, and
# Schema's validator reads every field through a Python wrapper meant for model instances — a
# few per cent of a check, the endpoint called most often.
class CheckIn(BaseModel):
    names: list[str] = Field(..., max_length=20, description="the name in every script you have")
    kind: str = Field("person", description="person or organisation")
    phone: str = Field("", max_length=50)
    identifier: str = Field("", max_length=100, description="licence or registration number")
    address: str = Field("", max_length=500)
    people: list[str] = Field([], max_length=30, description="an organisation's people")


class ReviewIn(Schema):
    reason: str = Field(..., max_length=2000)
