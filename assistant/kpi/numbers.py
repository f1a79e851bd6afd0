"""Number formats of exports: `1.234.567`, `1,234,567`, `11,11%`…, decided per column and per file.

A column's style is `vi` (dot groups thousands, comma is the decimal mark) or `en` (the reverse).
Values such as `5.857` fit both; the column's other values decide, else the file's default
(Vietnamese-UI files read `5.857` as 5857) and the column is reported as ambiguous.
"""

from dataclasses import dataclass

import polars as pl

_JUNK = r"[\s\u00a0\u202f₫$€%]|(?i:vnd|usd|đ)"
_UNKNOWN = r"^(?:|-+|—|–|n/?a|N/?A)$"
_SIGN = r"^[-+]?"
VI_ONLY = _SIGN + r"(?:\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:\.\d{3}){2,}|\d+,\d{1,2}|\d+,\d{4,}|\d{4,},\d+|0,\d+)$"
EN_ONLY = _SIGN + r"(?:\d{1,3}(?:,\d{3})+\.\d+|\d{1,3}(?:,\d{3}){2,}|\d+\.\d{1,2}|\d+\.\d{4,}|\d{4,}\.\d+|0\.\d+)$"
AMBIGUOUS = _SIGN + r"[1-9]\d{0,2}[.,]\d{3}$"
NUMBER = _SIGN + r"(?:\d+|\d{1,3}(?:[.,]\d{3})+|\d{1,3}(?:\.\d{3})*,\d+|\d{1,3}(?:,\d{3})*\.\d+|\d+[.,]\d+)$"
PLAIN = r"^[-+]?\d+$"
MAX_ABS = 1e15  # no export cell holds more (a thousand trillion đồng); beyond it, or nan/inf, is unknown


@dataclass(frozen=True)
class ColumnFormat:
    """How one column's numbers were read, and what to tell the user about it."""

    style: str  # "vi" | "en"
    ambiguous: bool = False  # only values like 5.857: the file's default decided
    mixed: bool = False  # both styles present: the file's default decided
    percent: bool = False
    not_numbers: int = 0  # values that are no number at all, read as unknown
    example: str | None = None  # an ambiguous or non-number value, to quote in the warning
    decided: bool = False  # the values themselves settled the style
    integral: bool = False  # counts or đồng: `1.234` and `1,234` are thousands whatever the style


def cleaned(series: pl.Series) -> pl.Series:
    """Text without spaces, currency or percent signs; `--`, `-` and empty become null."""
    text = series.cast(pl.String).str.replace_all(_JUNK, "")
    known = pl.select(pl.when(text.str.contains(_UNKNOWN)).then(None).otherwise(text)).to_series()
    return known.alias(series.name)


def _integral_style(ambiguous: pl.Series, default_style: str) -> str:
    """Counts (and VND) have no fractions: `1,403` clicks or `100,000` đồng group thousands."""
    separators = {v.lstrip("+-")[-4] for v in ambiguous.to_list()}
    return {",": "en", ".": "vi"}.get(separators.pop(), default_style) if len(separators) == 1 else default_style


def detect(series: pl.Series, default_style: str = "vi", integral: bool = False) -> ColumnFormat:
    """Decide the style of a text column from its distinct values (`integral`: counts, VND)."""
    distinct = series.cast(pl.String).drop_nulls().unique(maintain_order=True)
    percent = bool(distinct.str.contains("%").any())
    values = cleaned(distinct).drop_nulls()
    if values.is_empty() or values.str.contains(PLAIN).all():
        return ColumnFormat(default_style, percent=percent)
    is_vi, is_en = values.str.contains(VI_ONLY), values.str.contains(EN_ONLY)
    bad = values.filter(~values.str.contains(NUMBER) | (values.str.count_matches(r"\d") > 18))  # 1e18+: past MAX_ABS
    ambiguous = values.filter(values.str.contains(AMBIGUOUS))
    example = bad[0] if bad.len() else (ambiguous[0] if ambiguous.len() else None)
    if is_vi.any() != is_en.any():
        return ColumnFormat("vi" if is_vi.any() else "en", percent=percent, not_numbers=bad.len(),
                            example=bad[0] if bad.len() else None, decided=True, integral=integral)
    style = _integral_style(ambiguous, default_style) if integral and not is_vi.any() else default_style
    return ColumnFormat(
        style, ambiguous=not is_vi.any() and ambiguous.len() > 0, mixed=bool(is_vi.any()),
        percent=percent, not_numbers=bad.len(), example=example, integral=integral,
    )


