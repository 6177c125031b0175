"""The community-resource directory (food banks, housing help, transport…), shared by all coaches."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field

from .base import Record, RequiredText, Scope, ShortText
from .member import Address, Language, Phone
from .work_items import ReferralCategory


class CommunityResource(Record):
    KIND: ClassVar[str] = "community_resource"
    SCOPE: ClassVar[Scope] = "directory"

    name: RequiredText
    category: ReferralCategory
    address: Address = Field(default_factory=Address)
    phone: Phone = ""
    hours: ShortText = ""
    languages: list[Language] = Field(default_factory=list)
    eligibility: ShortText = ""
    website: Annotated[str, Field(max_length=200)] = ""
