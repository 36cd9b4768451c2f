"""Accessible charts as inline SVG, rendered on the server.

Shared by the dashboards and the report (HTML and PDF), so this module is pure: no Django,
no JavaScript, deterministic output for the same input. Every chart is an
``<svg role="img">`` labelled by its own ``<title>`` and ``<desc>``; the numbers are written
in the chart (and the page shows them again as a table). Meaning never rests on colour
alone: the three answer groups always come in the same order (eens, neutraal, oneens), each
has its own fill *and* texture (solid dark, light, striped), a text legend, and its rounded
percentage written inside the segment when it is wide enough to hold it.

Colours (WCAG 2.2): text on every fill has at least 4.5:1 contrast (white on #154273
10.4:1, #1a1a1a on #e1e4e8 14:1, white on #c2410c 5.2:1 and on #9a3412 7.3:1); every
segment has a dark outline, so its edge has at least 3:1 against white and its neighbours.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from ervaring.stats.rounding import round_half_up

#: Drawing width in SVG user units; the SVG scales to its container (viewBox only).
WIDTH = 640
FONT = 14
LINE = 18
BAR_HEIGHT = 28
#: Narrowest segment (user units) that gets its percentage written inside.
MIN_LABEL_WIDTH = 34
OUTLINE = "#1a1a1a"
TEXT = "#1a1a1a"
AGREE_FILL = "#154273"
NEUTRAL_FILL = "#e1e4e8"
DISAGREE_FILL = "#c2410c"
DISAGREE_STRIPE = "#9a3412"
MUTED_FILL = "#f3f6f9"


@dataclass(frozen=True)
class StackedBar:
    """One statement (or group) as eens / neutraal / oneens percentages (0-100)."""

    label: str
    agree: float | None
    neutral: float | None
    disagree: float | None
    n: int | None
    suppressed: bool = False


def stacked_bars_svg(
    bars: Sequence[StackedBar], *, title: str, description: str = "", min_n: int = 10
) -> str:
    """An inline SVG of stacked eens/neutraal/oneens bars, one per statement or group.

    Each bar has its label with ``(n=94)`` above it; a suppressed bar shows "te weinig
    antwoorden (n < min_n)" instead of figures, and a bar without answers says so. The
    caller decides suppression (the analysis rows carry it); this only draws it.
    """
    cid = _chart_id("bars", title, repr(tuple(bars)))
    chars_per_line = int(WIDTH / (FONT * 0.55))
    parts: list[str] = [_stripes_pattern(cid)]
    y = _legend(parts, cid)
    for bar in bars:
        lines = _wrap(_bar_label(bar), chars_per_line)
        for line in lines:
            y += LINE
            parts.append(
                f'<text x="0" y="{y}" font-size="{FONT}" fill="{TEXT}">{escape(line)}</text>'
            )
        y += 6
        parts.extend(_bar(bar, y, cid, min_n))
        y += BAR_HEIGHT + 14
    desc = description or _bars_description(bars, min_n)
    return _svg(cid, title, desc, y + 4, parts)


def time_series_svg(points: Sequence[tuple[str, int]], *, title: str) -> str:
    """An inline SVG column chart of counts per period (responses per day or week).

    ``points`` are (period label, count) in time order. The y axis has round ticks; only
    some x labels are drawn when there are many periods (the table beside it has them all).
    """
    cid = _chart_id("series", title, repr(tuple(points)))
    height, left, bottom, top = 220, 44, 40, 12
    plot_w, plot_h = WIDTH - left - 8, height - bottom - top
    parts: list[str] = []
    if not points:
        parts.append(_text("Nog geen antwoorden.", x=0, y=FONT + 4))
        return _svg(cid, title, "Nog geen antwoorden.", FONT + 14, parts)
    peak = max(count for _, count in points)
    step = _nice_step(peak)
    top_value = max(step, math.ceil(peak / step) * step) if peak else step
    for tick in range(0, top_value + 1, step):
        ty = top + plot_h - plot_h * tick / top_value
        parts.append(
            f'<line x1="{left}" x2="{WIDTH - 8}" y1="{ty:.1f}" y2="{ty:.1f}" '
            'stroke="#c6ccd2" stroke-width="1"/>'
        )
        parts.append(_text(str(tick), x=left - 6, y=f"{ty + 4:.1f}", size=12, anchor="end"))
    slot = plot_w / len(points)
    label_every = max(1, math.ceil(len(points) / max(1, int(plot_w // 90))))
    for i, (label, count) in enumerate(points):
        bar_h = plot_h * count / top_value
        x = left + i * slot + slot * 0.15
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" width="{max(1.0, slot * 0.7):.1f}" '
            f'height="{bar_h:.1f}" fill="{AGREE_FILL}"/>'
        )
        if i % label_every == 0:
            cx = left + i * slot + slot / 2
            parts.append(
                f'<text x="{cx:.1f}" y="{height - bottom + 18}" font-size="12" fill="{TEXT}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    base = top + plot_h
    parts.append(
        f'<line x1="{left}" x2="{WIDTH - 8}" y1="{base}" y2="{base}" '
        f'stroke="{OUTLINE}" stroke-width="1.5"/>'
    )
    return _svg(cid, title, _series_description(points), height, parts)


# --------------------------------------------------------------------------- internals


def _chart_id(kind: str, title: str, content: str) -> str:
    """A stable id unique to the chart's content, so several charts can share a page."""
    digest = hashlib.sha1(f"{kind}|{title}|{content}".encode(), usedforsecurity=False)
    return f"chart-{digest.hexdigest()[:10]}"


