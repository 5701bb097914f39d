"""Every interface text has a Traditional Chinese translation, and the compiled catalogue is current."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask.testing import FlaskClient

from tests.conftest import csrf_token

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "scheduler" / "translations" / "zh_TW" / "LC_MESSAGES"
KEYWORDS = {
    "_": None,
    "gettext": None,
    "_l": None,
    "lazy_gettext": None,
    "N_": None,
    "ngettext": (1, 2),
}


def _singular(msgid: str | tuple[str, ...] | list[str]) -> str:
    """A plural entry (ngettext) is read as (singular, plural): key it by its singular, as extraction does."""
    return msgid if isinstance(msgid, str) else msgid[0]


def _forms(msgstr: str | tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """A translation as its tuple of plural forms (one for a plain entry; zh_TW plurals have one)."""
    return (msgstr,) if isinstance(msgstr, str) else tuple(msgstr)


def _source_msgids() -> set[str]:
    found: set[str] = set()
    for folder, method in (("scheduler", "python"), ("templates", "jinja2")):
        pattern = "**.py" if method == "python" else "**.html"
        for _file, _line, message, _comments, _ctx in extract_from_dir(
            ROOT / folder, method_map=[(pattern, method)], keywords=KEYWORDS
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_interface_text_is_translated_to_traditional_chinese() -> None:
    with (CATALOG / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale="zh_TW")
    translated = {_singular(m.id) for m in catalog if m.id and all(_forms(m.string))}
    missing = sorted(_source_msgids() - translated)
    assert missing == [], f"{len(missing)} texts lack a zh_TW translation: {missing[:20]}"


def test_compiled_catalogue_matches_the_po_file() -> None:
    with (CATALOG / "messages.po").open("rb") as handle:
        po = {
            _singular(m.id): _forms(m.string)
            for m in read_po(handle, locale="zh_TW")
            if m.id and all(_forms(m.string))
        }
    compiled = read_mo(BytesIO((CATALOG / "messages.mo").read_bytes()))
    mo = {_singular(m.id): _forms(m.string) for m in compiled if m.id}
    assert mo == po, "run: pybabel compile -d scheduler/translations"


def test_the_default_interface_is_traditional_chinese(client: FlaskClient) -> None:
    # Babel reads zh_TW as zh_Hant_TW and looks for that folder (the zh_Hant_TW link to zh_TW);
    # without it every page silently falls back to the English msgids.
    page = client.get("/login").get_data(as_text=True)
    assert "<title>登入 · 臺北市政府</title>" in page
    assert "Sign in" not in page
    refused = client.post(
        "/login",
        data={
            "csrf_token": csrf_token(client, "/login"),
            "username": "nobody",
            "password": "x" * 12,
        },
    )
    assert "帳號或密碼錯誤。" in refused.get_data(as_text=True)


def test_service_messages_are_translated_before_their_values_are_filled_in() -> None:
    from scheduler.errors import N_, NotFound
    from scheduler.web import create_app
    from scheduler.web.forms import error_text

    app = create_app(
        {"TESTING": True, "SECRET_KEY": "t", "AUTO_SETUP": False, "DATABASE_URL": "sqlite://"}
    )
    error = NotFound(N_("Trip #%(trip)s is not part of this draft."), trip=5)
    assert error.message == "Trip #5 is not part of this draft."
    with app.test_request_context("/"):
        assert error_text(error) == "行程 #5 不在此草案中。"
