"""Unsaved form text kept across a lock: inside the SQLCipher file (encrypted at rest), never in the outbox or sync.

Every function writes in the caller's transaction, so a form's save can drop its draft in the same commit as
the record it saves (``delete_draft``), and the shell can swap the whole set at lock time (``replace_all``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime

from .database import Database

Drafts = dict[str, dict[str, str]]  # page key -> field key -> text


def draft_key(page: str, field: str) -> str:
    return f"{page}/{field}"


def save_draft(db: Database, page: str, field: str, text: str, now: datetime) -> None:
    """Keep one field's text (an empty text removes the draft: there is nothing to restore)."""
    if not text:
        delete_draft(db, page, field)
        return
    body = json.dumps({"field": field, "text": text}, ensure_ascii=False)
    db.execute(
        "INSERT INTO draft (key, page, body, saved_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (key) DO UPDATE SET page = excluded.page, body = excluded.body, saved_at = excluded.saved_at",
        (draft_key(page, field), page, body, now.isoformat()),
    )


def delete_draft(db: Database, page: str, field: str) -> None:
    """The form was saved (or abandoned): its draft must never come back."""
    db.execute("DELETE FROM draft WHERE key = ?", (draft_key(page, field),))


def delete_page_drafts(db: Database, page: str) -> None:
    db.execute("DELETE FROM draft WHERE page = ?", (page,))


def replace_all(db: Database, drafts: Mapping[str, Mapping[str, str]], now: datetime) -> int:
    """What the pages hold at lock time replaces every earlier draft; returns the number of fields kept."""
    db.execute("DELETE FROM draft")
    kept = 0
    for page, fields in drafts.items():
        for field, text in fields.items():
            if text:
                save_draft(db, page, field, text, now)
                kept += 1
    return kept


def load_all(db: Database) -> Drafts:
    drafts: Drafts = {}
    for page, body in db.query("SELECT page, body FROM draft ORDER BY page, key"):
        value = json.loads(body)
        drafts.setdefault(str(page), {})[str(value["field"])] = str(value["text"])
    return drafts


def take_all(db: Database) -> Drafts:
    """Load every draft and remove it: once back in the widgets, the next lock writes them again."""
    drafts = load_all(db)
    db.execute("DELETE FROM draft")
    return drafts
