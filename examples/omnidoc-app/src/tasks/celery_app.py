"""The Celery app the worker runs: `celery -A src.tasks.celery_app worker --loglevel=info --concurrency=1`.

The API and the worker import this same module, so both read the broker from the same variable
(CELERY_BROKER_URL, else REDIS_URL): they agree exactly when Railway gives them the same value. Task state
and progress live in the same Redis (the result backend), where the API reads them for the front end.
"""

import time

from celery import Celery
from celery.utils.log import get_task_logger

from src.documents import DOCUMENTS, generate
from src.settings import broker_url

app = Celery("omnidoc", broker=broker_url(), backend=broker_url())
app.conf.update(
    # Keep retrying the broker at start-up, as a worker deployed next to its Redis must.
    broker_connection_retry_on_startup=True,
    # A task that dies with its worker goes back on the queue instead of being lost.
    task_acks_late=True,
    worker_prefetch_multiplier=1,
)

logger = get_task_logger(__name__)


@app.task(name="omnidoc.generate_documents", bind=True)
def generate_documents(self, project_id: str, documents: list[str] | None = None) -> dict:
    selected = list(documents or DOCUMENTS)
    total = len(selected)
    logger.info("[CELERY TASK] Starting document generation for project %s", project_id)
    logger.info("[CELERY TASK] Selected documents: %s", selected)
    for index, document in enumerate(selected, start=1):
        logger.info("[DOCUMENT GENERATION] Starting %s (%d/%d) for project %s", document, index, total, project_id)
        started = time.monotonic()
        text = generate(document, project_id)
        logger.info(
            "[DOCUMENT GENERATION] ✅ Completed %s (%d/%d) in %.2fs (%d chars) for project %s",
            document,
            index,
            total,
            time.monotonic() - started,
            len(text),
            project_id,
        )
        self.update_state(state="PROGRESS", meta={"project_id": project_id, "completed": index, "total": total})
    return {"project_id": project_id, "documents": total}
