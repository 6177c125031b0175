"""coachctl: the headless tool for IT, scripts and benchmarks. Errors are one clear line, never a traceback.

Exit codes (also in docs/COACHCTL.md):
  0 ok · 1 unexpected error · 2 usage · 3 no vault / vault exists · 4 wrong passphrase · 5 back-off active
  6 weak passphrase · 7 damaged vault or key file · 8 vault in use · 9 vault erased · 10 disk full or read-only
  11 record not found or invalid · 12 vault is locked · 13 server unreachable · 14 sign-in refused or not enrolled
  15 device revoked (vault erased) · 16 app too old for the server · 17 server or protocol error · 18 lease expired
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..sync.errors import SyncError, SyncErrorKind
from ..vault.errors import VaultError
from ..vault.paths import default_vault_dir
from . import commands

ENV_PASSPHRASE = "COACH_PASSPHRASE"  # noqa: S105 - the name of an environment variable
ENV_NEW_PASSPHRASE = "COACH_NEW_PASSPHRASE"  # noqa: S105 - the name of an environment variable
ENV_PASSWORD = "COACH_PASSWORD"  # noqa: S105 - the name of an environment variable
ENV_ENROLMENT_CODE = "COACH_ENROLMENT_CODE"
ENV_TOTP = "COACH_TOTP"

EXIT_CODES = {
    "E_NO_VAULT": 3, "E_VAULT_EXISTS": 3, "E_WRONG_PASSPHRASE": 4, "E_BACKOFF": 5, "E_WEAK_PASSPHRASE": 6,
    "E_DB_CORRUPT": 7, "E_KEY_CORRUPT": 7, "E_CIPHER": 7, "E_DB_LOCKED": 8, "E_WIPED": 9,
    "E_DISK_FULL": 10, "E_DB_READONLY": 10, "E_NOT_FOUND": 11, "E_INVALID": 11, "E_LOCKED": 12,
}  # fmt: skip
SYNC_EXIT_CODES = {
    SyncErrorKind.NETWORK: 13, SyncErrorKind.AUTH: 14, SyncErrorKind.DEVICE_REVOKED: 15,
    SyncErrorKind.CLIENT_TOO_OLD: 16, SyncErrorKind.SERVER: 17, SyncErrorKind.PROTOCOL: 17,
    SyncErrorKind.RESYNC: 17, SyncErrorKind.EPOCH_CHANGED: 17, SyncErrorKind.LEASE_EXPIRED: 18,
    SyncErrorKind.CANCELLED: 1,
}  # fmt: skip


class Prompts:
    """Where secrets come from: the environment (scripts) or the terminal (people). Never argv."""

    def __init__(self, interactive: bool) -> None:
        self.interactive = interactive

    def passphrase(self) -> str:
        return self._secret(ENV_PASSPHRASE, "Vault passphrase: ")

    def new_passphrase(self) -> str:
        env = os.environ.get(ENV_NEW_PASSPHRASE)
        if env is not None:
            return env
        first = self._secret(None, "New passphrase (12+ characters): ")
        if first != self._secret(None, "Repeat the new passphrase: "):
            raise UsageError("The two passphrases differ; nothing was changed.")
        return first

    def server_password(self) -> str:
        return self._secret(ENV_PASSWORD, "Coach server password: ")

    def enrolment_code(self) -> str:
        return self._secret(ENV_ENROLMENT_CODE, "Enrolment code (from IT): ")

    def totp(self) -> str | None:
        """Only accounts with an authenticator need one: empty (or no terminal) means none."""
        if ENV_TOTP in os.environ:
            return os.environ[ENV_TOTP] or None
        if not self.interactive:
            return None
        return input("Authenticator code (leave empty if you have none): ").strip() or None

    def confirm(self, question: str, word: str) -> bool:
        if not self.interactive:
            return False
        return input(f"{question} Type {word} to confirm: ").strip() == word

    def _secret(self, env_name: str | None, prompt: str) -> str:
        if env_name and env_name in os.environ:
            return os.environ[env_name]
        if not self.interactive:
            raise UsageError(f"Nothing given for {prompt.strip(': ')}: set {env_name or ENV_NEW_PASSPHRASE} "
                             "or run in a terminal.")
        return getpass.getpass(prompt)


class UsageError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coachctl", description="Manage a Coach Desktop vault without the GUI.")
    parser.add_argument("--vault", type=Path, default=None, help="vault directory (default: per-user data dir)")
    parser.add_argument("--json", action="store_true", help="print data as JSON")
    sub = parser.add_subparsers(dest="command", required=True)

    init = sub.add_parser("init", help="create a new, empty vault")
    init.add_argument("--user", default=getpass.getuser(), help="the coach's user id")
    init.add_argument("--device", default=None, help="device id (default: a new one)")

    seed = sub.add_parser("seed-demo", help="fill the vault with synthetic members (never real data)")
    seed.add_argument("--members", type=int, default=150)
    seed.add_argument("--seed", type=int, default=1)

    members = sub.add_parser("members", help="list or search members")
    members.add_argument("--search", default="", help="name or Medicaid id (prefix match)")
    members.add_argument("--limit", type=int, default=50)

    show = sub.add_parser("show", help="show one member (audited as a view)")
    show.add_argument("member_id")

    audit = sub.add_parser("audit", help="print the audit log and check its hash chain")
    audit.add_argument("--limit", type=int, default=None)

    sub.add_parser("change-passphrase", help="re-wrap the vault key under a new passphrase")
    sub.add_parser("lock-status", help="whether the vault exists, is in use, and any back-off in force")
    sub.add_parser("verify", help="integrity checks: encryption pages, schema, audit chain, outbox")
    wipe = sub.add_parser("wipe", help="crypto-erase the vault (keys first, then files)")
    wipe.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    enroll = sub.add_parser("enroll", help="register this vault as a device with the Coach server")
    enroll.add_argument("--server", required=True, help="server address, https://… (http only for this computer)")
    enroll.add_argument("--user", required=True, help="your Coach server username")
    enroll.add_argument("--device-name", default=None, help="how IT sees this computer (default: its host name)")
    enroll.add_argument("--ca-bundle", default=None, help="the organisation's CA bundle (PEM), if it has one")
    sub.add_parser("sync", help="send unsent changes, then download the server's changes")
    sub.add_parser("status", help="sync status: unsent changes, last sync, conflicts, lease (no network)")
    return parser


Handler = Callable[[argparse.Namespace, Path, Prompts], Any]

HANDLERS: dict[str, Handler] = {
    "init": commands.init,
    "seed-demo": commands.seed_demo,
    "members": commands.members,
    "show": commands.show,
    "audit": commands.audit,
    "change-passphrase": commands.change_passphrase,
    "lock-status": commands.lock_status,
    "verify": commands.verify,
    "wipe": commands.wipe,
    "enroll": commands.enroll,
    "sync": commands.sync,
    "status": commands.status,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    vault_dir = (args.vault or default_vault_dir()).expanduser()
    prompts = Prompts(interactive=sys.stdin.isatty())
    try:
        result = HANDLERS[args.command](args, vault_dir, prompts)
    except VaultError as exc:
        return _fail(exc.message, exc.code, EXIT_CODES.get(exc.code, 1))
    except commands.CommandFailed as failed:
        _print(failed.result, as_json=args.json)
        return _fail(failed.error.message, failed.error.error_code, SYNC_EXIT_CODES.get(failed.error.kind, 1))
    except SyncError as exc:
        return _fail(exc.message, exc.error_code, SYNC_EXIT_CODES.get(exc.kind, 1))
    except UsageError as exc:
        return _fail(str(exc), "E_USAGE", 2)
    except KeyboardInterrupt:
        return _fail("Interrupted; nothing was left half-done.", "E_INTERRUPTED", 1)
    except Exception as exc:  # the last line of defence: a type name, never a message that could hold PHI
        return _fail(f"Unexpected {type(exc).__name__}. Nothing was lost; please report this.", "E_INTERNAL", 1)
    _print(result, as_json=args.json)
    return int(result.get("exit_code", 0)) if isinstance(result, dict) else 0


def _fail(message: str, code: str, exit_code: int) -> int:
    print(f"coachctl: {message} [{code}]", file=sys.stderr)
    return exit_code


def _print(result: Any, *, as_json: bool) -> None:
    if result is None:
        return
    if as_json:
        data = result
        if isinstance(result, dict):
            data = {k: v for k, v in result.items() if k not in ("text", "exit_code")}
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    elif isinstance(result, dict) and "text" in result:
        print(result["text"])


if __name__ == "__main__":
    raise SystemExit(main())
