"""The configuration in the running app: theme and keymap applied, keymap mistakes told, a new theme kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.dom import DOMNode
from textual.theme import Theme

from reviewer.config import Config, ConfigError
from reviewer.config import resolve as settings
from reviewer.config.editing import write_setting

if TYPE_CHECKING:
    from textual.app import App


class Preferences:
    """What the configuration file asks of one app, and the theme the user picks kept in that file.

    A theme chosen in the command palette is written back to the file only if one exists
    (changed in place, comments kept, replaced atomically); without a file it lasts until quit.
    """

    def __init__(self, app: App[int], config: Config | None) -> None:
        self.app = app
        self.config = config
        self._theme = ""
        self._reported: set[tuple[str, str]] = set()
        self._told_unkept = False

    @property
    def export_format(self) -> str:
        """The export dialog's first choice: ``$REVIEWER_EXPORT_FORMAT``, the file's, else JSON."""
        try:
            return settings.export_format(self.config).value if self.config else "json"
        except ConfigError:  # a bad $REVIEWER_EXPORT_FORMAT: the command line has said so already
            return "json"

    def apply(self) -> None:
        """Set the theme and the keymap, and tell the user what in the keymap cannot work."""
        config = self.config
        if config is None:
            return
        try:
            self._theme = settings.theme(config).value
        except ConfigError:  # a bad $TEXTUAL_THEME: the command line has said so already
            self._theme = self.app.theme
        self.app.theme = self._theme
        self.app.theme_changed_signal.subscribe(self.app, self._theme_changed)
        if not config.own_keys:
            return
        if config.keymap:
            self.app.set_keymap(config.keymap)
        from reviewer.tui.keymap import clashes, keymap_problems  # only a keymap needs the catalogue

        for clash in clashes(config.keymap, config.labels):
            self._reported.add((clash.where, clash.key))
        problems = keymap_problems(config)
        if problems:
            self.app.notify("\n".join(problems), title="Keys", severity="warning", timeout=20, markup=False)

    def report_clash(self, clashed: set[Binding], node: DOMNode) -> None:
        """A clash Textual found while applying the keymap: told once, unless already told."""
        from reviewer.tui.keymap import normalized, where_name

        where = where_name(type(node))
        keymap = {
            binding_id: normalized(keys)
            for binding_id, keys in (self.config.keymap if self.config else {}).items()
        }
        for binding in clashed:
            key = binding.key
            if binding.id in keymap and key in keymap[binding.id]:
                continue  # Textual 8.2.8 takes a remapped binding with several keys for a clash with itself
            if (where, key) in self._reported or ("app (everywhere)", key) in self._reported:
                continue  # told already, by the check made when the app started
            self._reported.add((where, key))
            taking = " and ".join(binding_id for binding_id, keys in keymap.items() if key in keys)
            lost = binding.id or f"Textual's {binding.action}"
            self.app.notify(
                f"{key!r} is now {taking or 'another binding'}'s key in the {where},"
                f" so {lost} no longer answers to it; give each its own key",
                title="Keymap clash",
                severity="warning",
                timeout=20,
                markup=False,
            )

    def _theme_changed(self, theme: Theme) -> None:
        if self.config is None or theme.name == self._theme:
            return
        self._theme = theme.name
        try:
            kept = write_setting(self.config.path, "theme", theme.name)
        except (ConfigError, OSError) as exc:
            self.app.notify(
                f"The theme {theme.name} was not saved in {self.config.path}: {exc}",
                title="Theme",
                severity="warning",
                markup=False,
            )
            return
        if not kept and not self._told_unkept:
            self._told_unkept = True
            self.app.notify(
                f"{theme.name} lasts until you quit: 'reviewer config --init' creates a"
                f" configuration file ({self.config.path}) that keeps it.",
                title="Theme",
                markup=False,
            )


def export_format_of(app: object) -> str:
    """The export format an app's configuration prefers (JSON for an app without one)."""
    preferences = getattr(app, "preferences", None)
    return preferences.export_format if isinstance(preferences, Preferences) else "json"
