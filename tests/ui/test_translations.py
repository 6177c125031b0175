"""The committed .ts files are complete: every string the code shows is translated, placeholders and markup survive,
and English plural forms ("1 field" / "5 fields") reach the screen through the same Translator the app uses."""

from __future__ import annotations

import ast
import functools
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabBar,
    QTabWidget,
    QWidget,
)

from coach_desktop.app import care_plan_service, referral_service, screening_service
from coach_desktop.app.main import build_workspace
from coach_desktop.app.panel_service import PanelService
from coach_desktop.app.session import UnlockInfo
from coach_desktop.app.today_service import TodayService
from coach_desktop.domain.scoring import FOLLOW_UP
from coach_desktop.sync.lease import LeaseStatus
from coach_desktop.ui.background import InlineLanes
from coach_desktop.ui.i18n import TRANSLATIONS, Translator
from coach_desktop.ui.member.member_page import MemberPage
from coach_desktop.ui.panel_page import PanelPage
from coach_desktop.ui.rule_text import FOLLOW_UP_TEXTS, TASK_TEXTS, rule_text
from coach_desktop.ui.today_page import TodayPage
from coach_desktop.vault.panel_queries import PanelFilter
from coach_desktop.vault.vault import Vault

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("coach_desktop/ui", "coach_desktop/app")  # what tasks.py lupdate scans
PLACEHOLDER = re.compile(r"%(?:\d+|n)|\{\w*\}")
MARKUP = re.compile(r"</?\w+[^>]*>")
CONTEXT = re.compile(r"^[A-Z]\w*$")  # a class name: what self.tr() looks up at run time
ALIAS = re.compile(r"(^|_)tr($|_)|translat")  # _tr, tr_text, _translate: helpers wrapping translate()
LUPDATE_SEES = {"tr", "translate", "QT_TR_NOOP", "QT_TRANSLATE_NOOP"}


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    numerus: bool
    kind: str | None  # the translation's type attribute: None when finished
    forms: tuple[str, ...]


def read_ts(path: Path) -> list[Message]:
    messages = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"{path.name}: {name}: no <translation>"
            numerus = message.get("numerus") == "yes"
            forms = (
                tuple(f.text or "" for f in translation.iter("numerusform")) if numerus else (translation.text or "",)
            )
            messages.append(Message(name, message.findtext("source") or "", numerus, translation.get("type"), forms))
    return messages


def committed() -> dict[str, list[Message]]:
    return {path.name: read_ts(path) for path in sorted(TRANSLATIONS.glob("*.ts"))}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> list[Message]:
    """What pyside6-lupdate finds in the code right now (under a second), so a new untranslated string fails here."""
    target = tmp_path_factory.mktemp("lupdate") / "fresh.ts"
    files = sorted(str(p) for folder in SOURCES for p in (ROOT / folder).rglob("*.py"))
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(lupdate), "-silent", "-locations", "none", *files, "-ts", str(target)], check=True, cwd=ROOT)
    return read_ts(target)


def _problems(name: str, messages: list[Message]) -> Iterator[str]:
    for m in messages:
        where = f"{name} [{m.context}] {m.source!r}"
        if m.kind is not None:
            yield f"{where}: {m.kind}"
        if m.numerus != ("%n" in m.source):
            yield f"{where}: a %n string is plural, any other is not (scripts/update_translations.py)"
        if m.numerus and len(m.forms) != 2:
            yield f"{where}: {len(m.forms)} plural forms (English and Spanish have two)"
        for form in m.forms:
            if not form.strip():
                yield f"{where}: empty translation"
            elif sorted(set(PLACEHOLDER.findall(form))) != sorted(set(PLACEHOLDER.findall(m.source))):
                yield f"{where}: placeholders differ in {form!r}"
            elif Counter(MARKUP.findall(form)) != Counter(MARKUP.findall(m.source)):
                yield f"{where}: markup differs in {form!r}"


def test_every_message_is_finished_with_its_placeholders_and_markup() -> None:
    files = committed()
    assert {"coach_en.ts", "coach_es.ts"} <= set(files)
    problems = [p for name, messages in files.items() for p in _problems(name, messages)]
    assert not problems, "\n".join(problems)


def test_the_code_has_no_string_missing_from_the_translations(fresh: list[Message]) -> None:
    files = committed()
    spanish = {(m.context, m.source) for m in files["coach_es.ts"]}
    english = {(m.context, m.source) for m in files["coach_en.ts"]}
    missing = [f"coach_es.ts: [{m.context}] {m.source!r}" for m in fresh if (m.context, m.source) not in spanish]
    missing += [f"coach_en.ts: [{m.context}] {m.source!r}" for m in fresh
                if m.numerus and (m.context, m.source) not in english]  # fmt: skip
    assert fresh and not missing, "run 'python3 tasks.py lupdate' and translate:\n" + "\n".join(missing)


