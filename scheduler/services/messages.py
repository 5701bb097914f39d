"""Words for people, rendered when read: a stored code and its parameters become text in a language.

Nothing stores a finished sentence. A notification, a mail in the outbox, a reason or an audit line
keeps a `code` and JSON `params`; each area defines its codes once, at import, with an English
template (marked with N_ so it reaches the catalogue) and the kind of each parameter:

    TRIP_CANCELLED = define(
        "trip.cancelled",
        N_("Approved trip #%(trip)s to %(destination)s was cancelled by %(agency)s."),
        subject=N_("Trip #%(trip)s cancelled"),
        agency="name", start="datetime",
    )
    notify(session, dispatcher, TRIP_CANCELLED, trip=trip.id, agency=trip.agency.names(), ...)

`render(code, params, locale)` gives the text in that locale ("zh_TW" or "en") without Flask, so a
mail job renders in the recipient's language; the web layer calls the same function with the
reader's locale. Parameter kinds (undeclared parameters are "text"):

- text: shown as it is (names, places, ids);
- datetime / date / date_long: ISO strings, shown in Asia/Taipei as 115/12/08 09:00 (zh-TW, ROC) or
  2026-12-08 09:00 (en); date_long as 民國115年12月8日;
- money: whole NT$ (NT$57,000); minutes: a duration in minutes;
- name: a bilingual name {"zh": ..., "en": ...}, the reader's one;
- term:<vocabulary>: a code from a vocabulary defined with define_terms (needs, statuses ...);
- message / messages: one nested {"code", "params"} or a list of them (one line each);
- list:<kind>: a list of values of that kind, joined as the language joins them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from babel.support import NullTranslations, Translations

from scheduler.i18n import local, roc_date_long, roc_date_short

log = logging.getLogger(__name__)

LOCALES = ("zh_TW", "en")
DEFAULT_LOCALE = "zh_TW"
TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"


@dataclass(frozen=True)
class Template:
    """One message code: its English text and mail subject (both msgids) and its parameters' kinds."""

    code: str
    text: str
    subject: str
    kinds: Mapping[str, str]


@dataclass(frozen=True)
class Message:
    """A code with its parameters: what is stored wherever words for people would be."""

    code: str
    params: Mapping[str, Any]

    def to_json(self) -> dict[str, Any]:
        """The stored form: {"code": ..., "params": {...}}."""
        return {"code": self.code, "params": dict(self.params)}


_TEMPLATES: dict[str, Template] = {}
_TERMS: dict[str, dict[str, str]] = {}


def define(code: str, text: str, *, subject: str | None = None, **kinds: str) -> str:
    """Register a message code (once, at import); returns the code for the caller to keep."""
    known = _TEMPLATES.get(code)
    template = Template(code, text, subject or text, dict(kinds))
    if known is not None and known != template:
        raise ValueError(f"message code {code!r} is defined twice, differently")
    _TEMPLATES[code] = template
    return code


def define_terms(vocabulary: str, terms: Mapping[str, str]) -> None:
    """Register the words of a vocabulary (value code → N_-marked English label)."""
    _TERMS.setdefault(vocabulary, {}).update(terms)


def is_defined(code: str) -> bool:
    """Whether `code` has a template (tests use it to keep every stored code renderable)."""
    return code in _TEMPLATES


def term(vocabulary: str, value: str, locale: str) -> str:
    """The label of one vocabulary value in `locale` (the value itself when unknown)."""
    label = _TERMS.get(vocabulary, {}).get(value)
    return value if label is None else translations(locale).gettext(label)


@cache
def translations(locale: str) -> NullTranslations:
    """The compiled catalogue of `locale` (English needs none: the msgids are English)."""
    if locale not in LOCALES or locale == "en":
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS), [locale])


def normal_locale(locale: str | None) -> str:
    """One of LOCALES ('zh_TW' unless English was chosen)."""
    return "en" if (locale or "").lower().startswith("en") else DEFAULT_LOCALE


def render(code: str, params: Mapping[str, Any] | None, locale: str | None) -> str:
    """The message's text in `locale`; an unknown code or a broken template shows what is known."""
    return _fill(code, params or {}, normal_locale(locale), subject=False)


def render_subject(code: str, params: Mapping[str, Any] | None, locale: str | None) -> str:
    """The mail subject of the message in `locale` (one line)."""
    return _fill(code, params or {}, normal_locale(locale), subject=True).splitlines()[0][:200]


