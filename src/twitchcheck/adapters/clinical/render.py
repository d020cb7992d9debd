"""The doctor's report as HTML (a Jinja2 template with print CSS for A4) and as PDF from that same HTML.

The PDF is made by WeasyPrint with a URL fetcher that only accepts `data:` URLs: the report is
self-contained (charts inline as SVG, CSS inline), so nothing is ever fetched from the network or the disk.
Fonts are the system's (DejaVu Sans).

The HTML inlines each chart's `<svg>` (a screen reader reads its title and description); the HTML made for
the PDF carries the same SVG as a `data:` image instead. WeasyPrint draws both alike, text kept as text, but
an inline SVG's every element also goes through the page's CSS cascade, which cost about a third of the
PDF's time (bench/README.md, "Doctor's report").
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from twitchcheck.adapters.clinical.model import ClinicalReport
from twitchcheck.core.words import days_in_words

if TYPE_CHECKING:
    from jinja2 import Environment
    from markupsafe import Markup

    from twitchcheck.adapters.charts import Chart

_TEST_NAMES = {"grip": "Grip", "calf_raises": "Calf raises", "chair_stands": "Chair stands (30 s)"}
_TEST_UNITS = {"grip": "kg", "calf_raises": "", "chair_stands": ""}
_SITE_NAMES = {"calf": "Calf", "thigh": "Thigh", "forearm": "Forearm", "upper_arm": "Upper arm"}


@cache
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    environment = Environment(
        loader=PackageLoader("twitchcheck.adapters.clinical", "templates"),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["num"] = _num
    environment.filters["day"] = lambda value: f"{value:%d %b %Y}" if value is not None else "n/a"
    environment.filters["cites"] = _cites
    environment.filters["days"] = days_in_words
    environment.filters["figure"] = _figure
    environment.globals.update(test_names=_TEST_NAMES, test_units=_TEST_UNITS, site_names=_SITE_NAMES)
    return environment


def _num(value: float | None, digits: int = 1, signed: bool = False) -> str:
    if value is None:
        return "n/a"
    text = f"{value:+.{digits}f}" if signed else f"{value:.{digits}f}"
    return text.replace("-", "\N{MINUS SIGN}")


def _figure(chart: Chart, printing: bool) -> Markup:
    """A chart's SVG, inline for the HTML, as a `data:` image of the same SVG for the PDF."""
    from markupsafe import Markup, escape

    if not printing:
        return Markup(chart.svg)  # the chart module's own SVG, its texts escaped there
    data = base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
    label = escape(f"{chart.title}: {chart.summary}")
    return Markup(f'<img class="chart" alt="{label}" src="data:image/svg+xml;base64,{data}">')


def _cites(numbers: Sequence[int]) -> str:
    return f"[{', '.join(str(number) for number in numbers)}]" if numbers else ""


def render_html(report: ClinicalReport) -> str:
    """The report as one self-contained HTML document (print CSS for A4, charts inline)."""
    return _environment().get_template("report.html.j2").render(report=report, printing=False)


def render_pdf(report: ClinicalReport) -> bytes:
    """The report as PDF, from the same HTML (the charts as `data:` images of their SVG), fetching nothing
    from outside the document."""
    return html_to_pdf(_environment().get_template("report.html.j2").render(report=report, printing=True))


def html_to_pdf(html: str) -> bytes:
    """A PDF of self-contained HTML; any URL other than `data:` is refused (nothing leaves the machine)."""
    import logging

    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # WeasyPrint logs every refused URL and unsupported CSS property as a warning; the report has none it
    # needs, and a CLI must not print library chatter.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)
    result: Any = HTML(string=html, base_url="data:,", url_fetcher=fetcher).write_pdf()
    return bytes(result)


__all__: Sequence[str] = ("days_in_words", "html_to_pdf", "render_html", "render_pdf")
