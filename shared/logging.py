"""Structured JSON logs that never carry personal data.

Log records are built from explicit ``extra`` fields; any field whose name suggests
personal data is replaced before output, whoever wrote the log call.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime

PERSONAL_FIELDS = frozenset({
    "name", "names", "tenant", "tenants", "email", "mobile", "phone", "address", "nino",
    "sort_code", "account_number", "bank_account", "date_of_birth", "payee",
})
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "color_message"}
# Engines hide SQLAlchemy's parameter list (hide_parameters), but a traceback also shows the
# driver's exception: PostgreSQL's DETAIL quotes the refused row or key ("Key (name)=(…)",
# "Failing row contains (…)") and asyncpg quotes an argument it could not encode.
_DATABASE_VALUES = (
    (re.compile(r"^(DETAIL:).*$", re.MULTILINE), r"\1 [hidden]"),
    (re.compile(r"(invalid input for query argument \$\d+:).*$", re.MULTILINE), r"\1 [hidden]"),
)


def hide_database_values(text: str) -> str:
    for pattern, replacement in _DATABASE_VALUES:
        text = pattern.sub(replacement, text)
    return text


def _redact(key: str, value: object) -> object:
    return "[redacted]" if key.lower() in PERSONAL_FIELDS else value


class JsonFormatter(logging.Formatter):
    def __init__(self, service: str) -> None:
        super().__init__()
        self._service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname.lower(),
            "service": self._service,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = _redact(key, value)
        if record.exc_info:
            entry["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)

    def formatException(self, ei) -> str:
        return hide_database_values(super().formatException(ei))


def configure_logging(service: str, level: str = "INFO", *, json_output: bool = True) -> None:
    handler = logging.StreamHandler(sys.stderr)
    if json_output:
        handler.setFormatter(JsonFormatter(service))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("aiormq", "aio_pika", "uvicorn.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
