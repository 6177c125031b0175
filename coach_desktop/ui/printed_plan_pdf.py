"""The member's printed plan as a one-to-two page Letter PDF, written with Qt's own PDF writer (QtGui only).

Large type and short lines for low vision and low literacy: one page when the plan fits at 12 pt or more, else two
pages at the largest size that fits (never below 11 pt). Saving is audited through the care-plan service.
"""

from __future__ import annotations

from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextCursor, QTextDocument, QTextFormat

from ..app.care_plan_service import CarePlanService
from ..app.printed_plan import CoachContact, PrintedPlan
from ..domain.audit import AuditAction

MAX_PAGES = 2
_DPI = 96  # the document's layout units: CSS pixels, so font point sizes mean what they say on paper
_PAGE = QSizeF(8.5 * _DPI, 11 * _DPI)  # US Letter
_MARGIN = 0.7 * _DPI
_SIZES = (14, 13, 12, 11)  # body text in points, largest first
_HANG = 26  # hanging indent of numbers and tick boxes, in layout pixels


def plan_html(plan: PrintedPlan, body_pt: int = _SIZES[0]) -> str:
    """The plan as the small HTML subset QTextDocument lays out: who to call and when first, then the plan."""
    h2 = f"font-size:{body_pt + 4}pt; font-weight:bold; margin-top:14px; margin-bottom:2px; color:#1f4e79;"
    h3 = "font-weight:bold; margin-top:8px; margin-bottom:2px;"
    contact = "<br/>".join(escape(line) for line in plan.contact_lines)
    parts = [
        f"<html><body style=\"font-family:'DejaVu Sans', Arial, sans-serif; font-size:{body_pt}pt; color:#111;\">",
        f'<p style="font-size:{body_pt + 12}pt; font-weight:bold; margin:0; color:#1f4e79;">{escape(plan.title)}</p>',
        f'<p style="margin-top:2px; color:#444;">{escape(plan.for_line)}</p>',
        f'<p style="margin-bottom:10px;">{escape(plan.intro)}</p>',
        '<table width="100%" cellspacing="0" cellpadding="8" style="border:1px solid #1f4e79;"><tr>'
        f'<td width="50%" valign="top"><b>{escape(plan.contact_heading)}</b><br/>{contact}</td>'
        f'<td width="50%" valign="top"><b>{escape(plan.appointment_heading)}</b><br/>'
        f"{escape(plan.appointment_text)}</td></tr></table>",
    ]
    if plan.why_text:
        parts += [f'<p style="{h2}">{escape(plan.why_heading)}</p>', f"<p><i>“{escape(plan.why_text)}”</i></p>"]
    parts.append(f'<p style="{h2}">{escape(plan.goals_heading)}</p>')
    parts.append(_goal_blocks(plan))
    if plan.more_goals:
        parts.append(f'<p style="margin-top:8px;">{escape(plan.more_goals)}</p>')
    parts.append(f'<p style="{h2}">{escape(plan.steps_heading)}</p>')
    for heading, steps in ((plan.my_steps_heading, plan.my_steps), (plan.team_steps_heading, plan.team_steps)):
        if steps:
            parts += [f'<p style="{h3}">{escape(heading)}</p>', _checklist(steps)]
    if plan.more_steps:
        parts.append(f'<p style="margin-top:8px;">{escape(plan.more_steps)}</p>')
    if plan.strengths_text:
        parts += [f'<p style="{h2}">{escape(plan.strengths_heading)}</p>', f"<p>{escape(plan.strengths_text)}</p>"]
    parts += [f'<p style="margin-top:16px; font-weight:bold;">{escape(plan.emergency_text)}</p>', "</body></html>"]
    return "\n".join(parts)


