"""A django-tasks backend that runs tasks in a small thread pool inside the web process.

It lets `make demo` show live progress with nothing else started. It is not durable: a
task queued when the process stops is lost (`purge_jobs` then marks its job failed).
Production should run a worker-based backend (e.g. django-tasks' database backend with
its worker) and a cache shared between processes.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import close_old_connections, connections, transaction
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id

_executors: dict[str, ThreadPoolExecutor] = {}
_lock = threading.Lock()


def _executor(alias: str, max_workers: int) -> ThreadPoolExecutor:
    # Backend instances are per thread (django-tasks keeps them in a Local); the pool is per process.
    with _lock:
        if alias not in _executors:
            _executors[alias] = ThreadPoolExecutor(
                max_workers=max_workers, thread_name_prefix=f"tasks-{alias}"
            )
        return _executors[alias]


class ThreadBackend(ImmediateBackend):
    """Runs each task in a pool thread once the enqueuing transaction has committed."""

    supports_priority = False

    def __init__(self, alias: str, params: dict) -> None:
        super().__init__(alias, params)
        self.max_workers = int(self.options.get("MAX_WORKERS", 2))

    def _run(self, task_result: TaskResult) -> None:
        close_old_connections()
        try:
            self._execute_task(task_result)
        finally:
            connections.close_all()

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        self.validate_task(task)
        task_result: TaskResult = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        # The thread has its own connection: it must not start before the job row is committed.
        pool = _executor(self.alias, self.max_workers)
        transaction.on_commit(lambda: pool.submit(self._run, task_result))
        return task_result
