"""Secrets never reach a log line: query values such as `access_token` and `hub.verify_token`, and
the configured secrets themselves, are replaced when a record is created.

httpx logs every request URL at INFO (the Messenger Send API carries the page token in its query) and
uvicorn's access log writes the full path (Meta's verification GET carries the verify token). A filter
on one logger misses records of its children and of handlers added later, so the redaction sits in
the log-record factory, which every record of the process passes through.
"""

import logging
import re

REDACTED = "[redacted]"
SECRET_QUERY = re.compile(
    r"(?i)((?:access_token|hub\.verify_token|verify_token|refresh_token|client_secret|app_secret|secret_key"
    r"|api_key|token|signature)=)(?!%[sdr])[^&\s\"']+")  # `token=%s` is a format, its argument is checked
SECRET_SETTINGS = ("messenger_app_secret", "messenger_verify_token", "messenger_page_token", "zalo_oa_secret",
                   "zalo_access_token", "zalo_refresh_token", "zalo_app_secret", "admin_token", "openai_api_key",
                   "chroma_token")
MIN_SECRET_CHARS = 6  # shorter values would redact ordinary words

_secrets: set[str] = set()
_installed = False


def redact(text: str) -> str:
    """`text` with secret query values and known secret strings replaced."""
    text = SECRET_QUERY.sub(r"\1" + REDACTED, text)
    for secret in _secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def _redact_arg(arg):
    if isinstance(arg, (int, float)) or arg is None:
        return arg  # keeps %d and %s of numbers working
    as_text = str(arg)
    cleaned = redact(as_text)
    return arg if cleaned == as_text else cleaned


def _redact_record(record: logging.LogRecord) -> None:
    if isinstance(record.msg, str):
        record.msg = redact(record.msg)
    if isinstance(record.args, tuple):
        record.args = tuple(_redact_arg(arg) for arg in record.args)
    elif isinstance(record.args, dict):
        record.args = {key: _redact_arg(value) for key, value in record.args.items()}


def install(settings) -> None:
    """Redact every log record of the process from now on, including these settings' secret values."""
    global _installed
    _secrets.update(value for name in SECRET_SETTINGS
                    if len(value := (getattr(settings, name, None) or "")) >= MIN_SECRET_CHARS)
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def redacting_factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _redact_record(record)
        return record

    logging.setLogRecordFactory(redacting_factory)
    _installed = True
