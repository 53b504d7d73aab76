"""``{% monitor_rows block public %}``: the body of an indicator's data table.

Built in Python instead of a template loop: a monitor page at rotterdam scale has about a
thousand cells, and the template engine's per-cell cost was most of the page's time
(bench/monitor_pages.py). Every value is escaped (format_html / escape)."""

from django import template
from django.utils.formats import get_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

CELL = '<td class="utrecht-table__cell utrecht-table__cell--numeric-data">{}</td>'


@register.simple_tag
def monitor_rows(block, public: bool):
    hidden = format_html('<span class="lw-hidden-figure">{}</span>', _("verborgen"))
    city = escape(_("Hele gemeente"))
    met, not_met = escape(_("gehaald")), escape(_("niet gehaald"))
    sep = get_format("DECIMAL_SEPARATOR")

    def number(value) -> str:
        return f"{float(value):.1f}".replace(".", sep)

    out = []
    for row in block.table_rows:
        parts = [
            '<tr class="utrecht-table__row"><th class="utrecht-table__header-cell" scope="row">',
            city if row.city else escape(row.name),
            "</th>",
        ]
        if public:
            parts.append(f'<td class="utrecht-table__cell">{escape(row.code)}</td>')
        for cell in row.cells:
            text = hidden if cell.hidden else ("–" if cell.value is None else number(cell.value))
            if cell.target is not None:
                verdict = {True: f" ✓ {met}", False: f" {not_met}", None: ""}[cell.met]
                goal = escape(_("doel %(t)s") % {"t": number(cell.target)})
                css = ' class="monitor-met"' if cell.met else ""
                text = f"{text}<br><span{css}>{goal}{verdict}</span>"
            parts.append(CELL.format(text))
        parts.append("</tr>")
        out.append("".join(parts))
    return mark_safe("\n".join(out))  # noqa: S308 - every piece above is escaped