def test_lupdate_sees_every_literal_the_code_translates(fresh: list[Message]) -> None:
    """The pinned lupdate silently skips some calls (``n // 60`` or ``len(x)`` among the arguments): a string it
    skips is never offered for translation, so put such an argument in a variable first."""
    seen = {(m.context, m.source) for m in fresh}
    sources = {m.source for m in fresh}
    skipped = []
    for path, nodes in _code():
        for call in (n for n in nodes if isinstance(n, ast.Call)):
            literals = [a.value for a in call.args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            name = _called(call)
            if name in ("translate", "QT_TRANSLATE_NOOP") and len(literals) == 2:
                missing = tuple(literals) not in seen
            elif name in ("tr", "QT_TR_NOOP") and literals:
                missing = literals[0] not in sources
            else:
                continue
            if missing:
                skipped.append(f"{path.relative_to(ROOT)}:{call.lineno}: {ast.unparse(call)}")
    assert not skipped, "\n".join(skipped)


def test_strings_are_filed_under_the_class_that_looks_them_up(fresh: list[Message]) -> None:
    """``parent.tr(…)`` or a bare ``tr`` helper files a string under "parent" or "": Qt never finds it at run time."""
    wrong = sorted({f"[{m.context}] {m.source!r}" for m in fresh if not CONTEXT.match(m.context)})
    assert not wrong, "use self.tr() or QCoreApplication.translate('<Class>', …):\n" + "\n".join(wrong)


def test_no_tr_inside_an_f_string() -> None:
    """lupdate does not look inside f-strings, so a ``self.tr('…')`` there is never offered for translation."""
    hidden = []
    for path, nodes in _code():
        for node in nodes:
            if isinstance(node, ast.JoinedStr):
                hidden += [f"{path.relative_to(ROOT)}:{call.lineno}: {ast.unparse(call)}" for call in ast.walk(node)
                           if isinstance(call, ast.Call) and _called(call) in ("tr", "translate")]  # fmt: skip
    assert not hidden, "take the tr() call out of the f-string:\n" + "\n".join(hidden)


def test_no_literal_passed_to_a_tr_alias() -> None:
    """``_tr("Never")`` through a helper is invisible to lupdate: mark the literal with QT_TRANSLATE_NOOP instead."""
    hidden = []
    for path, nodes in _code():
        calls = (n for n in nodes if isinstance(n, ast.Call))
        hidden += [f"{path.relative_to(ROOT)}:{call.lineno}: {ast.unparse(call)}" for call in calls
                   if _alias(_called(call)) and _literal_first(call)]  # fmt: skip
    assert not hidden, "lupdate never offers these for translation:\n" + "\n".join(hidden)


def _alias(name: str) -> bool:
    return bool(ALIAS.search(name)) and name not in LUPDATE_SEES


def _literal_first(call: ast.Call) -> bool:
    return bool(call.args) and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)


@functools.cache
def _code() -> list[tuple[Path, list[ast.AST]]]:
    """Every node of every module lupdate scans, parsed once for the source checks."""
    paths = sorted(p for folder in SOURCES for p in (ROOT / folder).rglob("*.py"))
    return [(path, list(ast.walk(ast.parse(path.read_text(encoding="utf-8"))))) for path in paths]


