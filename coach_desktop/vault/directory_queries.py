"""Read-only lookups in the community-resource directory (records shared by every coach, no member)."""

from __future__ import annotations

import json

from ..domain.community import CommunityResource
from ..domain.work_items import ReferralCategory
from .database import Database


def resources_in(db: Database, category: ReferralCategory, *, limit: int = 50) -> list[CommunityResource]:
    """Live directory entries of one category, by name."""
    rows = db.query(
        "SELECT body FROM record WHERE kind = ? AND deleted = 0 AND json_extract(body, '$.category') = ? "
        "ORDER BY json_extract(body, '$.name') COLLATE NOCASE LIMIT ?",
        (CommunityResource.KIND, category.value, int(limit)),
    )
    return [CommunityResource.model_validate(json.loads(body)) for (body,) in rows]
