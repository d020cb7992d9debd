"""The doctor's report as HTML (a Jinja2 template with print CSS for A4) and as PDF from that same HTML.

The PDF is made by WeasyPrint with a URL fetcher that only accepts `data:` URLs: the report is
self-contained (charts inline as SVG, CSS inline), so nothing is ever fetched from the network or the disk.
Fonts are the system's (DejaVu Sans).

The HTML inlines each chart's `<svg>` (a screen reader reads its title and description); the HTML made for
the PDF carries the same SVG as a `data:` image instead. WeasyPrint draws both alike, text kept as text, but
an inline SVG's every element also goes through the page's CSS cascade, which cost about a third of the
PDF's time (bench/README.md, "Faster report and status").
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from contextlib import suppress
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


_WARM_UP = (
    "<html><body style=\"font-family: 'DejaVu Sans', sans-serif\"><p>a <b>b</b> <i>c</i></p>"
    '<img src="data:image/svg+xml;base64,{}"></body></html>'
)
_WARM_UP_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="20pt" height="10pt" viewBox="0 0 20 10">'
    '<path d="M 0 0 L 20 10" style="stroke: #000000"/><text x="1" y="9" style="font-size: 8px">1</text></svg>'
)


def _warm_up() -> None:
    """Import WeasyPrint and make one small PDF with text and an SVG image: its first PDF in a process pays
    for loading fonts and the modules it imports on first use."""
    html_to_pdf(_WARM_UP.format(base64.b64encode(_WARM_UP_SVG.encode("utf-8")).decode("ascii")))


class PdfPress:
    """Makes the report's PDF in a second process, which imports WeasyPrint and warms it up (about a second
    in a fresh process, bench/README.md) while this one reads the journal and draws the charts: a command
    that makes one PDF then waits only for the PDF itself. Where no second process can be forked (another
    system, or threads already running, which a fork would copy mid-work), or it fails, the PDF is made
    here, as `render_pdf` makes it. A context manager; the second process ends with it.

        with PdfPress() as press:
            report = build_report(...)
            pdf = press.pdf(report)
    """

    def __init__(self) -> None:
        import multiprocessing
        import sys
        import threading

        self._process: Any = None
        self._connection: Any = None
        if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() != 1:
            return
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        for stream in (sys.stdout, sys.stderr):  # nothing pending is copied into the fork to be written twice
            stream.flush()
        try:
            process = context.Process(target=_press, args=(theirs,), daemon=True)
            process.start()
        except OSError:  # no process to be had (limits): make the PDF here
            ours.close()
            return
        finally:
            theirs.close()
        self._process, self._connection = process, ours

    def pdf(self, report: ClinicalReport) -> bytes:
        """The report's PDF, the same bytes `render_pdf(report)` gives."""
        html = _environment().get_template("report.html.j2").render(report=report, printing=True)
        if self._connection is not None:
            try:
                self._connection.send(html)
                made = self._connection.recv()
            except (EOFError, OSError):  # the second process died (killed, out of memory)
                made = None
            if isinstance(made, bytes):
                return made
        return html_to_pdf(html)  # here, and any error WeasyPrint raised there is raised here

    def close(self) -> None:
        """End the second process (at once if the report was never asked for: an error leaves no wait)."""
        if self._process is not None:
            self._connection.close()
            self._process.terminate()
            self._process.join()
            self._process = self._connection = None

    def __enter__(self) -> PdfPress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _press(connection: Any) -> None:
    """The second process: warm up, then make the one PDF asked for (None back if it fails). It makes one PDF
    and ends, so the cyclic garbage collector is off (a tenth of WeasyPrint's time, a few MB more)."""
    import gc

    gc.disable()
    with suppress(Exception):  # the real PDF below shows whether WeasyPrint works
        _warm_up()
    try:
        html = connection.recv()
    except EOFError:  # the report was not wanted after all
        return
    try:
        made: bytes | None = html_to_pdf(html)
    except Exception:  # made again in the first process, which raises it
        made = None
    connection.send(made)


__all__: Sequence[str] = ("PdfPress", "days_in_words", "html_to_pdf", "render_html", "render_pdf")
