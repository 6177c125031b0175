"""Reading import CSV files safely: size and row caps, strict headers, and problems that never quote values."""

from __future__ import annotations

import csv
import io
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

MAX_FILE_BYTES = 25 * 1024 * 1024  # SECURITY R24
MAX_ROWS = 100_000  # SECURITY R24
MAX_REPORTED = 200  # problems kept per import; the rest are counted


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an import, as ``line N: field: reason``. Field names and reasons only: the
    values are PHI and never appear here (nor in logs or on the terminal)."""

    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.reason}"


class ImportRejected(Exception):
    """The file was refused as a whole; nothing was written."""

    def __init__(self, problems: Sequence[Problem], total: int | None = None) -> None:
        self.problems = list(problems)[:MAX_REPORTED]
        self.total = total if total is not None else len(problems)
        super().__init__(f"{self.total} problem(s); nothing imported")

    def lines(self) -> list[str]:
        shown = [str(p) for p in self.problems]
        if self.total > len(shown):
            shown.append(f"... and {self.total - len(shown)} more")
        return shown


@dataclass(frozen=True, slots=True)
class CsvRow:
    line: int  # the physical line the row starts on (the header is line 1)
    values: dict[str, str]


def read_rows(path: Path, columns: Sequence[str], required: Iterable[str] = ()) -> tuple[list[CsvRow], list[Problem]]:
    """The data rows of a UTF-8 CSV file whose header names exactly ``columns`` (in any order), and the
    problems found so far (wrong field counts, empty required cells), so the caller can report every row's
    problems at once. A file that cannot be read as a whole raises ImportRejected."""
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            raise ImportRejected([Problem(1, "file", "empty file")])
        names = [name.strip().lower() for name in header]
        _check_header(names, columns)
        return _rows(reader, names, set(required))
    except csv.Error as exc:  # csv's messages describe the syntax only (for example "unexpected end of data")
        raise ImportRejected([Problem(reader.line_num or 1, "file", f"malformed CSV ({exc})")]) from None


def _read_text(path: Path) -> str:
    try:
        info = path.stat()
    except OSError as exc:
        raise ImportRejected([Problem(0, "file", f"cannot read ({exc.strerror or 'error'})")]) from None
    if not stat.S_ISREG(info.st_mode):
        raise ImportRejected([Problem(0, "file", "not a regular file")])
    if info.st_size > MAX_FILE_BYTES:
        raise ImportRejected([Problem(0, "file", f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")])
    with path.open("rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)  # the file may grow after stat: never read past the cap
    if len(data) > MAX_FILE_BYTES:
        raise ImportRejected([Problem(0, "file", f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")])
    if b"\x00" in data:  # never text; PostgreSQL cannot even store it
        raise ImportRejected([Problem(data[: data.index(b"\x00")].count(b"\n") + 1, "file", "contains a NUL byte")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportRejected([Problem(line, "file", "not UTF-8 text")]) from None


def _check_header(names: list[str], columns: Sequence[str]) -> None:
    problems = [Problem(1, "header", f"missing column {c}") for c in columns if c not in names]
    # Unknown names are not echoed: a file without a header has a row of PHI where the header should be.
    unknown = [i + 1 for i, name in enumerate(names) if name not in columns]
    if unknown:
        problems.append(Problem(1, "header", f"{len(unknown)} unknown column(s), first at position {unknown[0]}"))
    duplicates = {n for n in names if names.count(n) > 1 and n in columns}
    problems += [Problem(1, "header", f"column {c} appears twice") for c in sorted(duplicates)]
    if problems:
        raise ImportRejected(problems)


def _rows(reader: Any, names: list[str], required: set[str]) -> tuple[list[CsvRow], list[Problem]]:
    rows: list[CsvRow] = []
    problems: list[Problem] = []
    start = reader.line_num + 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue  # blank lines are not rows
        if len(rows) >= MAX_ROWS:
            raise ImportRejected([Problem(line, "file", f"more than {MAX_ROWS} rows")])
        if len(cells) != len(names):
            problems.append(Problem(line, "row", f"expected {len(names)} fields, found {len(cells)}"))
            continue
        values = {name: cell.strip() for name, cell in zip(names, cells, strict=True)}
        problems += [Problem(line, c, "required") for c in sorted(required) if not values[c]]
        rows.append(CsvRow(line, values))
    return rows, problems


ColumnMap = dict[tuple[Any, ...], str]  # pydantic error location → CSV column


def validation_problems(line: int, error: ValidationError, column_of: ColumnMap) -> list[Problem]:
    """Pydantic errors as problems, named by CSV column. A message that would quote the offending value is
    replaced by the error type, so no value can leak even from a validator written later."""
    problems = []
    for err in error.errors(include_url=False):
        loc = tuple(err.get("loc", ()))
        field = _column(loc, column_of)
        message = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        value = err.get("input")
        if isinstance(value, str | int | float) and len(str(value)) >= 2 and str(value) in message:
            message = str(err.get("type", "invalid"))
        problems.append(Problem(line, field, message[:160]))
    return problems


def _column(loc: tuple[Any, ...], column_of: ColumnMap) -> str:
    for size in range(len(loc), 0, -1):  # the longest known prefix: ("conditions", 2) → conditions
        if loc[:size] in column_of:
            return column_of[loc[:size]]
    return "row"
