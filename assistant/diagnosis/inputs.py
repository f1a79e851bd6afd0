"""Reading a snapshot: validation with field-named errors, numbers sent as text, unusable money dropped."""

from pydantic import ValidationError

from assistant.contracts import MONEY_FIELDS, Phrase, Snapshot
from assistant.core.errors import UserFacingError
from assistant.core.templates import text
from assistant.diagnosis.numbers import find_amounts
from assistant.diagnosis.stages import note


class BadSnapshot(UserFacingError):
    """A snapshot field of the wrong type; the problem is worded in the user's language."""

    def __init__(self, field: str, error_type: str, msg: str):
        super().__init__("diagnosis.bad_snapshot", field=field, problem=msg)
        self.error_type, self.msg = error_type, msg

    def message(self, lang: str = "vi") -> str:
        problem = text("diagnosis.problem", lang, type=self.error_type, msg=self.msg)
        return text(self.key, lang, field=self.params["field"], problem=problem)


def parse_snapshot(data: dict | Snapshot) -> Snapshot:
    """A Snapshot from JSON-like data; a clear UserFacingError naming the field otherwise."""
    if isinstance(data, Snapshot):
        return data
    if not isinstance(data, dict) or not isinstance(data.get("funnel"), dict):
        raise UserFacingError("diagnosis.no_funnel")
    try:
        return Snapshot.model_validate(_numbers_from_text(data))
    except ValidationError as err:
        first = err.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise BadSnapshot(field, first["type"], first["msg"]) from None


def _number(value, field: str):
    """'1.500' -> 1500, '30 triệu' -> 3e7, '12 đơn' -> 12, '40%' -> 0.4, '' -> unknown; booleans are refused."""
    if isinstance(value, bool):
        raise BadSnapshot(field, "float_type", "not a number")
    if not isinstance(value, str):
        return value
    if not value.strip():
        return None
    amounts = find_amounts(value)
    if len(amounts) != 1:
        raise BadSnapshot(field, "float_parsing", "not a number")
    return amounts[0].value


def _numbers_from_text(data: dict) -> dict:
    """Counts and money sent as Vietnamese text are read with the number parser before validation."""
    data = dict(data)
    data["funnel"] = {k: _number(v, f"funnel.{k}") for k, v in data["funnel"].items()}
    for name in MONEY_FIELDS:
        if name in data:
            data[name] = _number(data[name], name)
    return data


def clean_money(snapshot: Snapshot) -> tuple[dict, list[Phrase]]:
    """Spend, revenue, target and margin that can be used; the rest dropped with a note."""
    money, notes = {"currency": snapshot.currency or "VND"}, []
    for name in ("spend", "revenue", "target_revenue"):
        value = getattr(snapshot, name)
        if value is not None and value < 0:
            notes.append(note("diagnosis.warn_negative_money", {"field": name, "value": value}))
            value = None
        money[name] = value
    margin = snapshot.gross_margin
    if margin is not None and 1 < margin <= 100:
        notes.append(note("diagnosis.warn_margin_percent", {"value": margin}))
        margin = margin / 100
    elif margin is not None and not 0 < margin <= 1:
        notes.append(note("diagnosis.warn_margin_invalid", {"value": margin}))
        margin = None
    money["gross_margin"] = margin
    target = snapshot.target_customers  # a goal in customers ("mục tiêu 100 hội viên mới/tháng") also sets the volume
    money["target_customers"] = target if target is not None and target > 0 else None
    for goal, reached in (("target_revenue", "revenue"), ("target_customers", "customers")):
        months = _goal_months(snapshot, goal, reached)
        if money[goal] is not None and months:  # a year's goal against a month's figures
            money[goal] = money[goal] * months[1] / months[0]
            notes.append(note("diagnosis.note_goal_per_period", {"field": goal, "value": money[goal],
                                                                 "months": months[1], "goal_months": months[0]}))
    return money, notes


SPAN_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def _goal_months(snapshot: Snapshot, goal: str, reached: str) -> tuple[int, int] | None:
    """The months a goal covers and the months the figure it is compared with covers, when they differ: as the
    owner said them; figures said with no time are a month's only against a year's goal (owners report a month
    or a quarter, not a year, so a quarter's goal against them is left as it is)."""
    spans = {f: ((snapshot.figures or {}).get(f) or {}).get("span") for f in (goal, reached)}
    if spans[goal] not in SPAN_MONTHS or (spans[reached] is None and spans[goal] != "year") \
            or (spans[reached] is not None and spans[reached] not in SPAN_MONTHS):
        return None  # no span, or a season's: compared as said
    months = SPAN_MONTHS[spans[goal]], SPAN_MONTHS[spans[reached] or "month"]
    return months if months[0] != months[1] else None
