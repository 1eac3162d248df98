"""The spaCy pipeline: the claimex component and the base model it is added to."""

from claimex.pipeline.config import (
    batch_chars,
    batch_size,
    config_path,
    default_model,
    load_pipeline,
    pipeline_config,
)

__all__ = [
    "batch_chars",
    "batch_size",
    "config_path",
    "default_model",
    "load_pipeline",
    "pipeline_config",
]
