"""Shared test configuration: hypothesis profiles, strict rule failures, the peer-data location."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# a rule that raises must fail the test, not be skipped and reported as in production
os.environ.setdefault("CLEANPOLICY_STRICT", "1")

sys.path.insert(0, str(Path(__file__).parent))

from hypothesis import HealthCheck, settings  # noqa: E402

settings.register_profile(
    "dev",
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "ci",
    max_examples=150,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
