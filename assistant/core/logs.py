"""Logging for the server: one handler on the root logger, text or JSON, each line with its request id.

Secrets are redacted where records are made (assistant/channels/redact.py); this module decides only
where lines go and what they look like. `configure` can run again (each app the tests build): it
replaces its own handler, never stacks a second one.
"""

import contextvars
import json
import logging
import sys
from datetime import datetime, timezone

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("growthdoc_request_id", default="-")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


class _RequestId(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = getattr(record, "request_id", None) or request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request_id, message (and the traceback)."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
                "level": record.levelname, "logger": record.name,
                "request_id": getattr(record, "request_id", "-"), "message": record.getMessage()}
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


def configure(log_format: str = "text", level: str = "INFO", stream=None) -> logging.Handler:
    """Send every record at `level` and above to `stream` (stderr) as text or JSON lines."""
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, "_growthdoc", False)]:
        root.removeHandler(old)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler._growthdoc = True
    handler.addFilter(_RequestId())
    handler.setFormatter(JsonFormatter() if log_format == "json" else logging.Formatter(TEXT_FORMAT))
    handler.setLevel(level.upper())  # a library that turns its own logger to DEBUG at import (bm25s) stays quiet
    root.addHandler(handler)
    root.setLevel(level.upper())
    for noisy in ("alembic",):  # a line per migration context: noise at INFO (httpx lines stay, redacted)
        logging.getLogger(noisy).setLevel(max(root.level, logging.WARNING))
    return handler
