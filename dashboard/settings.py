"""One frozen settings object, built from the environment."""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypedDict, Unpack

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"
DATA_DIR = PROJECT_ROOT / "data"

PEMILIHAN_DIDUKUNG = ("pilkada2024", "pemilu2024")

# A view served from the cache never misses a write committed longer ago than this (seconds).
BASI_MAKS_DETIK = 2.0


def _default_database_url() -> str:
    return f"sqlite:///{INSTANCE_DIR / 'kendali.db'}"


class _Perubahan(TypedDict, total=False):
    """The fields of `Settings` that `Settings.with_` may change, with their types."""

    database_url: str
    kolam_basisdata: int
    kpu_provinsi: str
    pemilihan: str
    cache_type: str
    cache_dir: str
    cache_redis_url: str
    cache_timeout: int
    cache_awalan: str
    versi_detik: float
    map_tile_url: str
    secret_key: str
    host: str
    port: int
    testing: bool
    login_wajib_baca: bool
    halaman_publik: bool
    preferred_url_scheme: str
    ratelimit_storage_url: str
    batas_masuk: str
    toleransi_waktu_menit: int
    batas_kelipatan_kebutuhan: float


@dataclass(frozen=True)
class Settings:
    """Everything the app reads from its environment, in one place."""

    database_url: str = field(default_factory=_default_database_url)
    # PostgreSQL connections per process. 0: 10 + 10 overflow, right for gunicorn's one-thread
    # workers; a threaded server needs one per thread, since threads waiting on a full pool
    # are not served in order and an unlucky one can wait out the pool's 120 s timeout.
    kolam_basisdata: int = 0
    kpu_provinsi: str = "33"
    pemilihan: str = "pilkada2024"
    cache_type: str = "SimpleCache"
    cache_dir: str = str(INSTANCE_DIR / "cache")
    cache_redis_url: str = ""
    cache_timeout: int = 300
    # Put before every cache key, so deployments sharing one Redis never read each other's
    # views. Empty: derived from the database URL (one prefix per database).
    cache_awalan: str = ""
    # The data version is read from the database at most this often (seconds), shared by all
    # workers through the cache: every view is recomputed at most once per tick, not per write.
    versi_detik: float = 1.0
    map_tile_url: str = ""
    secret_key: str = ""
    host: str = "127.0.0.1"
    port: int = 8050
    testing: bool = False
    # Viewing without login is allowed unless this is set; writing always needs a login.
    login_wajib_baca: bool = False
    # /publik: readiness per kab/kota for anyone, without login and without personal names.
    halaman_publik: bool = False
    preferred_url_scheme: str = "http"
    # Where login attempts are counted. Empty: the Redis cache when there is one (shared by all
    # workers), else this process's memory (each worker counts on its own).
    ratelimit_storage_url: str = ""
    batas_masuk: str = "10 per minute"
    # An entry may be dated at most this many minutes after "now" (clocks of offices and
    # phones drift a little); later than that it is refused as a date in the future.
    toleransi_waktu_menit: int = 10
    # An entry may bring what a place has received (or sent on, sorted) of an item up to this
    # multiple of its need, no further; an admin provinsi raises it per region and item where
    # a real surplus exists (`python -m dashboard batas-wajar setel`).
    batas_kelipatan_kebutuhan: float = 1.5

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        """Build settings from environment variables; unset ones keep their defaults."""
        env = os.environ if environ is None else environ
        base = cls()
        cache_redis_url = env.get("CACHE_REDIS_URL", "")
        cache_type = env.get("CACHE_TYPE") or ("RedisCache" if cache_redis_url else base.cache_type)
        settings = cls(
            database_url=env.get("DATABASE_URL") or base.database_url,
            kolam_basisdata=int(env.get("DB_POOL_SIZE") or base.kolam_basisdata),
            kpu_provinsi=normalise_kode_provinsi(env.get("KPU_PROVINSI") or base.kpu_provinsi),
            pemilihan=env.get("PEMILIHAN") or base.pemilihan,
            cache_type=cache_type,
            cache_dir=env.get("CACHE_DIR") or base.cache_dir,
            cache_redis_url=cache_redis_url,
            cache_timeout=int(env.get("CACHE_TIMEOUT") or base.cache_timeout),
            cache_awalan=env.get("CACHE_KEY_PREFIX", ""),
            versi_detik=float(env.get("VERSI_DETIK") or base.versi_detik),
            map_tile_url=env.get("MAP_TILE_URL", ""),
            secret_key=env.get("SECRET_KEY", ""),
            host=env.get("HOST") or base.host,
            port=int(env.get("PORT") or base.port),
            login_wajib_baca=_ya(env.get("LOGIN_WAJIB_BACA", "")),
            halaman_publik=_ya(env.get("HALAMAN_PUBLIK", "")),
            preferred_url_scheme=env.get("PREFERRED_URL_SCHEME") or base.preferred_url_scheme,
            ratelimit_storage_url=env.get("RATELIMIT_STORAGE_URL", ""),
            batas_masuk=env.get("BATAS_MASUK") or base.batas_masuk,
            toleransi_waktu_menit=int(
                env.get("TOLERANSI_WAKTU_MENIT") or base.toleransi_waktu_menit
            ),
            batas_kelipatan_kebutuhan=float(
                env.get("BATAS_KELIPATAN_KEBUTUHAN") or base.batas_kelipatan_kebutuhan
            ),
        )
        settings.validate()
        return settings

    def validate(self) -> None:
        """Refuse a configuration the app cannot run with, in words an operator understands."""
        if self.pemilihan not in PEMILIHAN_DIDUKUNG:
            raise ValueError(
                f"PEMILIHAN '{self.pemilihan}' tidak dikenal; pilih salah satu dari "
                + ", ".join(PEMILIHAN_DIDUKUNG)
            )
        if not 0 <= self.versi_detik <= BASI_MAKS_DETIK:
            raise ValueError(
                f"VERSI_DETIK harus antara 0 dan {BASI_MAKS_DETIK:g} detik, agar data yang baru "
                "dicatat tampil paling lambat dalam 2 detik"
            )
        if not 0 <= self.kolam_basisdata <= 500:
            raise ValueError("DB_POOL_SIZE harus antara 0 (bawaan 10 + 10) dan 500 koneksi")
        if not 0 <= self.toleransi_waktu_menit <= 24 * 60:
            raise ValueError("TOLERANSI_WAKTU_MENIT harus antara 0 dan 1440 menit")
        if not 1 <= self.batas_kelipatan_kebutuhan <= 1000:
            raise ValueError(
                "BATAS_KELIPATAN_KEBUTUHAN harus antara 1 dan 1000 (kelipatan kebutuhan)"
            )
        if self.cache_type not in ("SimpleCache", "FileSystemCache", "RedisCache", "NullCache"):
            raise ValueError(f"CACHE_TYPE '{self.cache_type}' tidak didukung")

    def penyimpanan_batas(self) -> str:
        """Return the storage URI for login rate limits (see `ratelimit_storage_url`)."""
        if self.ratelimit_storage_url:
            return self.ratelimit_storage_url
        if self.cache_type == "RedisCache" and self.cache_redis_url:
            return self.cache_redis_url
        return "memory://"

    def awalan_kunci(self) -> str:
        """Return the prefix of this deployment's keys in a shared cache (see `cache_awalan`)."""
        if self.cache_awalan:
            return self.cache_awalan
        sidik = hashlib.sha256(self.database_url.encode()).hexdigest()[:10]
        return f"kendali:{sidik}:"

    def with_(self, **changes: Unpack[_Perubahan]) -> Settings:
        """Return a copy with some fields changed (tests and the command line use this)."""
        return replace(self, **changes)

    def flask_secret(self) -> str:
        """Return the session secret: configured, else one kept in the instance folder."""
        if self.secret_key:
            return self.secret_key
        path = INSTANCE_DIR / "secret_key"
        if path.exists():
            return path.read_text().strip()
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_hex(32)
        path.write_text(key)
        path.chmod(0o600)
        return key


def _ya(teks: str) -> bool:
    return teks.strip().lower() in ("1", "true", "ya", "yes", "on")


def normalise_kode_provinsi(kode: str) -> str:
    """Accept '33', ' 33 ' or '33.' and return the two-digit Kemendagri province code."""
    kode = kode.strip().rstrip(".")
    if kode != "all" and not (len(kode) == 2 and kode.isdigit()):
        raise ValueError(f"Kode provinsi '{kode}' tidak sah; contoh: 33 (Jawa Tengah)")
    return kode
