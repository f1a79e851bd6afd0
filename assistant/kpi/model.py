"""What one file says (`Part`) and the warnings kept as message keys (`Note`)."""

from dataclasses import asdict, dataclass, field
from datetime import date

from assistant.core.templates import text


@dataclass
class Note:
    """A warning kept as a message key, rendered in the reader's language when shown."""

    key: str
    params: dict = field(default_factory=dict)

    def render(self, lang: str = "vi") -> str:
        return text(self.key, lang, **self.params)


def worded_warnings(report: dict, lang: str) -> list[str]:
    """A report's warnings (its `to_dict()`) in the reader's language: kept as keys, worded when shown;
    a report kept before keys were kept has them worded already."""
    notes = report.get("notes")
    return [text(n["key"], lang, **n["params"]) for n in notes] if notes is not None else report.get("warnings", [])


@dataclass
class Part:
    """What one file says: its totals, funnel stages, breakdowns and where each figure came from."""

    filename: str
    format_id: str
    label: str
    family: str
    rows: int
    currency: str | None
    start: date | None
    end: date | None
    totals: dict
    funnel: dict
    sources: dict
    breakdowns: dict
    notes: list[Note]
    message_spend: float | None = None
    messages: float | None = None
    platform: str | None = None  # the seller centre or shop platform of an order export
    counts: dict = field(default_factory=dict)  # figures beside the funnel: order outcomes, deals by state
    conversion: dict | None = None  # {"from", "to", "rate"} when its money was converted

    def to_json(self) -> dict:
        """This part as JSON, so a session keeps what a file said instead of reading it again."""
        data = asdict(self)
        data["start"], data["end"] = _iso(self.start), _iso(self.end)
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Part":
        """The inverse of `to_json`."""
        start, end = (date.fromisoformat(d) if d else None for d in (data["start"], data["end"]))
        notes = [Note(**n) for n in data["notes"]]
        return cls(**{**data, "start": start, "end": end, "notes": notes})


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None
