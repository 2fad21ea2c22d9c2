"""Inline SVG charts for the HTML report: no script, no CDN, they render offline and in any
browser, and a diff of two reports shows what changed. Every label is escaped."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

import msgspec

SERIES = ("#7a4b2a", "#3b7ea1")
"""Run A, run B."""
SCORE_COLOURS = ("#b3261e", "#e07a3f", "#d8c25a", "#7fb069", "#2f7a3b")
"""Scores 1 to 5."""
FONT = "font-family='system-ui, sans-serif' font-size='12'"


class Bar(msgspec.Struct, kw_only=True):
    label: str
    values: list[float | None]
    """One per series, 0-1; None where that series has no value."""
    lows: list[float | None] = msgspec.field(default_factory=list)
    highs: list[float | None] = msgspec.field(default_factory=list)
    notes: list[str] = msgspec.field(default_factory=list)
    """Shown after each bar, e.g. "12/15"."""


def _text(x: float, y: float, text: str, anchor: str = "start", extra: str = "") -> str:
    return (
        f"<text x='{x:.1f}' y='{y:.1f}' text-anchor='{anchor}' {FONT} {extra}>{escape(text)}</text>"
    )


def rate_chart(bars: Sequence[Bar], series: Sequence[str], title: str) -> str:
    """Horizontal bars of rates (0-100%) with confidence whiskers, one group per label and
    one bar per series (run)."""
    label_w, plot_w, note_w = 230, 420, 90
    bar_h, gap = 12, 10
    group_h = bar_h * len(series) + gap
    top = 34 + (18 if len(series) > 1 else 0)
    height = top + group_h * len(bars) + 24
    width = label_w + plot_w + note_w
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' "
        f"width='{width}' height='{height}' role='img' aria-label='{escape(title)}'>",
        _text(0, 16, title, extra="font-weight='600'"),
    ]
    if len(series) > 1:
        for i, name in enumerate(series):
            key_x = label_w + i * 200
            parts.append(
                f"<rect x='{key_x}' y='26' width='10' height='10' fill='{SERIES[i % 2]}'/>"
            )
            parts.append(_text(key_x + 14, 35, name))
    for tick in range(0, 101, 25):
        x = label_w + plot_w * tick / 100
        parts.append(
            f"<line x1='{x:.1f}' y1='{top - 4}' x2='{x:.1f}' y2='{height - 20}' stroke='#ddd'/>"
        )
        parts.append(_text(x, height - 6, f"{tick}%", "middle", "fill='#666'"))
    for row, bar in enumerate(bars):
        y0 = top + row * group_h
        parts.append(_text(label_w - 8, y0 + group_h / 2, bar.label, "end"))
        for i, value in enumerate(bar.values):
            if value is None:
                continue
            y = y0 + i * bar_h
            w = plot_w * max(0.0, min(1.0, value))
            colour = SERIES[i % 2]
            parts.append(
                f"<rect x='{label_w}' y='{y}' width='{w:.1f}' height='{bar_h - 2}' "
                f"fill='{colour}'><title>{escape(bar.label)}: {value:.0%}</title></rect>"
            )
            low = bar.lows[i] if i < len(bar.lows) else None
            high = bar.highs[i] if i < len(bar.highs) else None
            if low is not None and high is not None:
                x1, x2 = label_w + plot_w * low, label_w + plot_w * high
                ym = y + (bar_h - 2) / 2
                parts.append(
                    f"<path d='M{x1:.1f} {ym:.1f}H{x2:.1f}M{x1:.1f} {ym - 3:.1f}V{ym + 3:.1f}"
                    f"M{x2:.1f} {ym - 3:.1f}V{ym + 3:.1f}' stroke='#222' stroke-width='1'/>"
                )
            note = bar.notes[i] if i < len(bar.notes) else f"{value:.0%}"
            parts.append(_text(label_w + plot_w + 6, y + bar_h - 3, note, extra="fill='#444'"))
    parts.append("</svg>")
    return "".join(parts)


def distribution_chart(rows: Sequence[tuple[str, Sequence[int]]], title: str) -> str:
    """Stacked horizontal bars of score counts (1 to 5) per row, as shares of the row."""
    label_w, plot_w = 230, 420
    bar_h, gap = 16, 8
    top = 50
    height = top + (bar_h + gap) * len(rows) + 10
    width = label_w + plot_w + 60
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} {height}' "
        f"width='{width}' height='{height}' role='img' aria-label='{escape(title)}'>",
        _text(0, 16, title, extra="font-weight='600'"),
    ]
    for score, colour in enumerate(SCORE_COLOURS, start=1):
        key_x = label_w + (score - 1) * 60
        parts.append(f"<rect x='{key_x}' y='26' width='10' height='10' fill='{colour}'/>")
        parts.append(_text(key_x + 14, 35, str(score)))
    for row, (label, counts) in enumerate(rows):
        y = top + row * (bar_h + gap)
        total = sum(counts)
        parts.append(_text(label_w - 8, y + bar_h - 4, label, "end"))
        x = float(label_w)
        for score, count in enumerate(counts, start=1):
            if not total or not count:
                continue
            w = plot_w * count / total
            parts.append(
                f"<rect x='{x:.1f}' y='{y}' width='{w:.1f}' height='{bar_h}' "
                f"fill='{SCORE_COLOURS[score - 1]}'><title>{escape(label)}: {count} × {score}"
                "</title></rect>"
            )
            if w > 18:
                parts.append(_text(x + w / 2, y + bar_h - 4, str(count), "middle", "fill='#fff'"))
            x += w
        parts.append(_text(label_w + plot_w + 6, y + bar_h - 4, f"n={total}", extra="fill='#444'"))
    parts.append("</svg>")
    return "".join(parts)


def fmt(value: float | None, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"
