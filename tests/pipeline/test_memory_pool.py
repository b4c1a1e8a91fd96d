"""attache runs Arrow on the system allocator, which hands freed memory back (pipeline/__init__)."""

from __future__ import annotations

import os
import subprocess
import sys


def _pool_backend(environment: dict[str, str]) -> str:
    script = "import pipeline.cli, pyarrow; print(pyarrow.default_memory_pool().backend_name)"
    completed = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    )
    return completed.stdout.strip()


def test_the_command_line_runs_arrow_on_the_system_allocator() -> None:
    environment = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    assert _pool_backend(environment) == "system"


def test_an_allocator_the_user_chose_is_kept() -> None:
    environment = {**os.environ, "ARROW_DEFAULT_MEMORY_POOL": "jemalloc"}
    assert _pool_backend(environment) == "jemalloc"
