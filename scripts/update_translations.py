"""Refresh coach_es.ts and coach_en.ts from the code: pyside6-lupdate finds the strings, this script merges them.

    .venv/bin/python scripts/update_translations.py      (or: python3 tasks.py lupdate)

Why not lupdate's own merge: the pinned PySide6 (6.11) lupdate marks a ``QCoreApplication.translate(ctx, text, "",
n)`` call as plural only when n is a number literal, and merging then throws away the second plural form already
translated. Here every source with ``%n`` is plural (the code always passes n with it), translations are kept,
new strings arrive unfinished and strings gone from the code are dropped. coach_en.ts holds the plural strings only.
The layout is lupdate's own, so the files diff cleanly. Standard library only.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "coach_desktop" / "resources" / "translations"
SOURCES = ("coach_desktop/ui", "coach_desktop/app")
PLURAL_ONLY = {"coach_en.ts"}


@dataclass
class Message:
    context: str
    source: str
    forms: list[str] = field(default_factory=list)  # one text, or one per plural form
    finished: bool = False

    @property
    def numerus(self) -> bool:
        return "%n" in self.source


def extract(python: Path = Path(sys.executable)) -> list[Message]:
    """What pyside6-lupdate finds in the code now, in its order (contexts sorted, messages as in the code)."""
    files = sorted(str(p) for folder in SOURCES for p in (ROOT / folder).rglob("*.py"))
    lupdate = python.with_name("pyside6-lupdate.exe" if sys.platform == "win32" else "pyside6-lupdate")
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "fresh.ts"
        cmd = [str(lupdate), "-silent", "-locations", "none", *files, "-ts", str(target)]
        subprocess.run(cmd, check=True, cwd=ROOT)  # noqa: S603 - our own tool and files
        return read(target)[1]


def read(path: Path) -> tuple[dict[str, str], list[Message]]:
    root = ET.parse(path).getroot()  # noqa: S314 - our own .ts files
    messages = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type") if translation is not None else "unfinished"
            numerus = [f.text or "" for f in translation.iter("numerusform")] if translation is not None else []
            text = (translation.text or "") if translation is not None else ""
            forms = numerus if message.get("numerus") == "yes" else [text]
            messages.append(Message(name, message.findtext("source") or "", forms, kind is None))
    return dict(root.attrib), messages


def merge(path: Path, found: list[Message], plural_only: bool) -> int:
    """Rewrite ``path`` with the strings found, keeping what was translated; the number left unfinished."""
    attrs, old = read(path) if path.exists() else ({"version": "2.1"}, [])
    kept = {(m.context, m.source): m for m in old}
    merged = []
    for new in found:
        if plural_only and not new.numerus:
            continue
        before = kept.get((new.context, new.source))
        forms, finished = (before.forms, before.finished) if before else ([""], False)
        if new.numerus and len(forms) != 2:  # English and Spanish have two plural forms
            forms, finished = (forms + forms)[:2], False
        elif not new.numerus and len(forms) != 1:
            forms, finished = forms[:1], False
        merged.append(Message(new.context, new.source, forms, finished and all(forms)))
    path.write_text(layout(attrs, merged), encoding="utf-8")
    return sum(not m.finished for m in merged)


def layout(attrs: dict[str, str], messages: list[Message]) -> str:
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>", f"<TS{_attrs(attrs)}>"]
    contexts: dict[str, list[Message]] = {}
    for m in messages:
        contexts.setdefault(m.context, []).append(m)
    for name, group in contexts.items():
        lines += ["<context>", f"    <name>{_escape(name)}</name>"]
        for m in group:
            state = "" if m.finished else ' type="unfinished"'
            numerus = ' numerus="yes"' if m.numerus else ""
            lines += [f"    <message{numerus}>", f"        <source>{_escape(m.source)}</source>"]
            if m.numerus:
                lines.append(f"        <translation{state}>")
                lines += [f"            <numerusform>{_escape(form)}</numerusform>" for form in m.forms]
                lines.append("        </translation>")
            else:
                lines.append(f"        <translation{state}>{_escape(m.forms[0])}</translation>")
            lines.append("    </message>")
        lines.append("</context>")
    lines.append("</TS>")
    return "\n".join(lines) + "\n"


def _attrs(attrs: dict[str, str]) -> str:
    return "".join(f' {key}="{_escape(value)}"' for key, value in attrs.items())


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;")
            .replace('"', "&quot;"))  # fmt: skip


def main() -> int:
    found = extract()
    for path in sorted(TRANSLATIONS.glob("*.ts")):
        left = merge(path, found, path.name in PLURAL_ONLY)
        print(f"{path.relative_to(ROOT)}: {left} to translate")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
