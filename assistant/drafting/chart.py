"""Charts people can read on a phone: the funnel and a month-by-month bar chart, as shapes (rect, text, line)
drawn by one SVG template (inline, autoescaped) and by `raster.png` for documents without SVG (DOCX).

The drawing is 260 units wide, about the width of a chart card in the chat widget on a 375 px phone, so
its 11.5–14 unit labels render at 11 px or more there and grow on a wider page. Bars are honest: linear from zero when the counts fit,
else on a log scale that is drawn with its ticks and said in words under the chart.
"""

import math

from assistant.contracts import Diagnosis
from assistant.core.templates import render
from assistant.core.templates import text as say
from assistant.drafting import facts
from assistant.drafting.labels import label, stage_label

WIDTH, PAD = 260, 8
BAR_W = WIDTH - 2 * PAD
INK, MUTED, BAR, GRID = "#111827", "#4b5563", "#1d4ed8", "#c7cdd6"
STATUS_COLOURS = {"ok": "#2e7d32", "weak": "#b45309", "critical": "#c62828", "unknown": "#4b5563"}
LINEAR_MAX_SPAN = 20  # counts within 20x of each other are drawn to a linear scale
CHAR = 0.53  # average glyph width of Helvetica/Arial, in font sizes


def _text(x, y, value, size=12, anchor="start", weight="normal", fill=INK) -> dict:
    return {"t": "text", "x": round(x, 1), "y": round(y, 1), "text": str(value), "size": size,
            "anchor": anchor, "weight": weight, "fill": fill}


def _rect(x, y, w, h, fill, stroke=None, rx=3) -> dict:
    return {"t": "rect", "x": round(x, 1), "y": round(y, 1), "w": round(max(w, 0), 1), "h": h, "fill": fill,
            "stroke": stroke, "rx": rx}


def _line(x1, y1, x2, y2, stroke=GRID) -> dict:
    return {"t": "line", "x1": round(x1, 1), "y1": round(y1, 1), "x2": round(x2, 1), "y2": round(y2, 1),
            "stroke": stroke}


def text_width(value: str, size: float, bold: bool = False) -> float:
    return len(value) * size * CHAR * (1.15 if bold else 1.0)


def wrap(value: str, size: float, width: float = BAR_W, bold: bool = False) -> list[str]:
    """Words into lines that fit `width` at font `size` (a rough measure, on the safe side)."""
    lines, line = [], ""
    for word in value.split():
        candidate = f"{line} {word}".strip()
        if line and text_width(candidate, size, bold) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def _lines(shapes: list, y: float, value: str, size: float, step: float | None = None, **style) -> float:
    """Wrapped text from `y` (the first baseline); returns the y after the last line."""
    step = step or size + 4
    lines = wrap(value, size, bold=style.get("weight") == "bold")
    for i, line in enumerate(lines):
        shapes.append(_text(PAD, y + i * step, line, size, **style))
    return y + len(lines) * step


def _stages(diagnosis: Diagnosis | None, counts: dict) -> list[str]:
    """The count stages to draw: the known counts, else the ends of the diagnosis' rates."""
    if counts:
        return list(counts)
    ends = {end for row in facts.stage_rows(diagnosis) for end in facts.rate_ends(row.stage) or ()}
    return [s for s in facts.STAGES if s in ends]


def _rate_row(diagnosis: Diagnosis | None, counts: dict, before: str, after: str) -> dict:
    """The rate between two drawn stages: the diagnosis' row, else computed from the counts."""
    for row in facts.stage_rows(diagnosis):
        if facts.rate_ends(row.stage) == (before, after):
            return row.model_dump()
    return {"stage": None, "actual": facts.ratio(counts.get(after), counts.get(before)), "benchmark": None,
            "status": "unknown"}


def scale(values: list[float]) -> tuple[str, callable]:
    """("linear" | "log", value -> share of the full bar). Log when the counts span more than 20x."""
    positive = [v for v in values if v and v > 0]
    top = max(positive, default=0)
    if not top:
        return "linear", lambda v: 0.0
    if min(positive) * LINEAR_MAX_SPAN >= top:
        return "linear", lambda v: max(v or 0, 0) / top
    decades = math.ceil(math.log10(top)) or 1
    return "log", lambda v: math.log10(v) / decades if v and v >= 1 else 0.0


def _ticks(shapes: list, rows: list[float], y: float, top: float, lang: str) -> float:
    """Short tick lines at each power of ten behind every bar, labelled under the funnel."""
    decades = math.ceil(math.log10(top)) or 1
    every = 1 if decades <= 4 else 2
    for k in range(decades + 1):
        x = PAD + BAR_W * k / decades
        shapes[:0] = [_line(x, row - 3, x, row + 17) for row in rows]  # drawn first: under the bars
        if k % every == 0:
            anchor = "start" if k == 0 else "end" if k == decades else "middle"
            shapes.append(_text(x, y + 12, say("report.tick", lang, v=10 ** k), 11.5, anchor, fill=MUTED))
    return y + 18


