"""Passphrase policy for the vault (SECURITY R12): length, zxcvbn strength and the bundled common-password list."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence

from zxcvbn import zxcvbn
from zxcvbn.matching import RANKED_DICTIONARIES

from coach_desktop.vault.errors import WeakPassphrase

MIN_LENGTH = 12
MIN_SCORE = 3  # zxcvbn 0-4; 3 = "safely unguessable: moderate protection from offline slow-hash attack"
ZXCVBN_MAX_LENGTH = 72  # zxcvbn refuses longer input; scoring a prefix can only under-rate, never over-rate

TOO_SHORT = "Use at least {min} characters (this one has {n})."
TOO_COMMON = "This is one of the most common passwords; pick something else."
TOO_GUESSABLE = "This passphrase is too easy to guess."
TRY_WORDS = "Try four or five unrelated words, for example a short silly sentence."


def verify_passphrase_policy(passphrase: str, user_inputs: Sequence[str] = ()) -> list[str]:
    """Reasons the passphrase is refused, as short sentences; an empty list means it is acceptable."""
    text = unicodedata.normalize("NFKC", passphrase)
    reasons: list[str] = []
    if len(text) < MIN_LENGTH:
        reasons.append(TOO_SHORT.format(min=MIN_LENGTH, n=len(text)))
    if not text.strip():
        return [*reasons, TOO_GUESSABLE]  # zxcvbn fails on empty input; a blank passphrase needs no scoring
    if _is_common(text):
        reasons.append(TOO_COMMON)
    result = zxcvbn(text[:ZXCVBN_MAX_LENGTH], user_inputs=[s for s in user_inputs if s])
    if _is_whole_common_match(result["sequence"], text) and TOO_COMMON not in reasons:
        reasons.append(TOO_COMMON)
    if result["score"] < MIN_SCORE:
        reasons.append(TOO_GUESSABLE)
        reasons.extend(_feedback(result["feedback"]))
    return _dedupe(reasons)


def require_strong_passphrase(passphrase: str, user_inputs: Sequence[str] = ()) -> None:
    """Raise WeakPassphrase (with the reasons) unless the passphrase meets the policy."""
    reasons = verify_passphrase_policy(passphrase, user_inputs)
    if reasons:
        raise WeakPassphrase(reasons)


def _is_common(text: str) -> bool:
    # Exact hit in zxcvbn's bundled "passwords" frequency list (lower-cased like zxcvbn does).
    return text.lower() in RANKED_DICTIONARIES["passwords"]


def _is_whole_common_match(sequence: list[dict], text: str) -> bool:
    # zxcvbn also finds l33t/reversed spellings of list entries ("P@ssw0rd"); a single match covering
    # the whole passphrase means it is a list entry in disguise.
    if len(sequence) != 1 or len(text) > ZXCVBN_MAX_LENGTH:
        return False
    match = sequence[0]
    return match.get("pattern") == "dictionary" and match.get("dictionary_name") == "passwords"


def _feedback(feedback: dict) -> Iterable[str]:
    warning = feedback.get("warning") or ""
    if warning:
        yield warning
    yield from feedback.get("suggestions") or []
    yield TRY_WORDS


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))