def _goal_blocks(plan: PrintedPlan) -> str:
    """One paragraph per goal (lines joined by <br/>) with its number hanging: a block the layout keeps whole."""
    return "".join(
        f'<p style="margin-top:6px; margin-bottom:0; margin-left:{_HANG}px; text-indent:-{_HANG}px;">'
        f"<b>{number}.&nbsp;&nbsp;{escape(goal.text)}</b><br/>{escape(goal.measure)}<br/>{escape(goal.target)}<br/>"
        f"<i>{escape(goal.status)}</i></p>"
        for number, goal in enumerate(plan.goals, 1)
    )


def _checklist(steps: tuple[str, ...]) -> str:
    """Tick boxes with the text hanging beside them, one paragraph per step."""
    return "".join(f'<p style="margin-top:3px; margin-bottom:3px; margin-left:{_HANG}px; text-indent:-{_HANG}px;">'
                   f"☐&nbsp;&nbsp;{escape(step)}</p>" for step in steps)  # fmt: skip


def _keep_together(doc: QTextDocument, headings: set[str]) -> None:
    """Move to the next page any paragraph the page end would cut (a goal, a step), and any heading that would
    be left alone at the bottom of a page. One fix per pass: each break moves everything after it."""
    height = doc.pageSize().height()
    layout = doc.documentLayout()
    for _ in range(50):
        block = doc.begin()
        while block.isValid():
            rect = layout.blockBoundingRect(block)
            bottom = rect.bottom()
            if block.text() in headings and block.next().isValid():
                bottom = layout.blockBoundingRect(block.next()).bottom()
            if int(rect.top() // height) != int((bottom - 1) // height) and bottom - rect.top() < height / 2:
                fmt = block.blockFormat()
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                QTextCursor(block).setBlockFormat(fmt)
                break
            block = block.next()
        else:
            return


def build_document(plan: PrintedPlan) -> QTextDocument:
    """One page if it fits at a comfortable size, else two pages at the largest size that fits."""
    docs = [_document(plan, size) for size in _SIZES]
    one_page = next((d for d in docs[:-1] if d.pageCount() == 1), None)
    if one_page is not None:
        return one_page
    return next((d for d in docs if d.pageCount() <= MAX_PAGES), docs[-1])


def _document(plan: PrintedPlan, body_pt: int) -> QTextDocument:
    doc = QTextDocument()
    doc.setDefaultFont(QFont("DejaVu Sans", body_pt))
    doc.setDocumentMargin(_MARGIN)
    doc.setPageSize(_PAGE)
    doc.setHtml(plan_html(plan, body_pt))
    headings = {plan.why_heading, plan.goals_heading, plan.steps_heading, plan.my_steps_heading,
                plan.team_steps_heading, plan.strengths_heading} - {""}  # fmt: skip
    _keep_together(doc, headings)
    doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, plan.title)
    return doc


def write_pdf(plan: PrintedPlan, path: Path) -> int:
    """Write the plan to ``path``; returns the number of pages (1 or 2)."""
    if not path.parent.is_dir():
        raise OSError(f"The folder for {path.name} does not exist.")
    doc = build_document(plan)
    writer = QPdfWriter(str(path))
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.Letter), QPageLayout.Orientation.Portrait,
                                     QMarginsF(0, 0, 0, 0)))  # fmt: skip
    writer.setTitle(plan.title)
    writer.setCreator("Coach Desktop")
    doc.print_(writer)
    del writer  # closes the file
    if not path.is_file() or path.stat().st_size == 0:
        raise OSError(f"The printed plan could not be written to {path.name}.")  # Qt only warns on stderr
    return doc.pageCount()


def save_printed_plan(
    service: CarePlanService, member_id: str, coach: CoachContact, path: Path, *,
    next_appointment: date | None = None, action: AuditAction = AuditAction.EXPORT,
) -> int:  # fmt: skip
    """Build the member's plan, write the PDF, then audit it (only once the file is really written)."""
    plan = service.printed_plan(member_id, coach, next_appointment=next_appointment)
    pages = write_pdf(plan, path)
    service.record_printed(member_id, action)
    return pages