def _count(shapes: list, y: float, width: float, count: float | None, lang: str) -> None:
    """The count inside its bar when it fits, else just after it."""
    value = say("report.count", lang, v=count)
    if text_width(value, 12.5, True) + 10 <= width:
        shapes.append(_text(PAD + width - 5, y + 12, value, 12.5, "end", "bold", "#ffffff"))
    else:
        shapes.append(_text(PAD + width + 5, y + 12, value, 12.5, "start", "bold"))


def chart_data(diagnosis: Diagnosis | None, snapshot: dict, lang: str) -> dict:
    """The funnel as shapes: per stage its name and a bar with its count; between stages the rate vs benchmark."""
    counts = facts.funnel_counts(snapshot)
    stages = _stages(diagnosis, counts)
    kind, share = scale([counts.get(s) for s in stages])
    neck = facts.stage_to_fix(diagnosis)
    shapes, y, rates, drawn, rows = [], 0.0, [], False, []
    for i, stage in enumerate(stages):
        if i:
            row = _rate_row(diagnosis, counts, stages[i - 1], stage)
            colour = STATUS_COLOURS.get(row.get("status") or "unknown", MUTED)
            is_neck = bool(neck) and row.get("stage") == neck
            line = f"↓ {label('chart_rate', lang, row=row)}"
            if is_neck:
                drawn = True
                lines = [f"⚠ {label('bottleneck', lang)}", *wrap(line, 12)]
                shapes.append(_rect(PAD - 4, y + 1, BAR_W + 8, 17 * len(lines) + 6, "#fdecea",
                                    STATUS_COLOURS["critical"], 5))
                for n, part in enumerate(lines):  # the heading bold; the rate in the status colour
                    shapes.append(_text(PAD, y + 16 + 17 * n, part, 12, weight="normal" if n else "bold",
                                        fill=STATUS_COLOURS["critical"]))
                y += 17 * len(lines) + 10
            else:
                y = _lines(shapes, y + 14, line, 12, 16, fill=colour) - 2
            rates.append({**row, "bottleneck": is_neck})
        count = counts.get(stage)
        shapes.append(_text(PAD, y + 14, label("stage", lang, id=stage), 12.5, weight="bold"))
        width = max(BAR_W * share(count), 3) if count is not None else BAR_W * (1 - i / max(len(stages), 2))
        shapes.append(_rect(PAD, y + 20, width, 17, BAR))
        rows.append(y + 20)
        if count is not None:
            _count(shapes, y + 20, width, count, lang)
        y += 42
    if kind == "log" and stages:
        y = _ticks(shapes, rows, y - 4, max(v for v in counts.values() if v), lang)
    if stages:
        y = _lines(shapes, y + 12, say("report.scale_note", lang, kind=kind), 11.5, 15, fill=MUTED)
    if neck and not drawn:
        y = _lines(shapes, y + 14, f"⚠ {label('bottleneck', lang)}: {stage_label(neck, lang)}", 12,
                   weight="bold", fill=STATUS_COLOURS["critical"])
    return {"shapes": shapes, "width": WIDTH, "height": round(max(y + 6, 60)), "scale": kind, "rates": rates,
            "bars": [{"label": label("stage", lang, id=s), "count": counts.get(s)} for s in stages],
            "bottleneck_label": stage_label(neck, lang) if neck else None}


def _alt(chart: dict, lang: str) -> str:
    return say("report.funnel_alt", lang, bars=chart["bars"], rates=chart["rates"], scale=chart["scale"],
               bottleneck=chart["bottleneck_label"])


def funnel_chart(diagnosis: Diagnosis | None, lang: str = "vi", snapshot: dict | None = None,
                 business: str | None = None) -> dict:
    """The funnel's shapes with its title and alt text (for SVG and PNG alike)."""
    snap = snapshot or {}
    chart = chart_data(diagnosis, snap, lang)
    name = business or facts.business(snap)["name"] or label("default_business", lang)
    title = label("chart_title", lang, name=name)
    head: list = []
    top = _lines(head, 18, title, 14, 18, weight="bold") + 2
    for shape in chart["shapes"]:
        for key in ("y", "y1", "y2"):
            if key in shape:
                shape[key] = round(shape[key] + top, 1)
    if not chart["bars"]:
        head.append(_text(WIDTH / 2, top + 24, label("chart_no_data", lang), 12, "middle", fill=MUTED))
    chart["shapes"] = head + chart["shapes"]
    chart["height"] = round(chart["height"] + top + (30 if not chart["bars"] else 0))
    return {**chart, "id": "funnel", "title": title, "desc": _alt(chart, lang)}


