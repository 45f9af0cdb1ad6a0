"""CSV dialect detection on a sample: encoding, delimiter, header, decimal separator."""

from __future__ import annotations

import codecs
import csv
import io
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer
from pydantic import BaseModel, ConfigDict

from csv_analyzer.datasets.errors import IngestError
from csv_analyzer.datasets.ingest.parsing import NULL_TOKENS

SAMPLE_BYTES = 1 << 20
MAX_SAMPLE_BYTES = 64 << 20
DELIMITERS = (",", ";", "\t", "|")
_SNIFF_ROWS = 500
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that never occur in text files (tab, newlines, form feed and ESC excluded).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_CANDIDATES = (
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1250",
    "cp1251",
    "koi8_r",
    "cp1253",
    "cp1254",
    "cp1257",
    "shift_jis",
    "gb18030",
    "big5",
    "euc_kr",
)
_LATIN_FAMILY = frozenset(
    codecs.lookup(n).name for n in ("cp1252", "latin_1", "iso8859_15", "cp1250", "cp1254", "cp1257")
)
_TYPED_CELL = re.compile(r"^[-+]?[$€£]?\s?[-+]?\d[\d.,\s:/T-]*%?$")


class CsvDialect(BaseModel):
    """How a CSV file is written, as detected by :func:`sniff`.

    Attributes:
        encoding: Python codec name used to read the file (``utf-8``, ``utf-8-sig``, ``cp1252``...).
        delimiter: Field separator: one of ``,`` ``;`` tab ``|``.
        quotechar: Quote character (always ``"``; doubled quotes escape it).
        has_header: Whether the first record holds column names.
        decimal: Decimal separator of numbers (``.`` or ``,``).
        thousands: Thousands separator accepted in numbers (``,`` or ``.``).
        ascii_sample: The sample was pure ASCII, so a non-UTF-8 byte later in the file is read as
            cp1252 instead of failing.
    """

    model_config = ConfigDict(frozen=True)

    encoding: str
    delimiter: str
    quotechar: str = '"'
    has_header: bool
    decimal: str = "."
    thousands: str = ","
    ascii_sample: bool = False


@dataclass(frozen=True)
class SniffResult:
    """The dialect plus the first records of the sample, decoded."""

    dialect: CsvDialect
    rows: list[list[str]]


def _read_sample(path: Path) -> tuple[bytes, bool]:
    """Read the start of a file, growing the sample until it holds a few complete lines."""
    size = SAMPLE_BYTES
    with path.open("rb") as f:
        data = f.read(size)
        while len(data) == size and b"\n" not in data and size < MAX_SAMPLE_BYTES:
            data += f.read(size)  # a header longer than the sample: keep reading until it ends
            size *= 2
        at_eof = f.read(1) == b""
    return data, at_eof


def _detect_encoding(sample: bytes, at_eof: bool) -> tuple[str, bool]:
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name, False
    head = sample[:65536]
    if b"\0" in head or sum(head.count(bytes([b])) for b in _CONTROL) > len(head) / 100:
        raise IngestError(
            "binary_file", "The file looks binary, not CSV text (it contains control bytes)."
        )
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=at_eof)
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8", sample.isascii()
    best = charset_normalizer.from_bytes(sample[: 1 << 18], cp_isolation=list(_CANDIDATES)).best()
    if best is None:
        raise IngestError(
            "undecodable",
            "The file's text encoding could not be recognised; save it as UTF-8 and upload again.",
        )
    guess = codecs.lookup(best.encoding).name
    if guess not in _LATIN_FAMILY:
        return guess, False
    # Short Latin-script samples fit several code pages (French text "is" cp1250 to the
    # detector); keep the guess only if it yields more letters than cp1252.
    scores = {enc: _word_letters(sample, enc) for enc in ("cp1252", guess)}
    return ("cp1252" if scores["cp1252"] >= scores[guess] else guess), False


def _word_letters(sample: bytes, encoding: str) -> int:
    """Non-ASCII letters in the decoded sample: symbols such as "£" or "¿" betray a wrong code page."""
    text = sample[: 1 << 18].decode(encoding, errors="replace")
    return sum(1 for c in text if c > "\x7f" and c.isalpha())


