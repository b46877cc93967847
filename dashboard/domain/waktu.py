"""Western Indonesia Time: the clock every date and time on screen and in a form is read in."""

from __future__ import annotations

import datetime as dt

# Jawa and Sumatra keep UTC+7 all year (no daylight saving); other zones are configuration
# for provinces in WITA/WIT, not a second constant.
WIB = dt.timezone(dt.timedelta(hours=7), "WIB")


def format_wib(waktu: dt.datetime) -> str:
    """Write a moment as the dashboard shows it: 24-11-2024 16.05 WIB (naive values are UTC)."""
    if waktu.tzinfo is None:
        waktu = waktu.replace(tzinfo=dt.UTC)
    return f"{waktu.astimezone(WIB):%d-%m-%Y %H.%M} WIB"


def sekarang_kampanye(
    jam_server: dt.datetime, per_tanggal: dt.date | None, demo: bool
) -> dt.datetime:
    """Return "now" for a campaign: the server clock, or a demo's own clock.

    A demo campaign is a province seen as of one day (`per_tanggal`, its as-of date) and does
    not store a moment within it, so its "now" is that day's end, 23.59 WIB: everything the
    demo simulated happened by then, and an entry typed during a demo is judged (and its
    receipt shown in "Data per") against that moment, however late the real clock is.
    """
    if demo and per_tanggal is not None:
        return dt.datetime.combine(per_tanggal, dt.time(23, 59), WIB)
    if jam_server.tzinfo is None:
        jam_server = jam_server.replace(tzinfo=dt.UTC)
    return jam_server


def hari_kampanye(jam_server: dt.datetime, per_tanggal: dt.date | None, demo: bool) -> dt.date:
    """The campaign's today (WIB): a demo's own as-of date, else the server's date. The
    H-minus countdown counts from it, and a campaign past its polling day is finished."""
    return sekarang_kampanye(jam_server, per_tanggal, demo).astimezone(WIB).date()


def periksa_bukan_masa_depan(
    waktu: dt.datetime,
    sekarang: dt.datetime,
    toleransi: dt.timedelta,
    label: str = "Tanggal/jam kejadian",
) -> str | None:
    """Return why an event time cannot be accepted (later than now plus the tolerance), or None.

    The tolerance absorbs small clock drift between offices; anything later is a mistyped
    date and, if accepted, would claim goods moved that have not moved yet.
    """
    if waktu.tzinfo is None:
        waktu = waktu.replace(tzinfo=dt.UTC)
    if waktu > sekarang + toleransi:
        return (
            f"{label} {format_wib(waktu)} lebih lambat dari sekarang ({format_wib(sekarang)}); "
            "periksa tanggal dan jam"
        )
    return None


def data_per(terbaru_dicatat: dt.datetime | None, sekarang: dt.datetime) -> dt.datetime | None:
    """Return the moment the data is current as of: the newest write received, in WIB.

    It is when the newest entry reached the server (never the event time someone typed), and
    never later than the campaign's "now" (a demo's clock stops at its as-of moment; writes
    received during a demo count as received then).
    """
    if terbaru_dicatat is None:
        return None
    if terbaru_dicatat.tzinfo is None:
        terbaru_dicatat = terbaru_dicatat.replace(tzinfo=dt.UTC)  # SQLite returns naive UTC
    return min(terbaru_dicatat, sekarang).astimezone(WIB)