def funnel_svg(diagnosis: Diagnosis | None, lang: str = "vi", snapshot: dict | None = None,
               business: str | None = None) -> str:
    """An inline SVG funnel: counts per known stage, rates vs benchmark (without a diagnosis, the counts'
    own rates), the bottleneck highlighted, the scale said."""
    return svg(funnel_chart(diagnosis, lang, snapshot, business))


def month_chart(series: list[dict], metric: str, kind: str, name: str, unit: str, lang: str,
                currency: str | None = "VND") -> dict | None:
    """Horizontal bars of one metric by month, linear from zero, each bar labelled with its value."""
    points = [(row["key"], (row.get("rates" if kind == "rate" else "kpis") or {}).get(metric)) for row in series]
    values = [v for _, v in points if v is not None]
    if len(values) < 2:
        return None
    top = max(values) or 1
    title = say("compare.chart_title", lang, metric=name)
    shapes: list = []
    y = _lines(shapes, 18, title, 13.5, 17, weight="bold")
    shown = {key: say("report.value", lang, v=v, unit=unit, currency=currency) for key, v in points}
    left = PAD + text_width("2026-10", 11.5) + 6
    right = max(text_width(v, 11.5) for v in shown.values()) + PAD + 6
    for key, value in points:
        shapes.append(_text(PAD, y + 12, key, 11.5, fill=MUTED))
        if value is not None:
            shapes.append(_rect(left, y + 2, max((WIDTH - left - right) * max(value, 0) / top, 1), 13, BAR, rx=2))
        shapes.append(_text(WIDTH - PAD, y + 12, shown[key], 11.5, "end"))
        y += 19
    shapes.append(_line(left, y - 19 * len(points), left, y))
    low, high = min(values), max(values)
    desc = say("compare.chart_desc", lang, metric=name, first=points[0][0], last=points[-1][0],
               low=say("report.value", lang, v=low, unit=unit, currency=currency),
               high=say("report.value", lang, v=high, unit=unit, currency=currency))
    return {"id": f"month-{metric}", "shapes": shapes, "width": WIDTH, "height": round(y + 8), "title": title,
            "desc": desc}


def svg(chart: dict) -> str:
    """A chart's shapes as a self-contained SVG (role=img, title and description for screen readers)."""
    return render("funnel.svg.j2", "vi", c=chart)


FONT_FILES = ("DejaVuSans.ttf", "LiberationSans-Regular.ttf", "Arial.ttf")
BOLD_FILES = ("DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "Arial Bold.ttf")
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/truetype/liberation", "/usr/share/fonts/TTF",
             "/usr/share/fonts/dejavu", "/Library/Fonts", "C:/Windows/Fonts")


def _font(size: float, bold: bool):
    """A TrueType font with Vietnamese glyphs (DejaVu or Liberation), else Pillow's own."""
    from pathlib import Path

    from PIL import ImageFont

    for name in BOLD_FILES if bold else FONT_FILES:
        for folder in FONT_DIRS:
            path = Path(folder) / name
            if path.is_file():
                return ImageFont.truetype(str(path), round(size))
    return ImageFont.load_default(size=round(size))


def png(chart: dict, zoom: float = 2.5) -> bytes:
    """The same shapes as the SVG, drawn into a PNG (for DOCX, which cannot hold SVG)."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (round(chart["width"] * zoom), round(chart["height"] * zoom)), "#ffffff")
    draw, fonts = ImageDraw.Draw(image), {}
    for s in chart["shapes"]:
        if s["t"] == "rect":
            box = [s["x"] * zoom, s["y"] * zoom, (s["x"] + s["w"]) * zoom, (s["y"] + s["h"]) * zoom]
            draw.rounded_rectangle(box, radius=s["rx"] * zoom, fill=s["fill"], outline=s["stroke"],
                                   width=round(1.2 * zoom) if s["stroke"] else 0)
        elif s["t"] == "line":
            draw.line([s["x1"] * zoom, s["y1"] * zoom, s["x2"] * zoom, s["y2"] * zoom], fill=s["stroke"],
                      width=max(1, round(zoom)))
        else:
            key = (s["size"], s["weight"] == "bold")
            font = fonts.setdefault(key, _font(s["size"] * zoom, key[1]))
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}[s["anchor"]]
            draw.text((s["x"] * zoom, s["y"] * zoom), s["text"], fill=s["fill"], font=font, anchor=anchor)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)  # speed over a few kilobytes
    return out.getvalue()
