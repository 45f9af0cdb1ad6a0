"""Vectorised string -> typed value conversion shared by ingest and the cast operation.

A *kind* is a physical parse rule (``int``, ``float``, ``date %d/%m/%Y``, ...). Every conversion
returns the converted Arrow array (values that fail become null) together with the number of
failures, so callers can be strict (ingest type inference: zero failures) or report evidence
(override errors, cast previews) with the same code. Everything runs on Arrow compute kernels;
Python never loops over values except on a rare fallback path.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

NULL_TOKENS = (
    "",
    "NA",
    "N/A",
    "n/a",
    "na",
    "null",
    "NULL",
    "Null",
    "NaN",
    "nan",
    "NAN",
    "?",
    "-",
    "None",
    "#N/A",
)
"""Cell values read as missing (exact match, before trimming). "NA" and "-" as real values are
the price of accepting the common spellings; the user can override a column to text."""

TRUE_TOKENS = ("true", "True", "TRUE", "yes", "Yes", "YES", "y", "Y", "t", "T")
FALSE_TOKENS = ("false", "False", "FALSE", "no", "No", "NO", "n", "N", "f", "F")
_LOWER_TRUE = pa.array(sorted({t.lower() for t in TRUE_TOKENS}))
_LOWER_FALSE = pa.array(sorted({t.lower() for t in FALSE_TOKENS}))
_STRICT_BOOL_EXTRA_TRUE = pa.array(["1", "1.0"])
_STRICT_BOOL_EXTRA_FALSE = pa.array(["0", "0.0"])

# Floats hold 15-17 significant digits: a longer digit run is a code (card number, EAN), not a
# quantity, so it must stay a string rather than be silently rounded.
_MAX_FLOAT_DIGITS = 15
_LEADING_ZERO = r"^[-+]?0\d"
_STRIP_NUMBER = r"[\s\x{00a0}\x{202f}$€£%]"


@dataclass(frozen=True)
class NumberFormat:
    """Decimal and thousands separators of a file (``"."``/``","`` or ``","``/``"."``)."""

    decimal: str = "."
    thousands: str = ","


@dataclass(frozen=True)
class Kind:
    """A physical parse rule: ``name`` in null/bool/int/float/date/timestamp/string + format."""

    name: str
    fmt: str = ""

    def __str__(self) -> str:
        return f"{self.name}:{self.fmt}" if self.fmt else self.name

    @property
    def is_temporal(self) -> bool:
        """Whether the kind parses dates or timestamps."""
        return self.name in ("date", "timestamp")


NULL = Kind("null")
BOOL = Kind("bool")
BOOL_STRICT = Kind("bool", "01")  # also accepts 0/1; used only when the user asks for boolean
INT = Kind("int")
FLOAT = Kind("float")
STRING = Kind("string")
ISO_DATE = Kind("date", "iso")
ISO_TS = Kind("timestamp", "iso")
ISO_TS_TZ = Kind("timestamp", "iso_tz")

# Order matters: for slash dates the US order wins when every value is ambiguous (documented).
DATE_KINDS = (
    ISO_DATE,
    Kind("date", "%m/%d/%Y"),
    Kind("date", "%d/%m/%Y"),
    Kind("date", "%d.%m.%Y"),
    Kind("date", "%m.%d.%Y"),
    Kind("date", "%d-%m-%Y"),
    Kind("date", "%m-%d-%Y"),
    Kind("date", "%Y/%m/%d"),
    Kind("date", "%m/%d/%y"),
    Kind("date", "%d/%m/%y"),
)
TIMESTAMP_KINDS = (
    ISO_TS,
    ISO_TS_TZ,
    *(
        Kind("timestamp", f"{d} {t}")
        for d in ("%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d")
        for t in ("%H:%M:%S", "%H:%M")
    ),
)
TEMPORAL_KINDS = DATE_KINDS + TIMESTAMP_KINDS
INFERENCE_ORDER = (INT, FLOAT, BOOL, *TEMPORAL_KINDS, STRING)
_SAMPLE = 1000
_MAX_TYPED_LENGTH = 100


def arrow_type(kind: Kind) -> pa.DataType:
    """Physical Arrow type produced by a kind (an all-null column is stored as string)."""
    if kind.name == "bool":
        return pa.bool_()
    if kind.name == "int":
        return pa.int64()
    if kind.name == "float":
        return pa.float64()
    if kind.name == "date":
        return pa.date32()
    if kind == ISO_TS_TZ:
        return pa.timestamp("us", tz="UTC")
    if kind.name == "timestamp":
        return pa.timestamp("us")
    return pa.string()


def _count(mask: pa.Array) -> int:
    value = pc.sum(pc.cast(mask, pa.int64())).as_py()
    return int(value or 0)


def _failures(original: pa.Array, converted: pa.Array) -> int:
    """Number of values present in ``original`` that became null in ``converted``."""
    return int((len(original) - original.null_count) - (len(converted) - converted.null_count))


def _blank_to_null(arr: pa.Array) -> pa.Array:
    """Trim whitespace; whitespace-only cells are missing values, not parse failures."""
    trimmed = pc.utf8_trim_whitespace(arr)
    return pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)


def _leading_zeros(arr: pa.Array) -> pa.Array:
    """Mask of values like "007": codes whose zeros a number would lose (cheap pre-check first)."""
    maybe = pc.and_(pc.starts_with(arr, "0"), pc.invert(pc.starts_with(arr, "0.")))
    if not pc.any(pc.and_(maybe, pc.not_equal(arr, "0"))).as_py():
        return pa.array(np.zeros(len(arr), dtype=bool))
    return pc.fill_null(pc.match_substring_regex(arr, _LEADING_ZERO), False)


def _parse_number(arr: pa.Array, fmt: NumberFormat, *, integer: bool) -> tuple[pa.Array, int]:
    target = pa.int64() if integer else pa.float64()
    if integer or fmt.decimal == ".":
        try:
            # A failing cast is slow (it builds an error), so probe a small slice first.
            pc.cast(arr.slice(0, 64), target)
            out = pc.cast(arr, target)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
        else:
            bad = _leading_zeros(arr)
            max_len = pc.max(pc.utf8_length(arr)).as_py() or 0
            if not integer and max_len > _MAX_FLOAT_DIGITS:
                long_digits = pc.match_substring_regex(
                    arr, rf"^[-+]?\d{{{_MAX_FLOAT_DIGITS + 1},}}$"
                )
                bad = pc.or_(bad, pc.fill_null(long_digits, False))
            n_bad = _count(bad)
            if n_bad == 0:
                return out, 0
            return pc.if_else(bad, pa.scalar(None, target), out), n_bad
        if not integer:
            # Currency symbols around plain numbers ("$12.50") need no regex: trim them and retry.
            core = pc.utf8_trim(arr, characters=" $€£\u00a0")
            try:
                pc.cast(core.slice(0, 64), target)
                out = pc.cast(core, target)
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                pass
            else:
                if not pc.any(_leading_zeros(core)).as_py() and not _too_long(core):
                    return out, 0
    return _parse_number_slow(arr, fmt, integer=integer)


def _too_long(arr: pa.Array) -> bool:
    if (pc.max(pc.utf8_length(arr)).as_py() or 0) <= _MAX_FLOAT_DIGITS:
        return False
    return bool(
        pc.any(pc.match_substring_regex(arr, rf"^[-+]?\d{{{_MAX_FLOAT_DIGITS + 1},}}$")).as_py()
    )


def _parse_number_slow(arr: pa.Array, fmt: NumberFormat, *, integer: bool) -> tuple[pa.Array, int]:
    target = pa.int64() if integer else pa.float64()
    s = _blank_to_null(arr)
    percent = pc.ends_with(s, "%")
    core = pc.replace_substring_regex(s, _STRIP_NUMBER, "")
    t = "\\" + fmt.thousands if fmt.thousands else ""
    d = "\\" + fmt.decimal
    grouped = rf"\d{{1,3}}({t}\d{{3}})+|" if t else ""
    if integer:
        pattern = rf"^[-+]?({grouped}\d+)$"
    else:
        pattern = rf"^[-+]?({grouped}\d+)?({d}\d*)?([eE][-+]?\d+)?$"
    ok = pc.and_(pc.match_substring_regex(core, pattern), pc.match_substring_regex(core, r"\d"))
    ok = pc.and_(ok, pc.invert(pc.match_substring_regex(core, _LEADING_ZERO)))
    if integer:
        ok = pc.and_(ok, pc.invert(percent))
    else:
        too_long = pc.match_substring_regex(core, rf"^[-+]?\d{{{_MAX_FLOAT_DIGITS + 1},}}$")
        ok = pc.and_(ok, pc.invert(too_long))
    ok = pc.fill_null(ok, False)
    norm = pc.replace_substring(core, fmt.thousands, "") if fmt.thousands else core
    if fmt.decimal != ".":
        norm = pc.replace_substring(norm, fmt.decimal, ".")
    masked = pc.if_else(ok, norm, pa.scalar(None, pa.string()))
    try:
        out = pc.cast(masked, target)
    except pa.ArrowInvalid:  # int64 overflow: such digit runs are codes, let the caller widen
        return pa.nulls(len(arr), target), len(arr) - arr.null_count
    if not integer:
        out = pc.if_else(pc.fill_null(percent, False), pc.divide(out, 100.0), out)
    return out, _failures(s, out)


_TEXT_FORMATS = (NumberFormat(".", ","), NumberFormat(",", "."))


def parse_number_text(text: str) -> float | None:
    """Read one number typed as upload reads a file's numbers: currency, thousands separators,
    decimal comma, percent.

    Args:
        text: A value such as ``"$300,000"``, ``"1.234,5"``, ``"12 %"`` or ``"-0.5"``.

    Returns:
        The number, or None when it is not one. ``"1,234"`` reads as 1234 (a thousands comma is
        tried before a decimal comma), ``"1,5"`` as 1.5.
    """
    arr = pa.array([text], pa.string())
    for fmt in _TEXT_FORMATS:
        out, failed = _parse_number_slow(arr, fmt, integer=False)
        value = out[0].as_py()
        if not failed and value is not None:
            return float(value)
    return None


_ALL_BOOL_TOKENS = pa.array(TRUE_TOKENS + FALSE_TOKENS)
_TRUE_TOKENS = pa.array(TRUE_TOKENS)


def _parse_bool(arr: pa.Array, *, strict: bool) -> tuple[pa.Array, int]:
    if pc.all(pc.is_in(arr, value_set=_ALL_BOOL_TOKENS, skip_nulls=True)).as_py():
        return pc.is_in(arr, value_set=_TRUE_TOKENS, skip_nulls=True), 0  # common spellings only
    low = pc.utf8_lower(_blank_to_null(arr))
    true_set, false_set = _LOWER_TRUE, _LOWER_FALSE
    if strict:
        true_set = pa.concat_arrays([true_set, _STRICT_BOOL_EXTRA_TRUE])
        false_set = pa.concat_arrays([false_set, _STRICT_BOOL_EXTRA_FALSE])
    is_true = pc.is_in(low, value_set=true_set)
    ok = pc.and_(pc.or_(is_true, pc.is_in(low, value_set=false_set)), pc.is_valid(low))
    out = pc.if_else(ok, is_true, pa.scalar(None, pa.bool_()))
    return out, _failures(low, out)


def _cast_iso(arr: pa.Array, target: pa.DataType, pattern: str) -> pa.Array:
    try:
        return pc.cast(arr, target)
    except pa.ArrowInvalid:
        pass
    ok = pc.fill_null(pc.match_substring_regex(arr, pattern), False)
    masked = pc.if_else(ok, arr, pa.scalar(None, pa.string()))
    try:
        return pc.cast(masked, target)
    except pa.ArrowInvalid:  # well-formed but impossible values (month 13): rare, go per value
        values = []
        for v in masked.to_pylist():
            try:
                values.append(pc.cast(pa.array([v], pa.string()), target)[0])
            except pa.ArrowInvalid:
                values.append(pa.scalar(None, target))
        return pa.array([x.as_py() for x in values], target)


_ISO_DATE_RE = r"^\d{4}-\d{2}-\d{2}$"
_ISO_TS_RE = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$"
_ISO_TZ_RE = r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$"


def _parse_temporal(arr: pa.Array, kind: Kind) -> tuple[pa.Array, int]:
    s = _blank_to_null(arr)
    if kind == ISO_DATE:
        out = _cast_iso(s, pa.date32(), _ISO_DATE_RE)
    elif kind == ISO_TS:
        out = _cast_iso(s, pa.timestamp("us"), _ISO_TS_RE)
    elif kind == ISO_TS_TZ:
        out = _cast_iso(s, pa.timestamp("us", tz="UTC"), _ISO_TZ_RE)
    else:
        out = pc.strptime(s, format=kind.fmt, unit="us", error_is_null=True)
        if kind.name == "date":
            out = pc.cast(out, pa.date32())
    return out, _failures(s, out)


def convert(arr: pa.Array, kind: Kind, fmt: NumberFormat) -> tuple[pa.Array, int]:
    """Convert a string array with a kind.

    Args:
        arr: Arrow string array (nulls are missing values and never count as failures).
        kind: The parse rule.
        fmt: Decimal/thousands separators for numbers.

    Returns:
        The converted array (failing values are null) and the number of failing values.
    """
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if kind.name in ("string", "null"):
        return arr, 0
    if kind.name == "bool":
        return _parse_bool(arr, strict=kind == BOOL_STRICT)
    if kind.name in ("int", "float"):
        return _parse_number(arr, fmt, integer=kind == INT)
    return _parse_temporal(arr, kind)


def failing_values(arr: pa.Array, kind: Kind, fmt: NumberFormat, limit: int = 5) -> list[str]:
    """Up to ``limit`` distinct original values that ``kind`` cannot parse (for error messages)."""
    out, _ = convert(arr, kind, fmt)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    blank = pc.equal(pc.utf8_trim_whitespace(arr), "")
    bad = pc.and_(pc.and_(pc.is_valid(arr), pc.is_null(out)), pc.invert(pc.fill_null(blank, False)))
    values = pc.unique(arr.filter(pc.fill_null(bad, False))).slice(0, limit)
    return [str(v)[:80] for v in values.to_pylist()]


def accepts(arr: pa.Array, kind: Kind, fmt: NumberFormat) -> bool:
    """Whether every non-missing value of ``arr`` parses with ``kind``."""
    return convert(arr, kind, fmt)[1] == 0


def infer_kind(
    arr: pa.Array, fmt: NumberFormat, candidates: tuple[Kind, ...] = INFERENCE_ORDER
) -> Kind | None:
    """Return the first candidate kind that parses every non-missing value, or None.

    A 1,000-value sample rules candidates out cheaply before the full array is tried. An array
    with only missing values gives ``NULL`` (still undecided).
    """
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    present = arr.drop_null()
    if len(present) == 0 or pc.all(pc.equal(pc.utf8_trim_whitespace(present), "")).as_py():
        return NULL
    sample = present.slice(0, _SAMPLE)
    if pc.max(pc.utf8_length(present)).as_py() > _MAX_TYPED_LENGTH:
        # No number, date or boolean is this long: skip scanning huge cells with every parser.
        return STRING if STRING in candidates else None
    for kind in candidates:
        if accepts(sample, kind, fmt) and (len(present) <= _SAMPLE or accepts(present, kind, fmt)):
            return kind
    return None


def widen(kind: Kind, arr: pa.Array, fmt: NumberFormat, tried: set[Kind]) -> Kind:
    """Pick a wider kind for a column whose current kind failed on ``arr``.

    The new kind must parse ``arr``; kinds already tried for the column are skipped so repeated
    widening always terminates (at worst at ``STRING``, which accepts everything).
    """
    if kind == NULL:
        chain: tuple[Kind, ...] = INFERENCE_ORDER
    elif kind == INT:
        chain = (FLOAT, STRING)
    elif kind.is_temporal:
        chain = (*TEMPORAL_KINDS, STRING)
    else:
        chain = (STRING,)
    found = infer_kind(arr, fmt, tuple(k for k in chain if k not in tried and k != kind))
    return STRING if found is None or found == NULL else found


def ambiguous_day_month(arr: pa.Array, kind: Kind) -> bool:
    """Whether a day/month-ordered date column would also parse with the order swapped."""
    if "%d" not in kind.fmt or "%m" not in kind.fmt:
        return False
    swapped = kind.fmt.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")
    return accepts(arr.drop_null().slice(0, 10 * _SAMPLE), Kind(kind.name, swapped), NumberFormat())
