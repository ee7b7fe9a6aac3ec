"""Where the bundled data lives: ``graph/data`` in an installed wheel, ``data/`` in a checkout.

The build maps the checkout's top-level ``data/`` into the wheel as the package data
``graph/data`` (see ``pyproject.toml``), so git holds one copy and an installed ``clio``
serves, validates and imports with it. It is only ever read: nothing is written inside an
installed package.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def bundled_data() -> Path:
    """The bundled data directory.

    >>> (bundled_data() / "categories.jsonl").is_file()
    True
    """
    installed = files("graph") / "data"
    # The loader globs a real directory; a wheel installed by pip is one, never a zip.
    if isinstance(installed, Path) and installed.is_dir():
        return installed
    return Path(__file__).resolve().parent.parent / "data"


BUNDLED_DATA = bundled_data()

__all__ = ["BUNDLED_DATA", "bundled_data"]
