"""Thai search: words segmented by pythainlp (newmm) into a ``search_text`` column.

Thai is written without spaces between words, so neither PostgreSQL's parser nor a
plain ``icontains`` can tell "งบประมาณ" is a word of "การจัดสรรงบประมาณสนับสนุน". The
services store every searchable text segmented, words separated by a space and the
text's own spaces kept as ``SPACE_MARK``; a query is segmented the same way.

On PostgreSQL the column is searched with full-text search in the ``simple``
configuration (no stemming: Thai has none), ranked, with a ``SearchHeadline`` snippet,
through a GIN index on the stored ``search_vector`` = ``to_tsvector('simple',
search_text)`` (migration 0003, refreshed by the services on every write). On any
other database (the embedded SQLite default) every query word must appear in the
column (``icontains``), newest first, and the snippet is cut in Python.
"""

import html
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, FloatField, QuerySet, Value
from django.utils.safestring import SafeString, mark_safe

from thai.words import normalise, words

# The text's own whitespace, kept in the index so a snippet can be shown as written.
SPACE_MARK = "¶"
CONFIG = "simple"
START, STOP = "\x02", "\x03"  # headline markers, replaced by <mark> after escaping
MAX_QUERY_WORDS = 12


def _words(text: str) -> list[str]:
    tokens = words(normalise(text).lower())
    return [token.strip() for token in tokens if token.strip()]


def segment(*texts: str) -> str:
    """The index form of ``texts``: words separated by spaces, original spaces marked."""
    parts = []
    for text in texts:
        if not text:
            continue
        chunks = []
        for token in words(normalise(text).lower(), keep_whitespace=True):
            if token.isspace() or not token:
                if chunks and chunks[-1] != SPACE_MARK:
                    chunks.append(SPACE_MARK)
            else:
                chunks.append(token.replace(SPACE_MARK, " "))
        while chunks and chunks[-1] == SPACE_MARK:
            chunks.pop()
        if chunks:
            parts.append(" ".join(chunks))
    return f" {SPACE_MARK} ".join(parts)


def query_words(query: str) -> list[str]:
    """The words of a query; punctuation alone is not a word."""
    words = [w for w in _words(query) if re.search(r"\w", w)]
    return words[:MAX_QUERY_WORDS]


def unsegment(text: str) -> str:
    """Back from the index form to readable text (for snippets)."""
    text = text.replace(f" {SPACE_MARK} ", "\n").replace(SPACE_MARK, "\n")
    return text.replace(" ", "").replace("\n", " ")


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


@dataclass
class Match:
    obj: object
    rank: float
    snippet: SafeString


def refresh_vectors(model, pks) -> None:
    """PostgreSQL keeps ``to_tsvector('simple', search_text)`` stored (GIN-indexed), so
    ranking reads it instead of recomputing it for every matching row."""
    if is_postgresql():
        model._base_manager.filter(pk__in=list(pks)).update(
            search_vector=SearchVector("search_text", config=CONFIG)
        )


def search(queryset: QuerySet, query: str, *, limit: int = 50) -> list[Match]:
    """The rows of ``queryset`` (already scoped) whose search text has every query word."""
    words = query_words(query)
    if not words:
        return []
    if is_postgresql():
        tsquery = SearchQuery(" ".join(words), config=CONFIG, search_type="plain")
        ranked = list(
            queryset.filter(search_vector=tsquery)
            .annotate(search_rank=SearchRank(F("search_vector"), tsquery))
            .order_by("-search_rank", "-pk")
            .values_list("pk", "search_rank")[:limit]
        )
        # The snippet is cut for the rows shown only: ts_headline re-parses the text.
        snippets = dict(
            queryset.model._base_manager.filter(pk__in=[pk for pk, _rank in ranked])
            .annotate(
                search_snippet=SearchHeadline(
                    F("search_text"),
                    tsquery,
                    config=CONFIG,
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=30,
                    min_words=12,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
            .values_list("pk", "search_snippet")
        )
        rows = queryset.in_bulk([pk for pk, _rank in ranked])
        return [
            Match(rows[pk], rank, _snippet_html(snippets.get(pk, "")))
            for pk, rank in ranked
            if pk in rows
        ]
    for word in words:
        queryset = queryset.filter(search_text__icontains=word)
    rows = queryset.annotate(search_rank=Value(1.0, output_field=FloatField())).order_by("-pk")
    return [Match(row, 1.0, _python_snippet(row.search_text, words)) for row in rows[:limit]]


def _snippet_html(headline: str) -> SafeString:
    text = html.escape(unsegment(headline or ""))
    text = text.replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(text)  # noqa: S308 — escaped above, only <mark> added


def _python_snippet(search_text: str, words: list[str], width: int = 80) -> SafeString:
    text = unsegment(search_text)
    lowered = text.lower()
    first = min((i for i in (lowered.find(w) for w in words) if i >= 0), default=0)
    start = max(0, first - width // 2)
    piece = text[start : start + width * 2]
    escaped = html.escape(piece)
    for word in sorted(set(words), key=len, reverse=True):
        escaped = re.sub(
            re.escape(html.escape(word)),
            lambda m: f"<mark>{m.group(0)}</mark>",
            escaped,
            flags=re.IGNORECASE,
        )
    prefix = "… " if start else ""
    suffix = " …" if start + width * 2 < len(text) else ""
    return mark_safe(prefix + escaped + suffix)  # noqa: S308 — escaped above
