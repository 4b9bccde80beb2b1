"""Translatable messages for modules that must not import Django (the NIP and handle parsers).

A message is a `str.format` template marked with `gettext_noop` (xgettext, which makemessages
runs, collects that keyword) and rendered later with whatever `gettext` the caller holds.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


def gettext_noop(message: str) -> str:
    """Mark a message template for the translation catalogue; it is translated when shown."""
    return message


def as_is(template: str) -> str:
    """The untranslated template (English)."""
    return template


@dataclass(frozen=True)
class Phrase:
    """A message template and its fields, translated only when rendered."""

    template: str
    params: Mapping[str, object] = field(default_factory=dict)

    def render(self, translate: Callable[[str], str] = as_is) -> str:
        """Return the sentence with this and every nested template passed through translate."""
        fields = {
            name: value.render(translate) if isinstance(value, Phrase) else value
            for name, value in self.params.items()
        }
        return translate(self.template).format(**fields)

    def __str__(self) -> str:
        return self.render()