def _records(text: str, delimiter: str, complete: bool) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, quotechar='"')
    rows: list[list[str]] = []
    try:
        for row in reader:
            if row and any(cell.strip() for cell in row):
                rows.append(row)
            if len(rows) > _SNIFF_ROWS:
                break
    except csv.Error:
        pass  # the sample ends inside a quoted field: keep the complete rows
    if not complete and len(rows) <= _SNIFF_ROWS and rows:
        rows.pop()  # the last record may be cut by the sample boundary
    return rows


def _choose_delimiter(text: str, complete: bool) -> tuple[str, list[list[str]]]:
    best: tuple[tuple[float, bool, int], str, list[list[str]]] | None = None
    for delim in DELIMITERS:
        rows = _records(text, delim, complete)
        counts = [len(r) for r in rows]
        if not counts:
            continue
        mode, freq = Counter(counts).most_common(1)[0]
        score = (freq / len(counts) if mode > 1 else 0.0, counts[0] == mode, mode)
        if best is None or score > best[0]:
            best = (score, delim, rows)
    if best is None:
        return ",", []
    return best[1], best[2]


def _looks_typed(cell: str) -> bool:
    return bool(_TYPED_CELL.match(cell.strip()))


def _detect_header(rows: list[list[str]]) -> bool:
    """A first row is data only if it is typed wherever the body is typed (numbers, dates)."""
    if len(rows) < 2:
        return True
    first, body = rows[0], rows[1:]
    typed_columns = []
    for j in range(len(first)):
        values = [r[j] for r in body if j < len(r) and r[j].strip() not in NULL_TOKENS]
        if values and sum(map(_looks_typed, values)) >= 0.9 * len(values):
            typed_columns.append(j)
    if not typed_columns:
        return True
    return not all(_looks_typed(first[j]) for j in typed_columns)


def _detect_decimal(rows: list[list[str]]) -> str:
    votes = Counter[str]()
    for row in rows:
        for raw in row:
            cell = raw.strip().strip("$€£%").strip()
            if not cell or not cell[-1:].isdigit() or not re.fullmatch(r"[-+]?[\d.,\s]+", cell):
                continue
            if "," in cell and "." in cell:
                votes[cell[max(cell.rfind(","), cell.rfind("."))]] += 1
            elif "," in cell and not re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+", cell):
                votes[","] += 1
            elif "." in cell and not re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", cell):
                votes["."] += 1
    return "," if votes[","] > votes["."] else "."


def sniff_sample(path: Path) -> SniffResult:
    """Detect the dialect and return the first decoded records (see :func:`sniff`)."""
    sample, at_eof = _read_sample(path)
    if not sample.strip() or sample in {bom for bom, _ in _BOMS}:
        raise IngestError("empty_file", "The file is empty.")
    encoding, ascii_sample = _detect_encoding(sample, at_eof)
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample, final=at_eof)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise IngestError("empty_file", "The file is empty.")
    # The stdlib csv module refuses fields over 128 KiB by default; one huge cell is legal CSV.
    csv.field_size_limit(max(csv.field_size_limit(), min(sys.maxsize, 1 << 31)))
    delimiter, rows = _choose_delimiter(text, at_eof)
    if not rows:
        rows = _records(text, delimiter, True)[:1]
    decimal = _detect_decimal(rows[1:])
    dialect = CsvDialect(
        encoding=encoding,
        delimiter=delimiter,
        has_header=_detect_header(rows),
        decimal=decimal,
        thousands="." if decimal == "," else ",",
        ascii_sample=ascii_sample,
    )
    return SniffResult(dialect=dialect, rows=rows)


def sniff(path: str | Path) -> CsvDialect:
    """Detect how a CSV file is written from its first megabyte.

    Args:
        path: Path of the CSV file.

    Returns:
        The detected dialect.

    Raises:
        IngestError: ``empty_file``, ``binary_file`` or ``undecodable``.
    """
    return sniff_sample(Path(path)).dialect