def render_message(message: Mapping[str, Any] | Message, locale: str | None) -> str:
    """A stored {"code", "params"} (or a Message) in `locale`."""
    if isinstance(message, Message):
        return render(message.code, message.params, locale)
    return render(str(message.get("code", "")), message.get("params") or {}, locale)


def _fill(code: str, params: Mapping[str, Any], locale: str, subject: bool) -> str:
    template = _TEMPLATES.get(code)
    if template is None:
        log.warning("no template for message code %r", code)
        return code
    text = translations(locale).gettext(template.subject if subject else template.text)
    shown = {
        name: format_value(template.kinds.get(name, "text"), value, locale)
        for name, value in params.items()
    }
    try:
        return text % shown if "%(" in text else text
    except (KeyError, TypeError, ValueError):
        log.warning("message %r: parameters %r do not fit its template", code, sorted(params))
        return text


def _datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return local(value).date()
    if isinstance(value, date):
        return value
    moment = _datetime(value)
    if moment is not None:
        return local(moment).date()
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def format_datetime(value: Any, locale: str) -> str:
    """09:00 on a day, as tables show it: 115/12/08 09:00 (zh-TW) or 2026-12-08 09:00 (en)."""
    moment = _datetime(value)
    if moment is None:
        return str(value)
    shown = local(moment)
    day = shown.date().isoformat() if locale == "en" else _roc_short(shown.date())
    return f"{day} {shown:%H:%M}"


def format_date(value: Any, locale: str, long: bool = False) -> str:
    """A day: 115/12/08 or 民國115年12月8日 (zh-TW), 2026-12-08 (en)."""
    day = _date(value)
    if day is None:
        return str(value)
    if locale == "en":
        return day.isoformat()
    if day.year < 1912:
        return day.isoformat()
    return roc_date_long(day) if long else roc_date_short(day)


def _roc_short(day: date) -> str:
    return day.isoformat() if day.year < 1912 else roc_date_short(day)


def _join(parts: list[str], locale: str) -> str:
    return (", " if locale == "en" else "、").join(parts)


def _name(value: Any, locale: str) -> str:
    if isinstance(value, Mapping):
        preferred = value.get("en" if locale == "en" else "zh") or value.get("zh") or ""
        return str(preferred or value.get("en") or "")
    return str(value)


def _money(value: Any, _locale: str) -> str:
    return f"NT${int(value):,}" if isinstance(value, int | float) else str(value)


def _minutes(value: Any, locale: str) -> str:
    if not isinstance(value, int):
        return str(value)
    return f"{value} min" if locale == "en" else f"{value} 分鐘"


def _nested(value: Any, locale: str) -> str:
    return render_message(value, locale) if isinstance(value, Mapping) else str(value)


_FORMATS: dict[str, Callable[[Any, str], str]] = {
    "text": lambda value, _locale: str(value),
    "datetime": format_datetime,
    "date": format_date,
    "date_long": lambda value, locale: format_date(value, locale, long=True),
    "money": _money,
    "minutes": _minutes,
    "name": _name,
    "message": _nested,
    "messages": lambda value, locale: (
        "\n".join(_nested(v, locale) for v in value)
        if isinstance(value, list)
        else _nested(value, locale)
    ),
}


def format_value(kind: str, value: Any, locale: str) -> str:
    """One parameter shown in `locale` by its declared kind."""
    if value is None:
        return "-"
    if kind.startswith("list:"):
        items = value if isinstance(value, list | tuple) else [value]
        return _join([format_value(kind[5:], item, locale) for item in items], locale)
    if kind.startswith("term:"):
        return term(kind[5:], str(value), locale)
    return _FORMATS.get(kind, _FORMATS["text"])(value, locale)


# A notification stored before codes existed keeps its old text under this code.
LEGACY_TEXT = define("text", "%(text)s")  # not a msgid: the text is already words

__all__ = [
    "DEFAULT_LOCALE",
    "LEGACY_TEXT",
    "LOCALES",
    "Message",
    "define",
    "define_terms",
    "format_date",
    "format_datetime",
    "format_value",
    "is_defined",
    "normal_locale",
    "render",
    "render_message",
    "render_subject",
    "term",
    "translations",
]
