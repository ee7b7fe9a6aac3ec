"""CSV rows with the line each starts on, so a rejection can name its line."""

from __future__ import annotations

import csv


def rows_with_lines(reader: csv.DictReader[str]) -> list[tuple[int, dict[str, str]]]:
    """Every row of ``reader`` as ``(first line, stripped cells)``; line 1 is the header.

    A quoted cell may span lines, so the line is read off the reader before each row.

    >>> import io
    >>> rows_with_lines(csv.DictReader(io.StringIO('a,b\\n1, x \\n"2\\nmore",y\\n3,z\\n')))
    [(2, {'a': '1', 'b': 'x'}), (3, {'a': '2\\nmore', 'b': 'y'}), (5, {'a': '3', 'b': 'z'})]
    """
    _ = reader.fieldnames  # reads the header now, so that line_num counts it
    rows = []
    start = reader.line_num + 1
    for row in reader:
        rows.append((start, {k: (v or "").strip() for k, v in row.items() if k is not None}))
        start = reader.line_num + 1
    return rows


__all__ = ["rows_with_lines"]
