"""Untrusted uploads are read in a worker process with a memory and a time limit.

The readers (calamine in Rust, polars) run native code on bytes a stranger chose; a bug there can
abort the whole process, past every exception handler. Here each upload is read by a short-lived
child forked from a forkserver that has already imported the KPI module, under `RLIMIT_AS` and a
wall-clock deadline: a reader bug costs that child, and the user gets a clear message.
"""

import logging
import multiprocessing
import resource
import threading
from functools import lru_cache

from assistant.core.errors import UserFacingError

log = logging.getLogger(__name__)
PRELOAD = ["assistant.kpi.reader"]  # imported once by the forkserver, inherited by every child
GRACE_S = 1.0  # the CPU limit sits past the deadline: a child that ignores the kill still stops


def _limit(memory_mb: int, cpu_s: int) -> None:
    """Cap this process: address space (the allocation that would abort the server fails here) and CPU."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 2**20, memory_mb * 2**20))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_s, cpu_s))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a crashing reader leaves no core file behind


def _work(conn, data: bytes, filename: str, limit_mb: float, memory_mb: int, cpu_s: int) -> None:
    """The child: read the export and send back its parts as JSON, or the user-facing error."""
    _limit(memory_mb, cpu_s)
    from assistant.kpi import read_export

    try:
        report = read_export(data, filename=filename, limit_mb=limit_mb)
        conn.send(("ok", [part.to_json() for part in report.parts]))
    except UserFacingError as err:
        conn.send(("refused", err.key, err.params, err.status))
    except MemoryError:
        conn.send(("failed", "memory limit reached"))
    except Exception as err:  # a reader bug: reported to the parent, which logs it
        conn.send(("failed", f"{type(err).__name__}: {err}"))
    finally:
        conn.close()


class UploadReader:
    """Reads untrusted uploads in worker processes; at most `workers` at once, each bounded."""

    def __init__(self, memory_mb: int, timeout_s: float, workers: int = 2):
        self.memory_mb, self.timeout_s = memory_mb, timeout_s
        self._slots = threading.BoundedSemaphore(max(1, workers))
        self._context = None
        self._context_lock = threading.Lock()

    def _ctx(self):
        """The forkserver context, started on first use (never at import)."""
        with self._context_lock:
            if self._context is None:
                context = multiprocessing.get_context("forkserver")
                context.set_forkserver_preload(PRELOAD)
                self._context = context
            return self._context

    def read(self, data: bytes, filename: str, limit_mb: float):
        """The `KpiReport` of one upload; `UserFacingError` for a bad file or one that could not be read safely."""
        with self._slots:
            result = self._run(data, filename, limit_mb)
        return _report(result, filename)

    def _run(self, data: bytes, filename: str, limit_mb: float) -> tuple:
        ctx = self._ctx()
        receiver, sender = ctx.Pipe(duplex=False)
        cpu_s = int(self.timeout_s + GRACE_S) + 1
        child = ctx.Process(target=_work, args=(sender, data, filename, limit_mb, self.memory_mb, cpu_s),
                            daemon=True, name="growthdoc-upload")
        try:
            child.start()  # writes the file to the child: a child that dies meanwhile breaks the pipe
            sender.close()  # only the child holds the sending end: its death reads as end of file
            return receiver.recv() if receiver.poll(self.timeout_s) else ("timeout",)
        except (EOFError, OSError):
            return ("died",)
        finally:
            sender.close()
            receiver.close()
            _stop(child)


def _stop(child) -> None:
    """Kill the child if it still runs (a timeout) and reap it, so no zombie is left."""
    if child.pid is None:  # never started
        return
    if child.is_alive():
        child.kill()
    child.join(5)


def _report(result: tuple, filename: str):
    """The parent's side: rebuild the report, re-raise the child's refusal, or say it failed."""
    from assistant.kpi import KpiReport
    from assistant.kpi.model import Part

    kind = result[0]
    if kind == "ok":
        return KpiReport([Part.from_json(p) for p in result[1]])
    if kind == "refused":
        _, key, params, status = result
        raise UserFacingError(key, status=status, **params)
    log.warning("upload %r could not be read safely: %s", filename, " ".join(map(str, result)))
    raise UserFacingError("common.file_unsafe", status=422, name=filename)


class InProcessReader:
    """The same interface, reading in this process (a consultant's own files, tests of the readers)."""

    def read(self, data: bytes, filename: str, limit_mb: float):
        from assistant.kpi import read_export

        return read_export(data, filename=filename, limit_mb=limit_mb)


@lru_cache
def upload_reader(memory_mb: int, timeout_s: float, workers: int):
    """One reader per process and limits (its forkserver is shared by every caller)."""
    if memory_mb <= 0:
        return InProcessReader()
    return UploadReader(memory_mb, timeout_s, workers)


def reader_for(settings):
    """The upload reader the settings ask for."""
    return upload_reader(settings.upload_worker_memory_mb, settings.upload_worker_timeout_s, settings.upload_workers)
