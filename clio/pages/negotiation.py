"""Which form of a record `/id/<id>` answers with: its page, JSON-LD or Turtle, by the `Accept` header.

A browser asks for HTML and is sent to the page (303: the URI names the thing, the page is
about it); a linked-data client asking for ``application/ld+json`` or ``text/turtle`` gets
the record's triples (`graph.rdf`). The header is read in one pass of `str.split`, with no
regular expression over what a client sent, and only its first 64 media ranges count.
"""

from __future__ import annotations

#: The RDF forms `/id/<id>` serves, by media type, as `graph.rdf` names its writers.
RDF_TYPES = {"application/ld+json": "jsonld", "text/turtle": "turtle", "application/n-triples": "ntriples"}
MEDIA_TYPES = {"jsonld": "application/ld+json", "turtle": "text/turtle", "ntriples": "application/n-triples"}
_HTML = {"text/html", "application/xhtml+xml"}
_MOST_RANGES = 64


def _quality(params: list[str]) -> float:
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return min(max(float(value.strip()), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


def rdf_format(accept: str | None) -> str | None:
    """The RDF format a client prefers (``"jsonld"``, ``"turtle"``, ``"ntriples"``), or None for the page.

    The highest quality wins; on a tie, HTML (the page) wins, so a browser's ``*/*`` and a
    missing header lead to the page.

    >>> rdf_format("application/ld+json"), rdf_format("text/turtle;q=0.9, text/html;q=0.8")
    ('jsonld', 'turtle')
    >>> rdf_format("text/html,application/xhtml+xml,*/*;q=0.8") is None, rdf_format(None) is None
    (True, True)
    """
    best: tuple[float, int, str | None] = (0.0, 0, None)
    for media_range in (accept or "").split(",")[:_MOST_RANGES]:
        media_type, *params = media_range.split(";")
        media_type = media_type.strip().lower()
        quality = _quality(params)
        candidate: tuple[float, int, str | None]
        if media_type in RDF_TYPES:
            candidate = (quality, 0, RDF_TYPES[media_type])
        elif media_type in _HTML or media_type in ("*/*", "text/*"):
            candidate = (quality, 1, None)
        else:
            continue
        if candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best[0] > 0 else None


__all__ = ["MEDIA_TYPES", "RDF_TYPES", "rdf_format"]
