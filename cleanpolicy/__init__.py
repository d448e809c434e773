"""cleanpolicy: turn scraped, damaged Chinese policy and news text into clean, faithful text.

Public API (nothing heavy is imported until first use)::

    import cleanpolicy
    cleanpolicy.clean(text_or_bytes)                 # -> str
    r = cleanpolicy.clean_and_explain(text_or_bytes) # -> Result(text, steps, metadata, original)
    cleanpolicy.replay(r.original, r.steps) == r.text
    cleanpolicy.check(text)                          # -> list[Step] (empty when clean)
    cleanpolicy.segment(text)                        # -> list[Article]
    cleanpolicy.Policy(to="keep", ignore=("SPN",))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from ._core import Edit, Result, Step, apply_edits, replay
from .errors import CleanpolicyError, DataFileError, DecodeError, PolicyError
from .policy import Policy, discover_config, load_policy

__all__ = [
    "__version__",
    "clean",
    "clean_and_explain",
    "check",
    "replay",
    "segment",
    "make_pipeline",
    "decode_bytes",
    "Policy",
    "load_policy",
    "discover_config",
    "Edit",
    "Step",
    "Result",
    "apply_edits",
    "CleanpolicyError",
    "DecodeError",
    "PolicyError",
    "DataFileError",
]

_LAZY = {
    "clean": ("pipeline", "clean"),
    "clean_and_explain": ("pipeline", "clean_and_explain"),
    "check": ("pipeline", "check"),
    "make_pipeline": ("pipeline", "make_pipeline"),
    "segment": ("segmentation", "segment"),
    "Article": ("segmentation", "Article"),
    "decode_bytes": ("decode", "decode_bytes"),
    "registry": ("registry", None),
    "rules": ("rules", None),
}

if TYPE_CHECKING:  # pragma: no cover
    from .decode import decode_bytes
    from .pipeline import check, clean, clean_and_explain, make_pipeline
    from .segmentation import Article, segment


def __getattr__(name: str) -> Any:
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module 'cleanpolicy' has no attribute {name!r}") from None
    import importlib

    mod = importlib.import_module(f".{module}", __name__)
    value = mod if attr is None else getattr(mod, attr)
    globals()[name] = value
    return value
