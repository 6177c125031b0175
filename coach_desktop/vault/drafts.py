"""Unsaved form text kept across a lock: inside the SQLCipher file (encrypted at rest), never in the outbox or sync.

Every function writes in the caller's transaction, so a form's save can drop its draft in the same commit as
the record it saves (``delete_draft``). A draft lives until its form is saved or emptied: the shell writes what
the pages hold at each lock (``merge_at_lock``) and hands every draft back after unlock (``load_all``); a form's
own service may also keep its text here every few seconds, which survives a crash too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
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


def merge_at_lock(db: Database, shown: Mapping[str, Mapping[str, str]], restored: Mapping[str, Iterable[str]],
                  now: datetime) -> int:  # fmt: skip
    """Keep what the pages hold at lock time; returns the number of fields kept.

    ``shown``: page -> field -> text (an emptied field removes its draft). ``restored``: the fields handed back
    to each page at the last unlock; one the page no longer reports was saved or cleared there, so it goes. Any
    other draft (kept by a form's service, or for a page not built this time) is left alone.
    """
    kept = 0
    for page, fields in shown.items():
        for field, text in fields.items():
            save_draft(db, page, field, text, now)
            kept += bool(text)
    for page, fields in restored.items():
        for field in set(fields) - set(shown.get(page, {})):
            delete_draft(db, page, field)
    return kept


def load_all(db: Database) -> Drafts:
    drafts: Drafts = {}
    for page, body in db.query("SELECT page, body FROM draft ORDER BY page, key"):
        value = json.loads(body)
        drafts.setdefault(str(page), {})[str(value["field"])] = str(value["text"])
    return drafts
