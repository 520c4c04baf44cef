"""Reading help-desk exports: format detection, fields, rejected rows with line numbers."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbgen.mine.ingest import FORMATS, detect_format, read_export
from kbgen.mine.model import RawTicket, Rejected
from tests.support.paths import EXPORTS


def split(path: Path, **kw) -> tuple[list[RawTicket], list[Rejected]]:
    rows = list(read_export(path, **kw))
    good = [r for r in rows if isinstance(r, RawTicket)]
    return good, [r for r in rows if isinstance(r, Rejected)]


@pytest.mark.parametrize(
    ("name", "fmt", "good", "bad"),
    [
        ("zendesk-tickets.json", "zendesk", 13, 3),
        ("zendesk-tickets.ndjson", "zendesk", 12, 2),
        ("zendesk-export.csv", "zendesk", 12, 2),
        ("freshdesk-export.csv", "freshdesk", 12, 1),
        ("freshdesk-tickets.json", "freshdesk", 12, 1),
        ("helpscout-conversations.csv", "helpscout", 12, 1),
        ("gorgias-tickets.csv", "gorgias", 12, 1),
        ("intercom-conversations.json", "intercom", 13, 1),
        ("support.mbox", "mbox", 12, 2),
        ("eml", "eml", 10, 1),
        ("generic.csv", "csv", 12, 1),
        ("generic.json", "json", 12, 1),
        ("generic.ndjson", "ndjson", 12, 1),
    ],
)
def test_each_format_is_detected_and_read(name: str, fmt: str, good: int, bad: int) -> None:
    path = EXPORTS / name
    assert detect_format(path) == fmt
    tickets, rejected = split(path)
    assert (len(tickets), len(rejected)) == (good, bad)
    first = tickets[0]
    assert first.ticket_id and first.body
    assert first.created is not None and first.created.tzinfo is not None
    assert first.created.utcoffset().total_seconds() == 0
    assert "@" in first.requester or first.requester.isdigit()
    assert all(t.source == ("mail" if fmt in ("mbox", "eml") else fmt) for t in tickets)
    assert len({t.ticket_id for t in tickets}) == len(tickets)


def test_formats_list_is_complete() -> None:
    assert set(FORMATS) == {
        "zendesk",
        "freshdesk",
        "helpscout",
        "intercom",
        "gorgias",
        "mbox",
        "eml",
        "csv",
        "xlsx",
        "json",
        "ndjson",
    }


def test_csv_rejections_name_the_physical_line_where_the_record_starts() -> None:
    path = EXPORTS / "zendesk-export.csv"
    _, rejected = split(path)
    lines = path.read_text().splitlines()
    short, bad_date = rejected
    assert lines[short.line - 1].startswith("150,")
    assert "7 columns" in short.reason and "15" in short.reason
    assert lines[bad_date.line - 1].startswith("151,")
    assert "yesterday-ish" in bad_date.reason


def test_csv_ticket_line_is_where_its_multiline_body_starts() -> None:
    path = EXPORTS / "freshdesk-export.csv"
    tickets, _ = split(path)
    lines = path.read_text().splitlines()
    for t in tickets:
        assert lines[t.line - 1].startswith(f"{t.ticket_id},")


def test_json_rejections_give_the_file_line_and_ndjson_counts_lines() -> None:
    path = EXPORTS / "zendesk-tickets.json"
    tickets, rejected = split(path)
    lines = path.read_text().splitlines()
    assert [r.line for r in rejected] == [327, 337, 347]
    assert lines[346].strip() == '"not an object",'
    for t in tickets:  # each ticket's line is the "{" that opens it, its id a line or two below
        assert lines[t.line - 1].strip() == "{"
        below = " ".join(lines[t.line : t.line + 2])
        assert t.ticket_id.startswith("h-") or f'"id": {t.ticket_id},' in below
    assert rejected[0].reason.startswith("item 13: unreadable date")
    assert "not a JSON object" in rejected[2].reason
    _, rejected = split(EXPORTS / "zendesk-tickets.ndjson")
    assert rejected[0].line == 13 and "not valid JSON" in rejected[0].reason
    assert rejected[1].line == 15  # line 14 is blank and skipped


def test_ticket_without_id_gets_a_stable_content_id() -> None:
    tickets, _ = split(EXPORTS / "zendesk-tickets.json")
    derived = [t for t in tickets if t.ticket_id.startswith("h-")]
    assert len(derived) == 1 and derived[0].body == "My download link does not work"
    again, _ = split(EXPORTS / "zendesk-tickets.json")
    assert derived[0].ticket_id in {t.ticket_id for t in again}


def test_zendesk_sideloaded_users_give_requester_emails() -> None:
    tickets, _ = split(EXPORTS / "zendesk-tickets.json")
    assert tickets[0].requester == "customer1@example.com"  # requester_id 9001
    assert tickets[0].created == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def test_zendesk_csv_reads_offsets_and_requester_email() -> None:
    tickets, _ = split(EXPORTS / "zendesk-export.csv")
    assert tickets[0].ticket_id == "101"
    assert tickets[0].requester == "customer0@example.com"
    assert tickets[0].created == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def test_intercom_reads_html_source_body_and_customer_reply_of_outbound() -> None:
    tickets, _ = split(EXPORTS / "intercom-conversations.json")
    assert tickets[0].body.startswith("<p>")
    assert tickets[0].created == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # from a Unix time
    outbound = next(t for t in tickets if t.ticket_id == "1999999")
    assert "link still says expired" in outbound.body
    assert outbound.requester == "late@example.com"


def test_mbox_decodes_charsets_and_rejects_thread_replies() -> None:
    tickets, rejected = split(EXPORTS / "support.mbox")
    assert len(tickets) == 12
    bodies = " ".join(t.body for t in tickets)
    assert "Café crème" in bodies  # iso-8859-1, quoted-printable
    assert "“quoted” – dash" in bodies  # windows-1252
    assert rejected[0].line == 13 and "replies to message 1" in rejected[0].reason
    assert tickets[0].requester == "customer0@example.com"  # display name dropped
    assert rejected[1].line == 14 and "sometime last week" in rejected[1].reason


def test_eml_folder_prefers_plain_text_and_reads_html_only_mail() -> None:
    tickets, rejected = split(EXPORTS / "eml")
    html_only = tickets[1]  # message 2 is HTML-only
    assert "<p>" in html_only.body
    alt = tickets[0]  # message 1 is multipart/alternative: the plain part is used
    assert "<p>" not in alt.body
    assert rejected[0].source.endswith("999.eml")


def test_mapping_names_columns_that_guessing_cannot_find() -> None:
    path = EXPORTS / "custom-columns.csv"
    mapping = {
        "id": "Case",
        "created": "Opened",
        "requester": "Who",
        "subject": "Topic",
        "body": "Notes",
    }
    tickets, rejected = split(path, mapping=mapping)
    assert len(tickets) == 5 and not rejected
    assert tickets[0].ticket_id == "C1" and tickets[0].requester == "customer0@example.com"
    with pytest.raises(ValueError, match="mapped column 'Nope'"):
        list(read_export(path, mapping={"body": "Nope"}))


def test_unmappable_csv_explains_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("alpha,beta\n1,2\n")
    with pytest.raises(ValueError, match="--map body="):
        list(read_export(path))


def test_format_override_and_unknown_format(tmp_path: Path) -> None:
    tickets, _ = split(EXPORTS / "zendesk-export.csv", fmt="csv")
    assert tickets[0].source == "csv"
    with pytest.raises(ValueError, match="unknown format"):
        read_export(EXPORTS / "generic.csv", fmt="excel")


def test_detect_format_explains_unknown_content(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(ValueError, match="empty"):
        detect_format(empty)
    prose = tmp_path / "notes.txt"
    prose.write_text("just some words\nwithout any columns\n")
    with pytest.raises(ValueError, match="--format"):
        detect_format(prose)
    with pytest.raises(ValueError, match="does not exist"):
        detect_format(tmp_path / "missing.csv")


def test_windows_1252_csv_and_day_first_dates(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    row = "1;05/01/2026 10:30;a@example.com;Caf\xe9 file won\x92t open\n"
    path.write_bytes(("id;date;email;body\n" + row).encode("latin-1"))
    (ticket,) = list(read_export(path))
    assert isinstance(ticket, RawTicket)
    assert ticket.body == "Café file won’t open"
    assert ticket.created == datetime(2026, 1, 5, 10, 30, tzinfo=UTC)


def test_read_export_streams(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    with path.open("w") as fh:
        fh.write("id,body\n")
        for i in range(50_000):
            fh.write(f"{i},my download {i} fails\n")
    rows = read_export(path)
    assert next(iter(rows)).ticket_id == "0"  # an iterator: nothing read ahead of need


@pytest.mark.parametrize("name", ["intercom-conversations.json", "generic.json"])
def test_json_items_under_nested_keys_get_their_file_line(name: str) -> None:
    path = EXPORTS / name
    rows = list(read_export(path))
    lines = path.read_text().splitlines()
    assert all(lines[r.line - 1].strip()[:1] in ("{", '"', "4") for r in rows)  # 42: not a ticket
    assert len({r.line for r in rows}) == len(rows)


@pytest.mark.parametrize(
    "text", ["[" * 100_000 + "]" * 100_000, '{"a": ' * 100_000 + "1" + "}" * 100_000]
)
def test_absurdly_nested_json_is_a_clear_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "export.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="nested too deeply to be a ticket export"):
        split(path)
    deep_item = '[{"subject": "fine", "body": "ok"}, ' + "[" * 100_000 + "]" * 100_000 + "]"
    path.write_text(deep_item, encoding="utf-8")
    with pytest.raises(ValueError, match="nested too deeply"):
        split(path)


def test_absurdly_nested_ndjson_line_is_rejected_by_its_line(tmp_path: Path) -> None:
    path = tmp_path / "export.ndjson"
    good = '{"id": 1, "subject": "a", "body": "b"}\n'
    path.write_text(good + "[" * 100_000 + "]" * 100_000 + "\n" + good, encoding="utf-8")
    tickets, rejected = split(path, fmt="ndjson")
    assert [t.line for t in tickets] == [1, 3]
    assert [(r.line, "nested too deeply" in r.reason) for r in rejected] == [(2, True)]


# -- CSV: every physical record is read or rejected by its own line ---------------------------


def _csv_line(i: int, subject: str, body: str, end: str = "\n") -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=end).writerow(
        [1000 + i, f"2026-02-{i % 28 + 1:02d} 10:00", f"user{i}@example.com", subject, body]
    )
    return out.getvalue()


def _damage(text: str, how: str) -> str:
    parts = text.split(",", 3)  # id, created and email hold no comma or quote
    if how == "unbalanced quote":
        if '"' in text:
            cut = text.rindex('"')
            return text[:cut] + text[cut + 1 :]
        return ",".join(parts[:3]) + ',"' + parts[3]
    if how == "missing column":
        return ",".join(parts[:2] + parts[3:])
    return text


def test_unbalanced_quote_no_longer_swallows_the_next_ticket(tmp_path: Path) -> None:
    rows = [_csv_line(i, f"Subject {i}", f"body {i}") for i in range(8)]
    rows[4] = _damage(rows[4], "unbalanced quote")  # on line 6
    rows[6] = _csv_line(6, "Multi-line", "line one\nline two, with, commas, a, b\nend")
    path = tmp_path / "export.csv"
    path.write_text("id,created,email,subject,body\n" + "".join(rows), encoding="utf-8")
    tickets, rejected = split(path)
    assert [(r.line, r.reason) for r in rejected] == [
        (
            6,
            'a quote (") opened on line 6 is never closed, so the row runs into line 7; the row '
            "is skipped and reading goes on from line 7 — fix the quotes on line 6",
        )
    ]
    assert [(t.line, t.ticket_id) for t in tickets] == [
        (2, "1000"), (3, "1001"), (4, "1002"), (5, "1003"),
        (7, "1005"), (8, "1006"), (11, "1007"),
    ]  # fmt: skip
    assert tickets[-2].body == "line one\nline two, with, commas, a, b\nend"


_TEXT = st.text(alphabet='ab ,"\n', min_size=1, max_size=25).map(lambda s: "x" + s)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            _TEXT,
            _TEXT,
            st.sampled_from(["none"] * 4 + ["unbalanced quote", "missing column"]),
        ),
        min_size=1,
        max_size=25,
    ),
    st.sampled_from(["\n", "\r\n"]),
)
def test_every_csv_record_is_read_or_rejected_by_its_own_line(rows, end: str) -> None:
    import tempfile

    texts, starts, line = [], [], 2
    for i, (subject, body, how) in enumerate(rows):
        text = _damage(_csv_line(i, subject, body, end), how)
        texts.append(text)
        starts.append(line)
        line += text.count("\n")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        path.write_bytes(f"id,created,email,subject,body{end}{''.join(texts)}".encode())
        tickets, rejected = split(path, fmt="csv")
    read = {t.line: t for t in tickets}
    seen = [t.line for t in tickets] + [r.line for r in rejected]
    assert len(seen) == len(set(seen)), "a line was reported twice"
    assert len(tickets) + len(rejected) >= len(rows)
    if all(text.count("\n") == 1 for text in texts):  # no record spans lines: none split up
        assert len(tickets) + len(rejected) == len(rows)
    for i, ((subject, body, how), start) in enumerate(zip(rows, starts, strict=True)):
        assert start in seen, f"the record on line {start} ({how}) vanished"
        if how == "none":  # an intact record is read, whatever its neighbours look like
            assert start in read, f"intact record on line {start} not read"
            assert read[start].ticket_id == str(1000 + i)
            assert (read[start].subject, read[start].body) == (subject.strip(), body.strip())


# -- compressed exports ------------------------------------------------------------------------


def _packed(tmp_path: Path, name: str, how: str) -> Path:
    import bz2
    import gzip
    import lzma
    import zipfile

    data = (EXPORTS / name).read_bytes()
    opener = {"gz": gzip.open, "bz2": bz2.open, "xz": lzma.open}.get(how)
    target = tmp_path / f"{name}.{how}"
    if opener:
        with opener(target, "wb") as out:
            out.write(data)
    else:
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"export/{name}", data)
    return target


@pytest.mark.parametrize(
    ("name", "how", "fmt"),
    [
        ("zendesk-tickets.json", "gz", "zendesk"),
        ("zendesk-export.csv", "gz", "zendesk"),
        ("generic.ndjson", "bz2", "ndjson"),
        ("intercom-conversations.json", "xz", "intercom"),
        ("support.mbox", "gz", "mbox"),
        ("freshdesk-export.csv", "zip", "freshdesk"),
    ],
)
def test_compressed_exports_are_read_directly(
    tmp_path: Path, name: str, how: str, fmt: str
) -> None:
    path = _packed(tmp_path, name, how)
    assert detect_format(path) == fmt
    tickets, rejected = split(path)
    plain_tickets, plain_rejected = split(EXPORTS / name)
    assert tickets == plain_tickets
    assert [(r.source, r.line, r.reason) for r in rejected] == [
        (str(path), r.line, r.reason) for r in plain_rejected
    ]


def test_a_zip_of_eml_messages_is_read_as_a_mailbox(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "mail.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for eml in sorted((EXPORTS / "eml").glob("*.eml")):
            archive.write(eml, f"inbox/{eml.name}")
    assert detect_format(path) == "eml"
    tickets, rejected = split(path)
    assert (len(tickets), len(rejected)) == (10, 1)
    assert rejected[0].source.startswith(f"{path}/") and "kbgen-export" not in rejected[0].source


def test_files_kbgen_cannot_read_are_named_for_what_they_are(tmp_path: Path) -> None:
    import gzip
    import io as stdio
    import tarfile
    import zipfile

    cases: dict[str, tuple[bytes, str]] = {}
    archive = stdio.BytesIO()
    with tarfile.open(fileobj=archive, mode="w") as tar:
        tar.add(EXPORTS / "generic.csv", arcname="generic.csv")
    cases["export.tar.gz"] = (gzip.compress(archive.getvalue()), "is a tar archive; extract it")
    two = stdio.BytesIO()
    with zipfile.ZipFile(two, "w") as z:
        z.writestr("a.csv", "id,body\n1,x\n")
        z.writestr("b.json", "[]")
    cases["two.zip"] = (two.getvalue(), "is a zip archive holding 2 files (a.csv, b.json); unzip")
    locked = stdio.BytesIO()
    with zipfile.ZipFile(locked, "w") as z:
        z.writestr("tickets.csv", "id,body\n1,x\n")
    data = bytearray(locked.getvalue())
    for magic, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # mark it encrypted
        data[data.index(magic) + at] |= 0x1
    cases["locked.zip"] = (bytes(data), "is a zip archive kbgen cannot open")
    cases["broken.csv.gz"] = (gzip.compress(b"id,body\n" * 100)[:30], "cannot be decompressed")
    cases["report.pdf"] = (b"%PDF-1.7\n%\xe2\xe3\n" + b"\x00" * 50, "is a PDF document")
    cases["data.bin"] = (bytes(range(256)) * 4, "is a binary file, not a ticket export")
    for name, (data, message) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(ValueError, match=re.escape(message)) as caught:
            split(path)
        assert str(caught.value).startswith(str(path)), caught.value
        assert "kbgen-export" not in str(caught.value)
