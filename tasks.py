#!/usr/bin/env python3
"""One entry point for people and CI: set up the environment, start the app, run the tests.

    python3 tasks.py start --demo   # set up .venv if needed, then open the app on a demo vault
    python3 tasks.py test           # set up .venv if needed, then run the whole test suite
    python3 tasks.py translations   # compile resources/translations/*.ts into the .qm files the app loads
    python3 tasks.py lupdate        # refresh the .ts files from the code (then translate what is unfinished)

Only the standard library is used here, so it runs on a fresh machine with nothing but Python 3.11+.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed-from"
EXTRAS = ".[server,dev]"
TRANSLATIONS = ROOT / "coach_desktop" / "resources" / "translations"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _requirements_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> Path:
    """Create .venv and install the project with its extras; skipped when pyproject.toml is unchanged."""
    python = venv_python()
    if not python.exists():
        print("Setting up .venv (first run only)…", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    digest = _requirements_digest()
    if not STAMP.exists() or STAMP.read_text().strip() != digest:
        _require_ok(_run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"]))
        _require_ok(_run([str(python), "-m", "pip", "install", "--quiet", "-e", EXTRAS]))
        STAMP.write_text(digest)
    return python


def compile_translations() -> int:
    """Qt Linguist sources (.ts, committed) to compiled .qm (build output, ignored by git), when out of date."""
    lrelease = venv_python().parent / ("pyside6-lrelease.exe" if os.name == "nt" else "pyside6-lrelease")
    for source in sorted(TRANSLATIONS.glob("*.ts")):
        target = source.with_suffix(".qm")
        if target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        code = _run([str(lrelease), "-silent", str(source), "-qm", str(target)])
        if code != 0:
            return code
    return 0


def lupdate(_args: list[str]) -> int:
    """The .ts sources from the code: new strings arrive unfinished in coach_es.ts, plurals in coach_en.ts."""
    return _run([str(ensure_environment()), str(ROOT / "scripts" / "update_translations.py")])


def setup(_args: list[str]) -> int:
    """The environment, then the translations (``translations`` runs the same steps: both are quick when current)."""
    ensure_environment()
    return compile_translations()


def _run(cmd: list[str], env: dict[str, str] | None = None) -> int:
    return subprocess.call(cmd, cwd=ROOT, env=env)  # noqa: S603 - our own interpreter and fixed arguments


def _require_ok(code: int) -> None:
    if code != 0:
        raise SystemExit(code)


def start(args: list[str]) -> int:
    python = ensure_environment()
    _require_ok(compile_translations())
    return _run([str(python), "-m", "coach_desktop.app.main", *args])


def test(args: list[str]) -> int:
    python = ensure_environment()
    _require_ok(compile_translations())
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env.setdefault("COACH_KDF_PROFILE", "floor")  # the policy floor (t=3, 64 MiB): still compliant, faster tests
    env.setdefault("PYTHONHASHSEED", "0")
    return _run([str(python), "-m", "pytest", *args], env=env)


def lint(args: list[str]) -> int:
    python = ensure_environment()
    return _run([str(python), "-m", "ruff", "check", ".", *args])


COMMANDS = {"start": start, "test": test, "lint": lint, "setup": setup, "translations": setup, "lupdate": lupdate}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        print("commands: " + ", ".join(COMMANDS))
        return 2
    return COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    raise SystemExit(main())
