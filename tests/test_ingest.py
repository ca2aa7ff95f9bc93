"""Reading documents: encodings, bad files and HTML, each a clear outcome."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusterfacts.errors import BINARY, EMPTY, NOT_FOUND, UNDECODABLE, UNSUPPORTED, DocumentError
from clusterfacts.ingest import Source, _doc_id, _looks_binary, _Resolver, decode, expand, html_visible_text, load

TRADITIONAL = "冠縣十五個軸承產業重點項目現場簽約，簽約項目金額一百億元。" * 3
SIMPLIFIED = "冠县十五个轴承产业重点项目现场签约，签约项目金额一百亿元。" * 3


@pytest.mark.parametrize(
    "data, text, encoding",
    [
        ("528 家企业".encode("utf-8"), "528 家企业", "utf-8"),
        ("\ufeff528".encode("utf-8"), "\ufeff528", "utf-8-sig"),  # BOM kept: offsets as a plain UTF-8 read
        ("528 tons".encode("utf-16"), "528 tons", "utf-16"),
        (SIMPLIFIED.encode("gb18030"), SIMPLIFIED, "gb18030"),
        (TRADITIONAL.encode("big5"), TRADITIONAL, "big5"),
    ],
)
def test_decoding(data, text, encoding):
    assert decode(data) == (text, encoding)


def test_binary_is_refused_with_a_code():
    with pytest.raises(DocumentError) as caught:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert caught.value.code == BINARY


def test_text_with_a_few_control_bytes_is_not_binary():
    text = "line\tone\x1b[1m bold\x0c\r\n" * 40
    assert not _looks_binary(text.encode())
    assert _looks_binary((text + "\x07" * 80).encode())  # bells past 5% of the head


@given(st.binary(max_size=300))
def test_control_bytes_are_counted_as_one_by_one(data):
    """The count in C equals the plain count: bytes below space but tab, LF, VT, FF, CR and ESC."""
    controls = sum(1 for byte in data if byte < 9 or 13 < byte < 32 and byte != 27)
    assert _looks_binary(data) == (b"\x00" in data or controls > len(data) * 0.05)


def test_undecodable_bytes():
    with pytest.raises(DocumentError) as caught:
        decode(b"\xff\xfa\xfb" * 50 + b"\x81")
    assert caught.value.code == UNDECODABLE


def test_empty_missing_and_unsupported(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    (tmp_path / "table.xlsx").write_bytes(b"PK")
    for name, code in (("empty.txt", EMPTY), ("missing.txt", NOT_FOUND), ("table.xlsx", UNSUPPORTED)):
        with pytest.raises(DocumentError) as caught:
            load(Source(str(tmp_path / name), name))
        assert caught.value.code == code


def test_ids_are_relative_to_the_folder_given(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "seeds" / "b.md").write_text("x", encoding="utf-8")
    (tmp_path / "seeds" / "skip.bin").write_bytes(b"x")
    (tmp_path / "seeds" / "SOURCES.md").write_text("where the texts come from", encoding="utf-8")
    assert [s.doc_id for s in expand([str(tmp_path)])] == ["seeds/a", "seeds/b"]
    assert [s.doc_id for s in expand([str(tmp_path / "seeds" / "SOURCES.md")])] == ["SOURCES"]
    assert [s.doc_id for s in expand([str(tmp_path / "seeds" / "a.txt")])] == ["a"]
    assert [s.doc_id for s in expand([str(tmp_path / "seeds" / "*.txt")])] == ["a"]


def test_ids_through_links_are_those_a_resolve_per_file_gives(tmp_path, monkeypatch):
    """Expanding resolves each folder once; linked files and folders still resolve as Path.resolve() does."""
    corpus, elsewhere = tmp_path / "corpus", tmp_path / "elsewhere"
    (corpus / "news").mkdir(parents=True)
    elsewhere.mkdir()
    (corpus / "news" / "a.txt").write_text("x", encoding="utf-8")
    (elsewhere / "b.txt").write_text("x", encoding="utf-8")
    (corpus / "news" / "b.txt").symlink_to(elsewhere / "b.txt")  # a file outside the corpus: named by itself
    (corpus / "linked").symlink_to(corpus / "news", target_is_directory=True)
    (corpus / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    monkeypatch.chdir(corpus / "news")
    paths = [corpus, corpus / "news" / "a.txt", corpus / "news" / "b.txt", corpus / "linked" / "a.txt",
             corpus / "linked", corpus / "dangling.txt", corpus / "new.txt", corpus / "news" / ".." / "news" / "a.txt",
             corpus / "news" / "..", corpus / "news" / ".", corpus / "linked" / "..", __import__("pathlib").Path("a.txt")]
    resolve = _Resolver()
    for path in paths:
        assert resolve(path) == path.resolve(), path
    for path in (path for path in paths if path.suffix == ".txt"):
        for root in (corpus, corpus / "linked", corpus / "news" / "..", tmp_path):
            plain = _doc_id(path, root, type(path).resolve)
            assert _doc_id(path, root, resolve) == plain, (path, root)
    assert [s.doc_id for s in expand([str(corpus)])] == ["news/a", "b"]  # links to folders are not walked


def test_html_keeps_visible_text_only():
    page = "<html><head><title>t</title><script>var x=5;</script></head><body><p>Output rose 9%.</p><nav>Home</nav></body></html>"
    assert html_visible_text(page) == "Output rose 9%.\n"


def test_sha256_and_encoding_are_recorded(tmp_path):
    path = tmp_path / "big5.txt"
    path.write_bytes(TRADITIONAL.encode("big5"))
    document = load(Source(str(path), "big5"))
    assert document.encoding == "big5"
    assert len(document.sha256) == 64
    assert document.text == TRADITIONAL


def test_line_ends_are_read_as_python_text_mode_reads_them(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("第一行\r\n共7个项目\r第三行\n".encode("utf-8"))
    document = load(Source(str(path), "crlf"))
    assert document.text == open(path, encoding="utf-8").read() == "第一行\n共7个项目\n第三行\n"


def test_a_declared_html_charset_is_honoured():
    page = '<html><head><meta charset="ISO-8859-1"></head><body>Caf\xe9 sales rose 9%</body></html>'.encode("latin-1")
    text, encoding = decode(page)
    assert encoding == "iso8859-1" and "Café" in text
