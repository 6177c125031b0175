"""``coach-server``: the administrator's command line (database, users, enrolment, imports, panels, devices, serve)."""

from __future__ import annotations

import argparse
import getpass
import ipaddress
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy import Engine, select
from sqlalchemy.exc import SQLAlchemyError

# Only what every command needs is imported here; the rest (FastAPI, uvicorn, the importers) when used, so
# a short command starts quickly.
from . import identity, tables
from .audit import CLI_ACTOR, record_event
from .csv_intake import ImportRejected
from .db import make_engine
from .migrations_runner import head_revision, upgrade_to_head
from .settings import ServerSettings

LOOPBACK_NAMES = frozenset({"localhost"})


class CliError(Exception):
    """A problem to report in one line, with no traceback."""


# ---- plumbing ---------------------------------------------------------------------------------------------


def _engine(args: argparse.Namespace) -> Engine:
    """The database, migrated to the current schema (safe to repeat), with its tenant."""
    engine = make_engine(args.db or ServerSettings().db_url)
    upgrade_to_head(engine)
    with engine.begin() as conn:
        identity.ensure_tenant(conn, args.tenant)
    return engine


def _read_password(args: argparse.Namespace) -> str:
    if args.password_env:
        value = os.environ.get(args.password_env)
        if not value:
            raise CliError(f"environment variable {args.password_env} is not set or empty")
        return value
    if not sys.stdin.isatty():
        raise CliError("no terminal to ask for the password: use --password-env VAR")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat password: "):
        raise CliError("the two passwords differ")
    return first


# ---- commands ---------------------------------------------------------------------------------------------


def cmd_init_db(args: argparse.Namespace) -> None:
    from .app import load_or_init_meta

    engine = _engine(args)
    load_or_init_meta(engine)  # the server epoch and its secrets, so every server process shares them
    engine.dispose()
    print(f"database ready at schema revision {head_revision()}")


def cmd_create_user(args: argparse.Namespace) -> None:
    password = _read_password(args)
    engine = _engine(args)
    with engine.begin() as conn:
        user = identity.create_user(
            conn, tenant_id=args.tenant, username=args.username, role=args.role, password=password,
            display_name=args.display_name or "", supervisor_username=args.supervisor, with_totp=args.totp,
        )  # fmt: skip
    print(f"created {args.role} {user.username} (id {user.user_id})")
    if user.totp_uri:
        print("Authenticator (TOTP) setup, shown only this once; scan or type it into the app now:")
        print(user.totp_uri)


def cmd_enrolment_code(args: argparse.Namespace) -> None:
    engine = _engine(args)
    with engine.begin() as conn:
        issued = identity.issue_enrolment_code(conn, args.username)
    expires = issued.expires_at.strftime("%Y-%m-%d %H:%M UTC")
    print(f"enrolment code for {identity.normalise_username(args.username)} (single use, expires {expires}; "
          "shown only this once):")  # fmt: skip
    print(issued.code)


def cmd_import_roster(args: argparse.Namespace) -> None:
    from .roster_import import import_roster

    result = import_roster(_engine(args), Path(args.file), tenant_id=args.tenant, dry_run=args.dry_run)
    verb = "checked (dry run, nothing written)" if args.dry_run else "imported"
    print(f"roster {verb}: {result.rows} rows; members created {result.created}, updated {result.updated}, "
          f"unchanged {result.unchanged}; panel changes {result.assignments}; practices added or renamed "
          f"{result.practices}")  # fmt: skip


def cmd_import_discharges(args: argparse.Namespace) -> None:
    from .discharge_import import import_discharges

    result = import_discharges(_engine(args), Path(args.file), tenant_id=args.tenant, dry_run=args.dry_run)
    verb = "checked (dry run, nothing written)" if args.dry_run else "imported"
    print(f"discharges {verb}: {result.rows} rows; transitions created {result.transitions_created}, "
          f"updated {result.transitions_updated}, unchanged {result.unchanged}; "
          f"follow-up tasks created {result.tasks_created}")  # fmt: skip


def cmd_assign(args: argparse.Namespace) -> None:
    from . import scope

    engine = _engine(args)
    r = tables.record
    with engine.begin() as conn:
        coach = identity.require_user(conn, args.coach, "coach")
        live = (r.c.tenant_id == args.tenant, r.c.kind == "member", r.c.id == args.member_id, r.c.deleted.is_(False))
        if conn.execute(select(r.c.id).where(*live)).first() is None:
            raise CliError("no member with that id")
        try:
            seq = scope.assign_member(conn, args.tenant, args.member_id, coach.id)
        except scope.ScopeError as exc:
            raise CliError(str(exc)) from None
        record_event(conn, tenant_id=args.tenant, user_id=CLI_ACTOR, action="member_assign",
                     outcome="ok" if seq else "noop", object_type="member", object_id=args.member_id)  # fmt: skip
    print("assigned" if seq else "already on that coach's panel")


def cmd_revoke_device(args: argparse.Namespace) -> None:
    from . import devices

    engine = _engine(args)
    try:
        with engine.begin() as conn:
            state = devices.revoke_device(conn, args.device_id, actor_user_id=CLI_ACTOR, retire=args.retire,
                                          reason=args.reason or "")  # fmt: skip
    except devices.DeviceNotFound:
        raise CliError("no device with that id") from None
    wipe = " (wipe requested)" if state.wipe else ""
    print(f"device {state.device_id}: {state.status}{wipe}")


