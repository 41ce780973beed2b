"""One kind of registry for every place where apps add parts to another app's page,
report or dashboard: report kinds, the provincial summary's sections, the province
dashboard's widgets, the club page's panels.

The app that owns the page defines the registry; an app above it adds entries when
its modules load (usually from ``AppConfig.ready``), so the owner never imports the
apps that extend it. Entries keep the order in which they were first added; adding
a key again replaces its entry in place.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._entries: dict[str, T] = {}

    def add(self, key: str, entry: T) -> T:
        self._entries[key] = entry
        return entry

    def get(self, key: str, default: T | None = None) -> T | None:
        return self._entries.get(key, default)

    def __getitem__(self, key: str) -> T:
        return self._entries[key]

    def __setitem__(self, key: str, entry: T) -> None:
        self.add(key, entry)

    def __delitem__(self, key: str) -> None:
        del self._entries[key]

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._entries.values()))

    def __len__(self) -> int:
        return len(self._entries)

    def items(self) -> list[tuple[str, T]]:
        return list(self._entries.items())

    def __repr__(self) -> str:
        return f"<Registry {self.name}: {', '.join(self._entries)}>"


@dataclass(frozen=True)
class Panel:
    """A part of a page drawn by another app: its template and what to draw it with.

    ``build`` takes the page's object and the user (as keywords the page names) and
    returns the template's context, or None when the panel has nothing to show.
    """

    key: str
    template: str
    build: Callable[..., dict[str, Any] | None]


@dataclass(frozen=True)
class BuiltPanel:
    key: str
    template: str
    context: dict[str, Any]


def build_panels(registry: "Registry[Panel]", **page) -> list[BuiltPanel]:
    built = []
    for panel in registry:
        context = panel.build(**page)
        if context is not None:
            built.append(BuiltPanel(panel.key, panel.template, context))
    return built


def panel(registry: "Registry[Panel]", key: str, template: str):
    """Decorator: add the decorated builder to ``registry`` as a panel."""

    def add(build):
        registry.add(key, Panel(key, template, build))
        return build

    return add
