"""The service report as a printable PDF: the counts of `sendadvisor.report` in tables, with bar
charts drawn by ReportLab's own graphics (`reportlab.graphics.charts`).

Lays out a prepared report dict only; computes nothing. A count hidden as "fewer than 5" is never
drawn as a bar (its length would show it): such categories are listed under the chart in words.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from sendadvisor.i18n import _
from sendadvisor.letters.fonts import FONT, FONT_BOLD, text_paragraph
from sendadvisor.letters.model import plain
from sendadvisor.letters.page_template import build_pdf
from sendadvisor.letters.stylesheet import HEADER_FILL, INK, RULE, LetterStyles, letter_styles
from sendadvisor.report import (
    CASE_WORDS,
    FAMILY_WORDS,
    SUPPRESSED,
    days_words,
    number,
    period_words,
)

BAR = colors.HexColor("#1f4e79")  # dark blue on white: 8.6:1, and every bar is labelled in figures
LABEL_SIZE = 9
ROW = 22  # points per bar: room for a label on two lines


def _para(text: str, style: Any) -> Paragraph:
    return text_paragraph(plain(text), style)


def _chart(entries: Sequence[tuple[str, Any]], width: float) -> Drawing | None:
    """A horizontal bar chart of the exact counts (None when there is none)."""
    exact = [(title, count) for title, count in entries if isinstance(count, int)]
    if not exact:
        return None
    label_room = width * 0.48
    height = ROW * len(exact) + 24
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x = label_room
    chart.y = 16
    chart.width = width - label_room - 40
    chart.height = ROW * len(exact)
    chart.data = [[count for _title, count in reversed(exact)]]  # the biggest at the top
    chart.categoryAxis.categoryNames = [title for title, _count in reversed(exact)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.leading = LABEL_SIZE * 1.15
    chart.categoryAxis.labels.maxWidth = label_room - 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.textAnchor = "end"
    chart.categoryAxis.labels.dx = -6
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.labelTextFormat = "{:,.0f}".format
    chart.bars[0].fillColor = BAR
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = "{:,}".format
    chart.barLabels.fontName = FONT_BOLD
    chart.barLabels.fontSize = LABEL_SIZE
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    return drawing


def _chart_with_rest(
    heading: Sequence[Flowable],
    entries: Sequence[tuple[str, Any]],
    styles: LetterStyles,
    width: float,
) -> list[Flowable]:
    """The heading with the chart (kept on one page), then the categories too few to draw."""
    out: list[Flowable] = [*heading]
    drawing = _chart(entries, width)
    if drawing is not None:
        out.append(drawing)
    hidden = [title for title, count in entries if not isinstance(count, int)]
    if hidden:
        out.append(
            _para(
                _("{shown} each:").format(shown=_(SUPPRESSED)[:1].upper() + _(SUPPRESSED)[1:]),
                styles.lead,
            )
        )
        out.extend(_para(f"• {title}", styles.bullet) for title in hidden)
    if not entries:
        out.append(_para(_("None in this period."), styles.body))
    kept = len(heading) + (drawing is not None)
    return [KeepTogether(out[:kept]), *out[kept:]]


def _table(rows: Sequence[Sequence[str]], styles: LetterStyles, widths: Sequence[float]) -> Table:
    """A table with a real header row (repeated on each page)."""
    cells = [
        [_para(text, styles.cell_head if r == 0 else styles.cell) for text in row]
        for r, row in enumerate(rows)
    ]
    table = Table(cells, colWidths=list(widths), repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def report_flowables(
    report: Mapping[str, Any], styles: LetterStyles, service_name: str = ""
) -> list[Flowable]:
    """The report's content, page by page."""
    width = styles.page_size[0] - styles.left_margin - styles.right_margin
    out: list[Flowable] = []
    if service_name:
        out.append(_para(service_name, styles.service))
    out.append(_para(_("Service report"), styles.title))
    out.append(_para(_("Period: {period}.").format(period=period_words(report)), styles.body))
    out.append(
        _para(
            _(
                'Counts under 5 are shown as "{shown}", so that no family can be recognised. '
                "No names, addresses, dates of birth or notes are used."
            ).format(shown=_(SUPPRESSED)),
            styles.body,
        )
    )

    cases = report["cases"]
    out.append(_para(_("Cases"), styles.heading))
    out.append(
        _table(
            [("", _("Cases"))] + [(_(words), number(cases[key])) for key, words in CASE_WORDS],
            styles,
            (width * 0.7, width * 0.3),
        )
    )
    if not cases["all_worked_out"]:
        out.append(
            _para(
                _("Cases the rules could not work out, not counted below: {count}.").format(
                    count=number(cases["not_worked_out"])
                ),
                styles.body,
            )
        )

    concerns = report["concerns"]
    out += _chart_with_rest(
        [
            _para(
                _("Concerns, by kind ({count} in all)").format(count=number(concerns["total"])),
                styles.heading,
            )
        ],
        [(e["title"], e["count"]) for e in concerns["by_kind"]],
        styles,
        width,
    )
    out += _chart_with_rest(
        [
            _para(_("Routes offered"), styles.heading),
            _para(_("How many concerns each route was open to."), styles.body),
        ],
        [(e["title"], e["count"]) for e in report["routes"]],
        styles,
        width,
    )
    family = report["family_deadlines"]
    out += _chart_with_rest(
        [_para(_("Families' deadlines due in the period"), styles.heading)],
        [(_(words), family[key]) for key, words in FAMILY_WORDS],
        styles,
        width,
    )

    limits = report["council_limits"]
    section: list[Flowable] = [
        _para(_("Time limits on the council and others, due in the period"), styles.heading),
        _table(
            [
                ("", _("Time limits")),
                (_("Due"), number(limits["due"])),
                (_("Met in time"), number(limits["met"])),
                (_("Missed"), number(limits["missed"])),
                (_("Missed and still not done"), number(limits["still_not_done"])),
            ],
            styles,
            (width * 0.7, width * 0.3),
        ),
    ]
    out.append(KeepTogether(section))
    sentence = days_words(limits)
    if sentence:
        out.append(_para(sentence, styles.body))
    out += _chart_with_rest(
        [_para(_("How late the missed ones were"), styles.subheading)],
        [(_(b["label"]), b["count"]) for b in limits["missed_by"]],
        styles,
        width,
    )
    if limits["by_limit"]:
        out.append(_para(_("Each time limit"), styles.subheading))
        out.append(
            _table(
                [(_("Time limit"), _("Due"), _("Met"), _("Missed"))]
                + [
                    (e["title"], number(e["due"]), number(e["met"]), number(e["missed"]))
                    for e in limits["by_limit"]
                ],
                styles,
                (width * 0.52, width * 0.16, width * 0.16, width * 0.16),
            )
        )
    return out


def render_report(report: Mapping[str, Any], *, service_name: str = "") -> bytes:
    """The report as PDF bytes (the same report gives the same bytes)."""
    styles = letter_styles()
    return build_pdf(
        report_flowables(report, styles, service_name),
        styles,
        title=_("Service report"),
        subject=_("Service report, {period}").format(period=period_words(report)),
        service_name=service_name or _("Service report"),
        page_label=_("Page {page} of {pages}"),
    )
