"""PDF briefing sheet: A4 landscape, printed by headless Chromium (vector).

Page 1 is the map exactly as in the PNG (title, date stamp, legend, scale bar, credits) but
vector; the pages after it hold the changes since the previous report date (km² per side and
the largest changed areas), the table of events shown (date, place, summary, source, claim
status), the sources and licences, and how the sheet was made. Every page's footer repeats
the title, the date and the page number. All text from data is escaped.
"""

from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template

from layers.export.changes import ReportChanges
from layers.export.draw.page import export_map, page_html
from layers.export.draw.render import Renderer
from layers.export.request import SizePreset
from layers.export.view import ExportView
from layers.style import side_colour, side_label
from layers.text import escape_display as esc
from layers.text import format_day

__all__ = ["PRINT_SIZE", "briefing_html", "render_pdf"]

#: The layout viewport: A4 landscape at 96 CSS px per inch.
PRINT_SIZE = SizePreset("print", 1123, 794, 1.0, "A4 landscape (print)")
#: Page 1's map, inside the printed margins (9 mm around, 12 mm at the bottom).
MAP_WIDTH_MM, MAP_HEIGHT_MM = 279, 184
MAX_CHANGES = 20

_CSS = f"""
@page {{ size: A4 landscape; }}
html, body {{ height: auto !important; }}
body {{ font: 10pt/1.35 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #111;
        background: #fff; }}
.fl-sheet-map, #MAP_ID {{ width: {MAP_WIDTH_MM}mm !important; height: {MAP_HEIGHT_MM}mm !important;
                position: relative !important; break-after: page; }}
.fl-sheet h2 {{ font-size: 13pt; margin: 0 0 4pt; }}
.fl-sheet section {{ margin: 0 0 10pt; }}
.fl-sheet p {{ margin: 0 0 5pt; }}
.fl-sheet table {{ border-collapse: collapse; width: 100%; margin: 0 0 6pt; }}
.fl-sheet th, .fl-sheet td {{ border-bottom: 0.5pt solid #bbb; padding: 2pt 4pt;
                             text-align: left; vertical-align: top; }}
.fl-sheet th {{ background: #eee; font-weight: 600; }}
.fl-sheet thead {{ display: table-header-group; }}
.fl-sheet tr {{ break-inside: avoid; }}
.fl-sheet td.num, .fl-sheet th.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
.fl-sheet .fl-swatch {{ display: inline-block; width: 10pt; height: 8pt; margin-right: 3pt;
                       vertical-align: baseline; }}
.fl-sheet .fl-warn {{ color: #7a3b00; }}
.fl-sheet .fl-small {{ color: #444; font-size: 8.5pt; }}
.fl-sheet td.summary {{ width: 40%; }}
.fl-sheet .nowrap {{ white-space: nowrap; }}
"""


def _km2(value: float) -> str:
    return f"{value:,.1f}"


def _changes_section(changes: ReportChanges | None, view: ExportView) -> str:
    head = "<h2>Changes since the previous report date</h2>"
    if changes is None:
        return (f"<section>{head}<p>No earlier zone report to compare with on or before "
                f"{esc(format_day(view.day))}.</p></section>")
    diff = changes.diff
    rows = []
    for side in diff.sides:
        colour = side_colour(side.side, view.theatre)
        swatch = f'<span class="fl-swatch" style="background:{colour}"></span>'
        rows.append(
            f"<tr><td>{swatch}{esc(side_label(side.side, view.theatre))}</td>"
            f'<td class="num">{_km2(side.km2_before)}</td><td class="num">{_km2(side.km2_after)}'
            f'</td><td class="num">{_km2(side.gained_km2)}</td>'
            f'<td class="num">{_km2(side.lost_km2)}</td>'
            f'<td class="num">{side.net_km2:+,.1f}</td></tr>')
    parts = [
        f"<section>{head}<p>Zones in force on {esc(format_day(view.day))} come from the report "
        f"of {esc(format_day(changes.current))}; compared with the previous report date, "
        f"{esc(format_day(changes.previous))}. Areas in km² (equal-area projection "
        "EPSG:6933).</p>",
        "<table><thead><tr><th>Side</th>"
        f'<th class="num">km² on {esc(format_day(changes.previous))}</th>'
        f'<th class="num">km² on {esc(format_day(changes.current))}</th>'
        '<th class="num">Gained</th><th class="num">Lost</th><th class="num">Net</th></tr>'
        f"</thead><tbody>{''.join(rows)}</tbody></table>",
    ]
    if diff.changes:
        items = []
        for change in diff.changes[:MAX_CHANGES]:
            sources = sorted({r.source for r in (*change.before, *change.after)})
            items.append(f"<tr><td>{esc(side_label(change.side, view.theatre))}</td>"
                         f"<td>{esc(change.kind)}</td>"
                         f'<td class="num">{change.km2:,.2f}</td>'
                         f"<td>{esc('; '.join(sources))}</td></tr>")
        more = len(diff.changes) - MAX_CHANGES
        parts.append(
            '<table><thead><tr><th>Side</th><th>Change</th><th class="num">km²</th>'
            f"<th>Reports</th></tr></thead><tbody>{''.join(items)}</tbody></table>"
            + (f'<p class="fl-small">… and {more} smaller changes.</p>' if more > 0 else ""))
    parts.append("</section>")
    return "".join(parts)