def convert(series: pl.Series, fmt: ColumnFormat) -> pl.Series:
    """Floats in the detected style; unknown and non-numbers are null (never zero)."""
    if series.dtype.is_numeric():
        return bounded(series.cast(pl.Float64))
    text = series.cast(pl.String)
    if text.drop_nulls().unique().str.contains(_JUNK).any():
        text = cleaned(text)
    if fmt.integral:  # a count's `1,403` is 1403 even in a column whose other values are `1.234,5`
        text = pl.select(pl.when(text.str.contains(AMBIGUOUS)).then(text.str.replace_all(r"[.,]", ""))
                         .otherwise(text)).to_series()
    if fmt.style == "vi":
        text = text.str.replace_all(".", "", literal=True).str.replace_all(",", ".", literal=True)
    else:
        text = text.str.replace_all(",", "", literal=True)
    numbers = bounded(text.cast(pl.Float64, strict=False))  # "--", "n/a"… fail the cast: unknown
    return (numbers / 100).round(12) if fmt.percent else numbers


def bounded(numbers: pl.Series) -> pl.Series:
    """`nan`, `inf`, `1e400` cast to floats that no JSON can hold and every sum would carry: unknown."""
    return pl.select(pl.when(numbers.abs() <= MAX_ABS).then(numbers)).to_series().alias(numbers.name)


def parse_column(series: pl.Series, default_style: str = "vi", integral: bool = False) -> tuple[pl.Series, ColumnFormat]:
    """Detect then convert: the one call extraction uses."""
    if series.dtype.is_numeric():
        return bounded(series.cast(pl.Float64)), ColumnFormat(default_style)
    as_int = series.cast(pl.Int64, strict=False)
    if as_int.null_count() == series.null_count():  # plain integers: the fast, common case
        return bounded(as_int.cast(pl.Float64)), ColumnFormat(default_style)
    fmt = detect(series, default_style, integral)
    return convert(series, fmt), fmt


def parse_number(value: str, default_style: str = "vi") -> float | None:
    """One value on its own (`'11,11%'` -> 0.1111); the column-wise functions are preferred."""
    series, _ = parse_column(pl.Series([value], dtype=pl.String), default_style)
    return series[0]


def _strict_pattern(style: str, integral: bool) -> str:
    """The only shapes a column may take once its style is known from a sample."""
    group, decimal = (r"\.", ",") if style == "vi" else (",", r"\.")
    fraction = "" if integral else rf"(?:{decimal}\d+)?"
    return rf"^(?:[-+]?(?:\d{{1,3}}(?:{group}\d{{3}})+|\d+){fraction}|-+|—|–|n/?a|N/?A)$"


def lazy_parse(column: str, fmt: ColumnFormat, integral: bool) -> tuple[pl.Expr, pl.Expr]:
    """Expressions for a scan: the column as floats in `fmt`'s style, and a flag for any value that
    does not fit that style (then the caller reads the column the careful way)."""
    text = pl.col(column)
    if fmt.style == "vi":
        number = text.str.replace_all(".", "", literal=True).str.replace_all(",", ".", literal=True)
    else:
        number = text.str.replace_all(",", "", literal=True)
    misfit = text.is_not_null() & ~text.str.contains(_strict_pattern(fmt.style, integral))
    value = number.cast(pl.Float64, strict=False)
    return pl.when(value.abs() <= MAX_ABS).then(value).alias(column), misfit.alias(f"_misfit {column}")


def lazy_ready(fmt: ColumnFormat, sample: pl.Series) -> bool:
    """A sampled column simple enough to parse inside the scan: no %, currency signs or text."""
    values = sample.drop_nulls()
    return not (fmt.percent or fmt.mixed or fmt.not_numbers) and not values.str.contains(_JUNK).any()
