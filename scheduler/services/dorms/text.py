"""Free text people type into the dormitory forms (reasons, notes, notices): trimmed, bounded,
and without control characters (PostgreSQL refuses NUL; the others have no place in a note)."""

from __future__ import annotations

import unicodedata

from scheduler.errors import N_, ValidationError

KEPT = {"\n", "\t"}  # line breaks in a notice's text


def plain_text(
    value: str | None, field: str, maximum: int, *, required: bool = False, lines: bool = False
) -> str:
    """The text trimmed; ValidationError on `field` when missing, too long or with control chars."""
    text = (value or "").replace("\r\n", "\n").strip()
    allowed = KEPT if lines else set()
    if any(unicodedata.category(c) == "Cc" and c not in allowed for c in text):
        raise ValidationError(N_("Remove the control characters from this text."), field=field)
    if required and not text:
        raise ValidationError(N_("Fill in this field."), field=field)
    if len(text) > maximum:
        raise ValidationError(N_("Keep this under %(max)s characters."), field=field, max=maximum)
    return text