def _events_section(view: ExportView) -> str:
    events = sorted(view.snapshot.events, key=lambda e: (e.day, e.place.name), reverse=True)
    head = f"<h2>Events shown ({len(events)})</h2>"
    if not events:
        return f"<section>{head}<p>No event in the window.</p></section>"
    opsec = view.request.opsec
    rows = []
    for e in events:
        status = e.claim_status.value + (f" ({e.claimed_by})" if e.claimed_by else "")
        source = e.source + (f", {format_day(e.source_date)}" if e.source_date else "")
        where = f"{e.place.lat:.4f}, {e.place.lon:.4f}"
        if opsec.coarsens(e):
            where = f"≈ {where} (coarsened to {opsec.precision_deg:g}°)"
        rows.append(f"<tr><td class='nowrap'>{esc(format_day(e.day))}</td>"
                    f"<td>{esc(e.place.name)}<br><span class='fl-small nowrap'>{esc(where)}"
                    "</span></td>"
                    f"<td>{esc(e.kind.label)}</td><td class='summary'>{esc(e.summary)}</td>"
                    f"<td>{esc(source)}</td><td>{esc(status)}</td></tr>")
    return (f"<section>{head}<table><thead><tr><th>Date</th><th>Place (lat, lon)</th>"
            "<th>Kind</th><th>Summary</th><th>Source</th><th>Claim status</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></section>")


def _credits_section(view: ExportView, permalink: str | None) -> str:
    terms = "".join(f"<li>{esc(t)}</li>" for t in view.licences.terms())
    warnings = "".join(f'<li class="fl-warn">{esc(w)}</li>'
                       for w in view.licences.warnings())
    about = [esc(view.generated_text()), esc(view.stamp())]
    about += [esc(n) for n in view.notes() if not n.startswith("Licence:")]
    if permalink:
        about.append("Permalink: " + esc(permalink))
    return ("<section><h2>Sources, credits and licences</h2>"
            f"<ul>{terms}{warnings}</ul></section>"
            "<section><h2>About this sheet</h2><ul>"
            + "".join(f"<li>{a}</li>" for a in about) + "</ul></section>")


class _Sheet(MacroElement):
    """Print CSS, the map's print size (set before Leaflet measures the map) and the
    sheet's sections (rendered after the map's element)."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>{{ this.css.replace("MAP_ID", this._parent.get_name()) }}</style>
        {% endmacro %}
        {% macro html(this, kwargs) %}{{ this.body }}{% endmacro %}
    """)

    def __init__(self, body: str) -> None:
        super().__init__()
        self._name = "Sheet"
        self.css = _CSS
        self.body = body


def briefing_html(view: ExportView, changes: ReportChanges | None, *,
                  permalink: str | None = None) -> str:
    """The sheet as one offline HTML page (print it with :func:`render_pdf`)."""
    m = export_map(view)
    body = ('<div class="fl-sheet">' + _changes_section(changes, view) + _events_section(view)
            + _credits_section(view, permalink) + "</div>")
    _Sheet(body).add_to(m)
    return page_html(m)


def footer_text(view: ExportView) -> str:
    """The escaped footer line of every page."""
    return esc(f"{view.title} · as of {format_day(view.day)} · {view.generated_text()}")


def render_pdf(view: ExportView, renderer: Renderer, changes: ReportChanges | None, *,
               permalink: str | None = None) -> bytes:
    """The briefing sheet of ``view`` as PDF bytes."""
    html = briefing_html(view, changes, permalink=permalink)
    return renderer.pdf(html, PRINT_SIZE, footer_html=footer_text(view))
