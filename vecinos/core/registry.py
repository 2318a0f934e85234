"""Named things that each app declares in a module of its own, found on first use.

Every plug-in point of vecinos is one of these: retention's shredders (`shredders.py`), what
erasure finds about a person (`erasure.py`), text flows (`flows.py`), the keyword hooks
(`keywords.py`), the call menu's options (`voice.py`), broadcast audiences (`segments.py`) and
periodic runs (`periodic.py`). An app plugs in by having the module; no `ready()` imports it.
"""

from typing import Generic, TypeVar

from django.utils.module_loading import autodiscover_modules

Entry = TypeVar("Entry")


class Registry(Generic[Entry]):
    """Entries with a name, declared by apps in `<app>/<module_name>.py`.

    `key` names the attribute an entry is known by ("name" unless told: the call menu's
    options are known by their digit). Registering a name again replaces the entry. The apps'
    modules are imported the first time the entries are asked for, so an app only has to have
    the module.
    """

    def __init__(self, module_name: str, *, key: str = "name") -> None:
        self.module_name = module_name
        self.key = key
        self._entries: dict[str, Entry] = {}
        self._discovered = False

    def discover(self) -> None:
        """Import every app's module once; a module that registers while loading is fine."""
        if self._discovered:
            return
        # Set first: the modules call register(), which may ask for the entries again.
        self._discovered = True
        autodiscover_modules(self.module_name)

    def register(self, entry: Entry) -> Entry:
        name = getattr(entry, self.key, "")
        if not name:
            raise ValueError(f"An entry of the {self.module_name} registry needs a {self.key}.")
        self._entries[name] = entry
        return entry

    def unregister(self, name: str) -> None:
        self._entries.pop(name, None)

    def clear(self) -> None:
        """Forget every entry (tests); the apps' modules are not loaded again."""
        self._discovered = True
        self._entries.clear()

    def get(self, name: str) -> Entry | None:
        """Return the entry registered under `name`, or None."""
        self.discover()
        return self._entries.get(name)

    def registered(self) -> list[Entry]:
        """Return every entry by name, after loading each app's module."""
        self.discover()
        return [self._entries[name] for name in sorted(self._entries)]

    def names(self) -> list[str]:
        self.discover()
        return sorted(self._entries)

    def snapshot(self) -> dict[str, Entry]:
        """Return the entries by name (tests set some aside and put them back with restore)."""
        self.discover()
        return dict(self._entries)

    def restore(self, entries: dict[str, Entry]) -> None:
        self._discovered = True
        self._entries = dict(entries)
