"""The English catalogue (locale/en) is complete, and the committed .mo matches the .po.

Swedish is the source language: msgids are Swedish, English is a translation. After changing
strings, run `make messages` and translate the new entries; these tests fail until that is done.
The .po is read with a small parser and the .mo with the standard gettext module, so the
check needs neither gettext tools nor a database.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent
LC_MESSAGES = ROOT / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"

# %(name)s / %(name)d, and %% (a literal percent sign in a python-format string).
PLACEHOLDER = re.compile(r"%\([^)]+\)[sdifr]|%%")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def key(self) -> str:
        """The key under which gettext stores the entry: context, EOT, msgid."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"


def _unquote(text: str, where: str) -> str:
    """A PO string literal ("...", with C escapes) as a str."""
    text = text.strip()
    assert len(text) >= 2 and text[0] == text[-1] == '"', f"{where}: not a quoted string: {text!r}"
    # The escapes that a PO string may hold are the C ones, which Python reads the same way.
    return ast.literal_eval(text)


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file, the header included; obsolete (#~) entries are left out."""
    entries: list[Entry] = []
    current = Entry()
    field_name: str | None = None
    started = False

    def finish() -> None:
        nonlocal current, field_name, started
        if started:
            entries.append(current)
        current, field_name, started = Entry(), None, False

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        where = f"{path.name}:{number}"
        if not line or line.startswith("#~"):
            if not line:
                finish()
            continue
        if line.startswith("#,"):
            if started:
                finish()
            current.flags.update(flag.strip() for flag in line[2:].split(",") if flag.strip())
            continue
        if line.startswith("#"):
            if started:
                finish()
            continue
        if line.startswith('"'):
            assert field_name is not None, f"{where}: continuation line outside an entry"
            value = _unquote(line, where)
        else:
            keyword, _, rest = line.partition(" ")
            if keyword in {"msgctxt", "msgid"} and current.msgstr:
                finish()  # a new entry that was not separated by a blank line
            field_name, value = keyword, _unquote(rest, where)
            if keyword in {"msgctxt", "msgid"} and not started:
                started, current.line = True, number
            if keyword == "msgid_plural":
                current.msgid_plural = ""
            elif keyword == "msgctxt":
                current.msgctxt = ""
            elif keyword.startswith("msgstr"):
                index = 0 if keyword == "msgstr" else int(keyword[len("msgstr[") : -1])
                current.msgstr[index] = ""
            elif keyword != "msgid":
                raise AssertionError(f"{where}: unknown keyword {keyword!r}")
        if field_name == "msgid":
            current.msgid += value
        elif field_name == "msgid_plural":
            current.msgid_plural = (current.msgid_plural or "") + value
        elif field_name == "msgctxt":
            current.msgctxt = (current.msgctxt or "") + value
        else:
            index = 0 if field_name == "msgstr" else int(field_name[len("msgstr[") : -1])
            current.msgstr[index] += value
    finish()
    return entries


def _messages() -> list[Entry]:
    return [entry for entry in parse_po(PO_FILE) if entry.msgid or entry.msgctxt]


def _header() -> dict[str, str]:
    header = next(entry for entry in parse_po(PO_FILE) if not entry.msgid and entry.msgctxt is None)
    pairs = (line.partition(":") for line in header.msgstr[0].splitlines() if line.strip())
    return {name.strip(): value.strip() for name, _, value in pairs}


def _expected_catalogue() -> dict[str | tuple[str, int], str]:
    """What msgfmt puts in the .mo for this .po: translated, non-fuzzy entries, header apart."""
    catalogue: dict[str | tuple[str, int], str] = {}
    for entry in _messages():
        if "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural is None:
            if entry.msgstr.get(0):
                catalogue[entry.key] = entry.msgstr[0]
        elif all(entry.msgstr.values()):
            for index, text in entry.msgstr.items():
                catalogue[(entry.key, index)] = text
    return catalogue


def test_header_is_filled_in() -> None:
    header = _header()
    assert header.get("Language") == "en"
    assert header.get("Content-Type") == "text/plain; charset=UTF-8"
    assert header.get("Plural-Forms") == "nplurals=2; plural=(n != 1);"
    header_entry = next(e for e in parse_po(PO_FILE) if not e.msgid and e.msgctxt is None)
    assert "fuzzy" not in header_entry.flags, "remove '#, fuzzy' from the .po header"


def test_every_entry_is_translated_and_not_fuzzy() -> None:
    messages = _messages()
    assert messages, f"{PO_FILE} has no entries; run `make messages`"
    fuzzy = [f"line {e.line}: {e.msgid!r}" for e in messages if "fuzzy" in e.flags]
    untranslated = [
        f"line {e.line}: {e.msgid!r}"
        for e in messages
        if not e.msgstr or not all(e.msgstr.values()) or (e.msgid_plural is not None and len(e.msgstr) != 2)
    ]
    report = [f"fuzzy (check the translation, then remove the flag): {item}" for item in fuzzy]
    report += [f"untranslated: {item}" for item in untranslated]
    assert not report, f"{PO_FILE.relative_to(ROOT)} is not complete:\n" + "\n".join(report)


def test_placeholders_are_kept() -> None:
    problems = []
    for entry in _messages():
        for index, text in entry.msgstr.items():
            source = entry.msgid if index == 0 or entry.msgid_plural is None else entry.msgid_plural
            if "python-format" in entry.flags:
                # msgstr[0] of a plural may leave out the count (as in "one item"); the rest must match.
                expected = sorted(set(PLACEHOLDER.findall(source)))
                found = sorted(set(PLACEHOLDER.findall(text)))
                if found != expected and not (entry.msgid_plural and set(found) < set(expected)):
                    problems.append(f"line {entry.line}: {entry.msgid!r}: {expected} != {found}")
            if sorted(re.findall(r"</?\w+", source)) != sorted(re.findall(r"</?\w+", text)):
                problems.append(f"line {entry.line}: {entry.msgid!r}: HTML tags differ")
    assert not problems, "placeholders or markup changed in translation:\n" + "\n".join(problems)


def test_mo_matches_po() -> None:
    """The committed .mo was compiled from the current .po (mtimes mean nothing after a clone)."""
    assert MO_FILE.exists(), "locale/en/LC_MESSAGES/django.mo is missing; run `make messages`"
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    # GNUTranslations has no public way to list its messages; _catalog is stable since Python 2.
    catalogue = {key: text for key, text in compiled._catalog.items() if key != ""}
    expected = _expected_catalogue()
    differing = sorted(
        repr(key) for key in set(catalogue) | set(expected) if catalogue.get(key) != expected.get(key)
    )
    assert not differing, (
        "the .mo does not match the .po; run `make messages` (or compilemessages). Differing:\n"
        + "\n".join(differing[:20])
    )
    assert compiled.info().get("language") == "en"


@pytest.mark.parametrize(
    ("swedish", "english"),
    [("Deltagare", "Participants"), ("Kartläggning", "Assessment"), ("Logga in", "Sign in")],
)
def test_django_serves_the_english_catalogue(swedish: str, english: str) -> None:
    with translation.override("en"):
        assert translation.gettext(swedish) == english
    with translation.override("sv"):
        assert translation.gettext(swedish) == swedish


def test_django_english_plurals_and_placeholders() -> None:
    with translation.override("en"):
        one = translation.ngettext("%(n)s inskrivning", "%(n)s inskrivningar", 1) % {"n": 1}
        many = translation.ngettext("%(n)s inskrivning", "%(n)s inskrivningar", 3) % {"n": 3}
    assert (one, many) == ("1 enrolment", "3 enrolments")
