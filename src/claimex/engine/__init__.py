"""The engine: streaming documents through the pipeline in batches, chunks and workers."""

from claimex.engine.engine import DocumentPart, DocumentResult, Engine
from claimex.engine.pool import WorkerError

__all__ = ["DocumentPart", "DocumentResult", "Engine", "WorkerError"]
