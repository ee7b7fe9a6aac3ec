"""The malloc arena cap `clio serve` sets before its workers start threads."""

from __future__ import annotations

import ctypes
import subprocess
import sys

import pytest

from clio.settings import Settings, SettingsError


def test_the_cap_is_taken_by_glibc_in_a_fresh_process() -> None:
    if not hasattr(ctypes.CDLL(None), "gnu_get_libc_version"):
        pytest.skip("not glibc: mallopt's M_ARENA_MAX is glibc's")
    code = "from clio.memory import limit_malloc_arenas; print(limit_malloc_arenas(2))"
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stdout.strip() == "True"


def test_a_cap_below_one_arena_is_refused_by_name() -> None:
    with pytest.raises(SettingsError, match="CLIO_MALLOC_ARENAS must be at least 1, got 0"):
        Settings.from_env({"CLIO_MALLOC_ARENAS": "0"})
