"""Language switching: installs the compiled Qt translations (ours and Qt's own) for English or Spanish.

Our ``.ts`` sources live in resources/translations and are compiled to ``coach_<lang>.qm`` by
``python3 tasks.py translations`` (run by ``tasks.py setup``; the ``.qm`` files are build output, not committed).
``coach_en.ts`` holds only English plural forms: the source text says "%n member(s)", the English file makes it
"1 member" / "5 members", so English loads a translator too.
Installing a translator makes Qt send every widget a LanguageChange event; the main window answers it by
calling ``retranslate()`` on itself and on every page.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from .style import RESOURCES

TRANSLATIONS = RESOURCES / "translations"
SOURCE_LANGUAGE = "en"
# The names are shown in their own language, so a nurse finds hers whatever language is on screen.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
_log = logging.getLogger(__name__)


def qm_path(language: str, directory: Path = TRANSLATIONS) -> Path:
    return directory / f"coach_{language}.qm"


class Translator:
    """Owns the installed translators; ``set_language`` swaps them (Qt then sends LanguageChange everywhere)."""

    def __init__(self, app: QCoreApplication, directory: Path = TRANSLATIONS) -> None:
        self._app = app
        self._directory = directory
        self._installed: list[QTranslator] = []
        self.language = SOURCE_LANGUAGE

    def set_language(self, language: str) -> bool:
        """Switch to ``language``; False when its compiled file is missing (the app then stays in English)."""
        if language not in LANGUAGE_NAMES:
            language = SOURCE_LANGUAGE
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed.clear()
        if self._load(language):
            return True
        # English is the source text, so it works without its file; only its plurals then read "member(s)".
        self._load(SOURCE_LANGUAGE)
        return language == SOURCE_LANGUAGE

    def _load(self, language: str) -> bool:
        """Install ``coach_<language>.qm`` (for English: only its plural forms, "1 member" / "5 members")."""
        ours = QTranslator(self._app)
        if not ours.load(str(qm_path(language, self._directory))):
            _log.warning("translation %s not found; run 'python3 tasks.py translations'", language)
            self.language = SOURCE_LANGUAGE
            QLocale.setDefault(QLocale(SOURCE_LANGUAGE))
            return False
        # Qt's own strings too (wizard buttons, standard dialog buttons, context menus), when Qt ships them.
        qt_base = QTranslator(self._app)
        if language != SOURCE_LANGUAGE and qt_base.load(
            f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        ):
            self._install(qt_base)
        self._install(ours)
        self.language = language
        QLocale.setDefault(QLocale(language))
        return True

    def _install(self, translator: QTranslator) -> None:
        self._app.installTranslator(translator)
        self._installed.append(translator)
