"""The omnidoc API (`python3 -m src.api`): GET /health; POST /projects/<id>/generate, which puts
`omnidoc.generate_documents` on the Celery broker for the worker; GET /tasks/<task-id>, the task's state and
progress for the front end. Standard library only, listening on 0.0.0.0:$PORT as Railway requires."""

import json
import logging
import os
import re
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from src.settings import configure_logging

configure_logging()
logger = logging.getLogger("omnidoc.api")

from src.tasks.celery_app import app, generate_documents  # noqa: E402  (after logging is configured)

GENERATE = re.compile(r"^/projects/([A-Za-z0-9_.-]{1,100})/generate$")
TASK = re.compile(r"^/tasks/([0-9a-f-]{36})$")


class Handler(BaseHTTPRequestHandler):
    server_version = "omnidoc-api"

    def do_GET(self) -> None:
        task = TASK.match(self.path)
        if self.path == "/health":
            self.reply(200, {"status": "ok"})
        elif task:
            self.task_state(task.group(1))
        else:
            self.reply(404, {"error": "not found"})

    def task_state(self, task_id: str) -> None:
        try:
            result = app.AsyncResult(task_id)
            state, info = result.state, result.info
        except Exception as error:  # the result backend (Redis) is unreachable
            logger.error("Failed to read task %s from the result backend: %s", task_id, error)
            self.reply(503, {"error": "the result backend is unavailable"})
            return
        progress = info if isinstance(info, dict) else {}
        self.reply(200, {"task_id": task_id, "state": state, "progress": progress})

    def do_POST(self) -> None:
        match = GENERATE.match(self.path)
        if not match:
            self.reply(404, {"error": "not found"})
            return
        project_id = match.group(1)
        documents = self.read_json().get("documents")
        try:
            result = generate_documents.apply_async(args=[project_id, documents])
        except Exception as error:  # kombu's OperationalError and redis-py's errors: the broker is unreachable
            logger.error("Failed to submit task to background queue: %s", error)
            self.reply(503, {"error": "the background queue is unavailable"})
            return
        logger.info("Submitted generation task %s for project %s", result.id, project_id)
        self.reply(202, {"task_id": result.id, "project_id": project_id})

    def read_json(self) -> dict:
        length = int(self.headers.get("Content-Length") or 0)
        if length == 0:
            return {}
        try:
            body = json.loads(self.rfile.read(length))
        except ValueError:
            return {}
        return body if isinstance(body, dict) else {}

    def reply(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        logger.info("%s - %s", self.address_string(), format % args)


def main() -> None:
    port = int(os.environ.get("PORT", "8080"))
    server = ThreadingHTTPServer(("0.0.0.0", port), Handler)
    logger.info("omnidoc API listening on 0.0.0.0:%d", port)
    server.serve_forever()


if __name__ == "__main__":
    main()