def _called(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def test_rule_sentences_stored_in_records_are_all_offered_for_translation() -> None:
    """The table in ui/rule_text.py still matches the sentences domain and app rules write into records."""
    assert set(FOLLOW_UP_TEXTS) == set(FOLLOW_UP.values())
    written = {screening_service.SAFETY_TASK_TITLE, *screening_service.GIVE_FULL_TITLE.values(),
               screening_service.PROMPT_DONE, care_plan_service.REVIEW_TASK_TITLE, care_plan_service.REVIEW_DONE,
               care_plan_service.REVIEW_MOVED, referral_service.FOLLOW_UP_TITLE}  # fmt: skip
    assert set(TASK_TEXTS) == written


def test_plural_forms_on_screen_in_english_and_spanish(qapp: QApplication, tmp_path: Path) -> None:
    translator = _compiled(qapp, tmp_path)

    def fields(n: int) -> str:
        return QCoreApplication.translate("SyncText", "%n field(s)", None, n)

    try:
        assert translator.set_language("en") and translator.language == "en"
        assert (fields(1), fields(5)) == ("1 field", "5 fields")
        assert translator.set_language("es") and translator.language == "es"
        assert (fields(1), fields(5)) == ("1 campo", "5 campos")
        assert QCoreApplication.translate("SyncText", "%n day(s) ago", None, 2) == "hace 2 días"
        assert rule_text("Positive PHQ-2: give the full PHQ-9 now.").startswith("PHQ-2 positivo")
        assert rule_text("Walk 10 minutes after lunch") == "Walk 10 minutes after lunch"  # typed text stays as is
    finally:
        translator.set_language("en")


def test_rows_already_on_screen_change_language(seeded_vault: Vault, inline_lanes: InlineLanes, qtbot: Any,
                                                qapp: QApplication, tmp_path: Path) -> None:  # fmt: skip
    """Panel and Today rows are formatted once and kept; a language switch must still reach them."""
    translator = _compiled(qapp, tmp_path)
    pages = (PanelPage(PanelService(seeded_vault), inline_lanes), TodayPage(TodayService(seeded_vault), inline_lanes))
    try:
        assert translator.set_language("en")
        for page in pages:
            qtbot.addWidget(page)
            page.activate()
        english = [_cells(page.model) for page in pages]
        assert translator.set_language("es")
        for page in pages:
            page.retranslate()  # what the main window does on LanguageChange
        spanish = [_cells(page.model) for page in pages]
    finally:
        translator.set_language("en")
    assert "Inglés" in spanish[0] and "English" in english[0]
    assert spanish[1] != english[1] and "Tier 1" not in spanish[1]


def _cells(model: QAbstractItemModel) -> list[str]:
    return [str(model.index(row, column).data() or "") for row in range(min(model.rowCount(), 30))
            for column in range(model.columnCount())]  # fmt: skip


def _compiled(qapp: QApplication, tmp_path: Path) -> Translator:
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    for source in TRANSLATIONS.glob("*.ts"):
        subprocess.run([str(lrelease), "-silent", str(source), "-qm", str(tmp_path / source.with_suffix(".qm").name)],
                       check=True)  # fmt: skip
    return Translator(qapp, tmp_path)


def test_english_without_its_file_still_works_and_spanish_without_its_file_falls_back(qapp: QApplication,
                                                                                  tmp_path: Path) -> None:  # fmt: skip
    translator = Translator(qapp, tmp_path)
    assert translator.set_language("en") and translator.language == "en"
    assert not translator.set_language("es") and translator.language == "en"


def test_every_screen_shows_only_translated_chrome(seeded_vault: Vault, inline_lanes: InlineLanes, qtbot: Any,
                                                   fresh: list[Message], tmp_path: Path) -> None:  # fmt: skip
    """Every string lupdate extracts, pseudo-translated ("ES:" + source) and installed; then the real pages on a
    seeded vault, every chart tab shown: a button, tab, heading, field hint or accessible name still in plain
    English was never offered for translation (hard-coded, or filed where Qt does not look)."""
    translator = _pseudo_translator(fresh, tmp_path)
    QApplication.installTranslator(translator)
    try:
        workspace = build_workspace(seeded_vault, inline_lanes, UnlockInfo("coach", False, LeaseStatus(False)))
        texts: list[tuple[str, str]] = []
        for name, page in workspace.pages.items():
            qtbot.addWidget(page)
            page.retranslate()
            page.activate()
            if isinstance(page, MemberPage):
                page.show_member(PanelService(seeded_vault).member_ids(PanelFilter())[0])
                for index in range(page.tabs.count()):
                    page.tabs.setCurrentIndex(index)
                    texts += [(name, t) for t in _chrome(page)]
            texts += [(name, t) for t in _chrome(page)]
    finally:
        QApplication.removeTranslator(translator)
    english = sorted({f"{page}: {text!r}" for page, text in texts if not text.startswith("ES:")})
    assert len(texts) > 200 and not english, "\n".join(english)


def _pseudo_translator(fresh: list[Message], tmp_path: Path) -> QTranslator:
    root = ET.Element("TS", version="2.1", language="es")
    for m in fresh:
        context = ET.SubElement(root, "context")
        ET.SubElement(context, "name").text = m.context
        message = ET.SubElement(context, "message", numerus="yes") if m.numerus else ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = m.source
        translation = ET.SubElement(message, "translation")
        for form in [ET.SubElement(translation, "numerusform") for _ in range(2)] if m.numerus else [translation]:
            form.text = "ES:" + m.source
    ts, qm = tmp_path / "pseudo.ts", tmp_path / "pseudo.qm"
    ET.ElementTree(root).write(ts, encoding="utf-8", xml_declaration=True)
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    subprocess.run([str(lrelease), "-silent", str(ts), "-qm", str(qm)], check=True)
    translator = QTranslator()
    assert translator.load(str(qm))
    return translator


def _chrome(root: QWidget) -> list[str]:
    """The words of the screen itself, never the member's data: buttons, tab and group titles, table headings,
    field hints, form labels (a label with a buddy) and accessible names."""
    found: list[str] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if (not widget.isVisibleTo(root) and widget is not root) or isinstance(widget.parent(), QTabBar):
            continue  # hidden, or a tab bar's own scroll arrows (Qt's strings, translated by qtbase_es)
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel) and widget.buddy() is not None):
            found.append(widget.text())
        elif isinstance(widget, QGroupBox):
            found.append(widget.title())
        elif isinstance(widget, QLineEdit):
            found.append(widget.placeholderText())
        elif isinstance(widget, QTabWidget):
            found += [widget.tabText(i) for i in range(widget.count())]
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            found += [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
        found.append(widget.accessibleName())
    return [t for t in found if re.search(r"[A-Za-z]{2}", re.sub(r"<[^>]+>|&", "", t or ""))]