def cmd_purge_tombstones(args: argparse.Namespace) -> None:
    try:
        from .sync_service import purge_tombstones  # type: ignore[attr-defined]
    except ImportError:
        raise CliError("purge-tombstones is not available in this build") from None
    from .app import load_or_init_meta

    engine = _engine(args)
    load_or_init_meta(engine)  # the horizon lives in server_meta
    purged = purge_tombstones(engine, args.tenant, args.before_seq)
    print(f"purged {purged} tombstone(s) below seq {args.before_seq}")


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def cmd_serve(args: argparse.Namespace) -> None:
    import uvicorn

    from .app import create_app, load_or_init_meta

    if not is_loopback(args.host) and not args.allow_remote:
        raise CliError(f"refusing to listen on {args.host}: this server speaks plain HTTP. Put a TLS-terminating "
                       "proxy in front and pass --allow-remote, or listen on 127.0.0.1")  # fmt: skip
    if args.workers < 1:
        raise CliError("--workers must be at least 1")
    print("coach-server speaks plain HTTP: TLS (1.2 or later) must be terminated in front of it.", file=sys.stderr)
    settings = ServerSettings(db_url=args.db or ServerSettings().db_url)
    # Our structured access log (route templates, no query strings or bodies) replaces uvicorn's.
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    options = {"host": args.host, "port": args.port, "server_header": False, "log_level": "info", "access_log": False,
               "proxy_headers": bool(args.trusted_proxy),
               "forwarded_allow_ips": args.trusted_proxy or None}  # fmt: skip
    if args.workers == 1:
        uvicorn.run(create_app(settings), **options)
        return
    # Several processes: each worker builds its own app from the environment. Migrate and create the epoch and
    # secrets once here, so the workers never race to create them.
    engine = make_engine(settings.db_url)
    upgrade_to_head(engine)
    load_or_init_meta(engine)
    engine.dispose()
    os.environ["COACH_SERVER_DB"] = settings.db_url
    uvicorn.run("coach_server.app:create_app", factory=True, workers=args.workers, **options)


# ---- argument parsing -------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="URL", help="database URL (default: COACH_SERVER_DB or the local SQLite)")
    common.add_argument("--tenant", default=ServerSettings.default_tenant,
                        help="organisation id (default: %(default)s)")  # fmt: skip
    parser = argparse.ArgumentParser(prog="coach-server", description="Coach Desktop sync server administration.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, handler: Callable[[argparse.Namespace], None], help_text: str,
            aliases: Sequence[str] = ()) -> argparse.ArgumentParser:  # fmt: skip
        command = sub.add_parser(name, parents=[common], help=help_text, aliases=list(aliases))
        command.set_defaults(handler=handler)
        return command

    add("init-db", cmd_init_db, "create or upgrade the database schema", aliases=["migrate"])
    user = add("create-user", cmd_create_user, "add a user account")
    user.add_argument("--username", required=True)
    user.add_argument("--role", required=True, choices=identity.ROLES)
    user.add_argument("--supervisor", metavar="USERNAME", help="the coach's supervisor")
    user.add_argument("--display-name", default="")
    user.add_argument("--password-env", metavar="VAR", help="read the password from this environment variable")
    user.add_argument("--totp", action="store_true", help="set up an authenticator (prints its URI once)")
    code = add("enrolment-code", cmd_enrolment_code, "issue a one-time device enrolment code (72 h)")
    code.add_argument("--username", required=True)
    for name, handler, what in (("import-roster", cmd_import_roster, "members roster"),
                                ("import-discharges", cmd_import_discharges, "ADT/discharge feed")):  # fmt: skip
        imp = add(name, handler, f"import a {what} CSV (all rows or nothing)")
        imp.add_argument("file", metavar="FILE.csv")
        imp.add_argument("--dry-run", action="store_true", help="validate only; write nothing")
    assign = add("assign", cmd_assign, "put a member on a coach's panel")
    assign.add_argument("--member-id", required=True)
    assign.add_argument("--coach", required=True, metavar="USERNAME")
    revoke = add("revoke-device", cmd_revoke_device, "revoke (or retire) a device")
    revoke.add_argument("device_id", metavar="DEVICE_ID")
    revoke.add_argument("--retire", action="store_true", help="retire: the device pushes its outbox, then wipes")
    revoke.add_argument("--reason", help="a short word: lost, stolen, replaced ...")
    purge = add("purge-tombstones", cmd_purge_tombstones, "drop deleted records below a sequence number")
    purge.add_argument("--before-seq", type=int, required=True, metavar="N")
    serve = add("serve", cmd_serve, "run the HTTP server (plain HTTP: put TLS in front)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--allow-remote", action="store_true", help="listen on a non-loopback address")
    serve.add_argument("--trusted-proxy", metavar="IP", help="trust X-Forwarded-For from this proxy address")
    serve.add_argument("--workers", type=int, default=1, metavar="N",
                       help="worker processes (default 1; rate limits and batch checks are per process)")  # fmt: skip
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.handler(args)
    except ImportRejected as exc:
        print(f"coach-server {args.command}: file rejected, nothing imported ({exc.total} problem(s)):",
              file=sys.stderr)  # fmt: skip
        for line in exc.lines():
            print(f"  {line}", file=sys.stderr)
        return 1
    except (CliError, identity.IdentityError) as exc:
        print(f"coach-server {args.command}: {exc}", file=sys.stderr)
        return 1
    except SQLAlchemyError as exc:  # the driver's message can quote row values: name the error class only
        print(f"coach-server {args.command}: database error ({type(exc).__name__})", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"coach-server {args.command}: {exc.strerror or type(exc).__name__}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last resort: one line, no traceback (it could carry PHI from locals)
        print(f"coach-server {args.command}: internal error ({type(exc).__name__})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
