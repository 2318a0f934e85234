"""Named things that each app declares in a module of its own, found on first use."""

from typing import Generic, TypeVar

from django.utils.module_loading import autodiscover_modules

Entry = TypeVar("Entry")


class Registry(Generic[Entry]):
    """Entries with a `name`, declared by apps in `<app>/<module_name>.py`.

    Registering a name again replaces the entry. The apps' modules are imported the first time
    the entries are asked for, so an app only has to have the module.
    """

    def __init__(self, module_name: str) -> None:
        self.module_name = module_name
        self._entries: dict[str, Entry] = {}
        self._discovered = False

    def register(self, entry: Entry) -> Entry:
        name = getattr(entry, "name", "")
        if not name:
            raise ValueError(f"An entry of the {self.module_name} registry needs a name.")
        self._entries[name] = entry
        return entry

    def unregister(self, name: str) -> None:
        self._entries.pop(name, None)

    def registered(self) -> list[Entry]:
        """Return every entry by name, after loading each app's module."""
        if not self._discovered:
            autodiscover_modules(self.module_name)
            self._discovered = True
        return sorted(self._entries.values(), key=lambda entry: entry.name)