def _svg(cid: str, title: str, desc: str, height: float, parts: list[str]) -> str:
    body = "".join(parts)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{cid}-title {cid}-desc" viewBox="0 0 {WIDTH} {math.ceil(height)}" '
        f"font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\">"
        f'<title id="{cid}-title">{escape(title)}</title>'
        f'<desc id="{cid}-desc">{escape(desc)}</desc>'
        f"{body}</svg>"
    )


def _stripes_pattern(cid: str) -> str:
    return (
        f'<defs><pattern id="{cid}-stripes" width="8" height="8" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="{DISAGREE_FILL}"/>'
        f'<rect width="3" height="8" fill="{DISAGREE_STRIPE}"/></pattern></defs>'
    )


def _legend(parts: list[str], cid: str) -> int:
    """Draw the legend (swatch + word) at the top; returns the y below it."""
    x = 0
    for word, fill in (
        ("eens", AGREE_FILL),
        ("neutraal", NEUTRAL_FILL),
        ("oneens", f"url(#{cid}-stripes)"),
    ):
        parts.append(
            f'<rect x="{x}" y="2" width="18" height="18" fill="{fill}" '
            f'stroke="{OUTLINE}" stroke-width="1"/>'
        )
        parts.append(f'<text x="{x + 24}" y="16" font-size="{FONT}" fill="{TEXT}">{word}</text>')
        x += 24 + len(word) * 9 + 24
    return 30


def _bar_label(bar: StackedBar) -> str:
    return f"{bar.label} (n={bar.n})" if bar.n is not None else bar.label


def _bar(bar: StackedBar, y: float, cid: str, min_n: int) -> list[str]:
    values = (bar.agree, bar.neutral, bar.disagree)
    if bar.suppressed or any(v is None for v in values):
        message = f"te weinig antwoorden (n < {min_n})" if bar.suppressed else "geen antwoorden"
        return [
            f'<rect x="0.5" y="{y}" width="{WIDTH - 1}" height="{BAR_HEIGHT}" fill="{MUTED_FILL}" '
            f'stroke="{OUTLINE}" stroke-width="1" stroke-dasharray="4 3"/>',
            _text(message, x=10, y=y + BAR_HEIGHT / 2 + 5),
        ]
    total = sum(v for v in values if v is not None) or 1.0
    fills = (AGREE_FILL, NEUTRAL_FILL, f"url(#{cid}-stripes)")
    inks = ("#ffffff", TEXT, "#ffffff")
    out: list[str] = []
    x = 0.0
    for value, fill, ink in zip(values, fills, inks, strict=True):
        width = (WIDTH - 1) * (value or 0.0) / total
        if width <= 0:
            continue
        out.append(
            f'<rect x="{x + 0.5:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{fill}" stroke="{OUTLINE}" stroke-width="1"/>'
        )
        if width >= MIN_LABEL_WIDTH:
            out.append(
                f'<text x="{x + width / 2:.1f}" y="{y + BAR_HEIGHT / 2 + 5}" font-size="{FONT}" '
                f'font-weight="700" fill="{ink}" text-anchor="middle">{_pct(value)}</text>'
            )
        x += width
    return out


def _text(
    content: str,
    *,
    x: float | str,
    y: float | str,
    size: int = FONT,
    anchor: str = "start",
    fill: str = TEXT,
    bold: bool = False,
) -> str:
    """A ``<text>`` element; ``content`` is escaped here."""
    weight = ' font-weight="700"' if bold else ""
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" fill="{fill}" text-anchor="{anchor}"{weight}>'
        f"{escape(content)}</text>"
    )


def _pct(value: float | None) -> str:
    """Rounded half up, as reports do (Python's round() would make 12.5 into 12)."""
    return "" if value is None else f"{round_half_up(value)}%"


def _wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap: SVG text does not wrap by itself."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    return [*lines, current] if current else lines or [""]


def _bars_description(bars: Sequence[StackedBar], min_n: int) -> str:
    sentences = []
    for bar in bars:
        if bar.suppressed:
            sentences.append(f"{_bar_label(bar)}: te weinig antwoorden (n < {min_n}).")
        elif bar.agree is None:
            sentences.append(f"{_bar_label(bar)}: geen antwoorden.")
        else:
            sentences.append(
                f"{_bar_label(bar)}: {_pct(bar.agree)} eens, {_pct(bar.neutral)} neutraal, "
                f"{_pct(bar.disagree)} oneens."
            )
    return " ".join(sentences)


def _series_description(points: Sequence[tuple[str, int]]) -> str:
    total = sum(count for _, count in points)
    peak_label, peak = max(points, key=lambda p: p[1])
    return (
        f"{total} in totaal, van {points[0][0]} tot en met {points[-1][0]}; "
        f"het meeste in {peak_label}: {peak}."
    )


def _nice_step(peak: int) -> int:
    """A round tick step (1, 2, 5 x 10^k) giving at most five ticks."""
    if peak <= 4:
        return 1
    raw = peak / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return int(factor * magnitude)
    return int(10 * magnitude)
