"""Property tests of the parsers an upload and the form share (domain.isian, domain.angka):
they never crash on any input (a refusal is a ValueError with a message), and every valid
value, written any of the ways an operator or a spreadsheet writes it, reads back as itself."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from dashboard.domain.angka import baca_angka, format_angka
from dashboard.domain.isian import (
    KENDALI_ARAH,
    KOLOM,
    LABEL_KOLOM,
    baca_jam,
    baca_jumlah,
    baca_tanggal,
    kolom_judul,
    normal_pilihan,
    periksa_tampak,
)

CEPAT = settings(max_examples=300, deadline=None)
SEL = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.times(),
)
SPASI_RIBUAN = st.sampled_from([" ", "\u00a0", "\u202f"])


def _dikelompokkan(n: int, pemisah: str) -> str:
    return f"{n:,}".replace(",", pemisah)


# ---- numbers ------------------------------------------------------------------------------


@CEPAT
@given(SEL)
@example("10 20")
@example("1.234 567")
@example("\u0661\u0662")
def test_quantity_never_crashes(nilai: object) -> None:
    try:
        n = baca_jumlah(nilai)
    except ValueError as e:
        assert str(e).startswith("Jumlah")
    else:
        assert isinstance(n, int) and not isinstance(n, bool) and n > 0


@CEPAT
@given(st.integers(min_value=1, max_value=10**12), SPASI_RIBUAN)
def test_every_quantity_round_trips_in_every_accepted_spelling(n: int, spasi: str) -> None:
    for tulisan in (n, float(n), str(n), format_angka(n), _dikelompokkan(n, spasi), f" {n} "):
        assert baca_jumlah(tulisan) == n, tulisan


@CEPAT
@given(
    st.from_regex(r"[1-9][0-9]{0,5}", fullmatch=True),
    st.from_regex(r"[0-9]{1,6}", fullmatch=True),
)
def test_digits_split_by_a_space_are_refused_unless_grouped_in_threes(a: str, b: str) -> None:
    tulisan = f"{a} {b}"
    if len(a) <= 3 and len(b) == 3:
        assert baca_angka(tulisan) == int(a + b)
    else:
        with pytest.raises(ValueError, match="dipisah spasi"):
            baca_angka(tulisan)


@CEPAT
@given(st.integers(min_value=1_000_000, max_value=10**12), SPASI_RIBUAN)
def test_mixed_thousands_separators_are_refused(n: int, spasi: str) -> None:
    titik = format_angka(n)
    i = titik.index(".")
    campur = titik[:i] + spasi + titik[i + 1 :]
    with pytest.raises(ValueError, match="mencampur"):
        baca_angka(campur)


# ---- dates and times ----------------------------------------------------------------------


@CEPAT
@given(SEL)
@example("45620")
@example("31-02-2024")
def test_date_never_crashes(nilai: object) -> None:
    try:
        d = baca_tanggal(nilai)
    except ValueError as e:
        assert "Tanggal" in str(e)
    else:
        assert isinstance(d, dt.date)


@CEPAT
@given(st.dates(min_value=dt.date(1955, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_every_date_round_trips_in_every_accepted_spelling(d: dt.date) -> None:
    serial = (d - dt.date(1899, 12, 30)).days
    for tulisan in (
        d,
        dt.datetime.combine(d, dt.time(9, 30)),
        d.strftime("%d-%m-%Y"),
        d.strftime("%d/%m/%Y"),
        d.strftime("%Y-%m-%d"),
        d.strftime("%d.%m.%Y"),
        d.strftime("%Y-%m-%d 00:00:00"),
        serial,
        float(serial) + 0.25,
        str(serial),
    ):
        assert baca_tanggal(tulisan) == d, tulisan


@CEPAT
@given(SEL)
@example("08.00 WIB")
@example("24.00")
def test_time_never_crashes(nilai: object) -> None:
    try:
        t = baca_jam(nilai)
    except ValueError as e:
        assert "Jam" in str(e)
    else:
        assert isinstance(t, dt.time) and t.second == 0


@CEPAT
@given(st.integers(min_value=0, max_value=23), st.integers(min_value=0, max_value=59))
def test_every_time_round_trips_in_every_accepted_spelling(jam: int, menit: int) -> None:
    t = dt.time(jam, menit)
    tulisan = [
        t,
        f"{jam:02d}.{menit:02d}",
        f"{jam}:{menit:02d}",
        f"{jam:02d}.{menit:02d} WIB",
        f"{jam:02d}.{menit:02d}\u00a0wib",
        f"{jam:02d}.{menit:02d}.00",
        (jam * 60 + menit) / (24 * 60),
    ]
    if menit == 0:
        tulisan += [str(jam), jam, f"{jam} wib"]
    for x in tulisan:
        assert baca_jam(x) == t, x


# ---- headers and choices ------------------------------------------------------------------


@CEPAT
@given(st.text(max_size=60))
def test_header_never_crashes_and_names_a_known_column_or_nothing(judul: str) -> None:
    k = kolom_judul(judul)
    assert k is None or k == "" or k in LABEL_KOLOM


KOLOM_SEMUA = sorted({k for kolom in KOLOM.values() for k in kolom})


@CEPAT
@given(
    st.sampled_from(KOLOM_SEMUA),
    st.booleans(),
    st.lists(st.sampled_from([" ", "  ", "\u00a0", "\t"]), min_size=3, max_size=3),
    st.sampled_from(["lower", "upper", "title", "same"]),
)
def test_every_label_and_name_reads_back_whatever_its_case_and_spacing(
    kolom: str, pakai_label: bool, spasi: list[str], huruf: str
) -> None:
    dasar = LABEL_KOLOM[kolom] if pakai_label else kolom
    kata = re.split(r"[ _]", dasar)
    tulisan = spasi[0] + spasi[1].join(kata) + spasi[2]
    tulisan = {"lower": tulisan.lower(), "upper": tulisan.upper(), "title": tulisan.title()}.get(
        huruf, tulisan
    )
    assert kolom_judul(tulisan) == kolom, tulisan


@CEPAT
@given(st.sampled_from(["baik", "rusak ringan", "rusak berat", "salah jenis"]), st.data())
def test_choices_ignore_case_and_spacing(pilihan: str, data: st.DataObject) -> None:
    spasi = data.draw(st.sampled_from([" ", "  ", "\u00a0", "_", "-", " \t "]))
    tulisan = f"  {pilihan.upper().replace(' ', spasi)} "
    assert normal_pilihan(tulisan) == pilihan.replace(" ", "_")


# ---- invisible and direction-changing text ------------------------------------------------


@CEPAT
@given(st.text(max_size=30), st.sampled_from(sorted(KENDALI_ARAH)), st.text(max_size=30))
def test_any_bidi_control_is_refused_with_its_code_point(a: str, c: str, b: str) -> None:
    with pytest.raises(ValueError, match=f"U\\+{ord(c):04X}"):
        periksa_tampak(a + c + b, "Keterangan")


@CEPAT
@given(st.text(st.sampled_from("\u200b\u200c\u200d\u2060\ufeff"), min_size=1, max_size=10))
def test_invisible_only_text_is_refused(s: str) -> None:
    with pytest.raises(ValueError, match="Judul hanya berisi karakter tak terlihat"):
        periksa_tampak(s, "Judul")


@CEPAT
@given(st.text(max_size=40))
def test_visible_text_without_bidi_controls_passes(s: str) -> None:
    assume(not any(c in KENDALI_ARAH for c in s))
    assume(any(c.isalnum() for c in s))
    periksa_tampak(s, "Keterangan")
