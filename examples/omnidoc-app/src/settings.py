"""The process's settings, read from the variables Railway injects (the same set on the API and the worker)."""

import json
import logging
import os
import sys


def broker_url() -> str | None:
    """CELERY_BROKER_URL, else REDIS_URL; with neither, Celery falls back to its local AMQP default."""
    return os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or None


class JsonFormatter(logging.Formatter):
    """One JSON object per line: Railway turns `message` into the log line and `level` into its severity."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {"level": record.levelname.lower(), "message": record.getMessage(), "logger": record.name}
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging() -> None:
    """Logs go to stdout, or Railway shows nothing (the guide's "no logs" row)."""
    handler = logging.StreamHandler(sys.stdout)
    if os.environ.get("LOG_FORMAT", "text").lower() == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(os.environ.get("LOG_LEVEL", "INFO").upper())
