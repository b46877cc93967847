"""Pure geometry for region boundaries: equal-area projection, Voronoi coverage, simplification."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
import shapely
from shapely import Geometry

R_BUMI_KM = 6371.0088
DESIMAL = 5  # ~1 m at the equator: enough for a map, short in JSON


@dataclass(frozen=True)
class Proyeksi:
    """Sinusoidal projection in km around a central meridian: equal-area, so areas are true.

    Near the central meridian it is also close to conformal, which is what buffers and
    Voronoi cells need; for Indonesia's latitudes the shear stays under a few percent.
    """

    lon0: float

    # A geometry maps to a geometry, an array of them to an array.
    @overload
    def ke_km(self, geom: np.ndarray) -> np.ndarray: ...
    @overload
    def ke_km(self, geom: Geometry) -> Geometry: ...
    def ke_km(self, geom: Geometry | np.ndarray) -> Geometry | np.ndarray:
        """Project lon/lat geometries to km."""
        return shapely.transform(geom, self._maju)

    def ke_lonlat(self, geom: Geometry | np.ndarray) -> Geometry | np.ndarray:
        """Project km geometries back to lon/lat."""
        return shapely.transform(geom, self._balik)

    def titik_km(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Project coordinate arrays to an (n, 2) array in km."""
        return self._maju(np.column_stack([lon, lat]).astype("float64"))

    def _maju(self, c: np.ndarray) -> np.ndarray:
        lat = np.radians(c[:, 1])
        x = R_BUMI_KM * np.radians(c[:, 0] - self.lon0) * np.cos(lat)
        return np.column_stack([x, R_BUMI_KM * lat])

    def _balik(self, c: np.ndarray) -> np.ndarray:
        lat = c[:, 1] / R_BUMI_KM
        lon = self.lon0 + np.degrees(c[:, 0] / (R_BUMI_KM * np.cos(lat)))
        return np.column_stack([lon, np.degrees(lat)])


def proyeksi_untuk(lon: np.ndarray | Sequence[float]) -> Proyeksi:
    """Return the projection centred on the middle of these longitudes."""
    a = np.asarray(lon, dtype="float64")
    return Proyeksi(round(float((a.min() + a.max()) / 2), 2))


def luas_km2(geom: Geometry) -> float:
    """Return the area of a lon/lat geometry in km²."""
    if geom.is_empty:
        return 0.0
    lon0 = (geom.bounds[0] + geom.bounds[2]) / 2
    return float(Proyeksi(lon0).ke_km(geom).area)


def poligonal(geom: Geometry) -> Geometry:
    """Repair a geometry and keep only its polygons (make_valid may add stray lines/points)."""
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    bagian = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(bagian) if bagian else shapely.Polygon()


def bulatkan(geom: Geometry, desimal: int = DESIMAL) -> Geometry:
    """Round coordinates (shared vertices round alike) and repair what rounding may break."""
    g = shapely.transform(geom, lambda c: np.round(c, desimal))
    return g if g.is_valid else poligonal(g)


def ke_geojson(geom: Geometry) -> str:
    """Return a compact GeoJSON geometry text (coordinates already rounded)."""
    return shapely.to_geojson(geom)


def dari_geojson(teks: str | Mapping) -> Geometry:
    """Parse a GeoJSON geometry (text or dict)."""
    return shapely.from_geojson(teks if isinstance(teks, str) else json.dumps(teks))


@dataclass(frozen=True)
class ParameterPerkiraan:
    """Knobs of the approximate boundaries, in km; tuned against official Jawa Tengah/Sumut."""

    radius_min_km: float = 2.0
    radius_maks_km: float = 15.0
    faktor_radius: float = 0.8  # disc radius as a share of the gap to the nearest neighbour
    tutup_km: float = 8.0  # closing: joins discs, fills notches narrower than twice this
    toleransi_km: float = 0.4  # coverage simplification (√ of the triangle area removed)


PARAMETER = ParameterPerkiraan()
TOLERANSI_RESMI_KM = 0.2  # official files keep more detail than the approximate shapes


def masker_daratan(xy: np.ndarray, p: ParameterPerkiraan = PARAMETER) -> Geometry:
    """Approximate the land from settlement points: discs sized by the local spacing, closed.

    A disc reaches `faktor_radius` times the gap to the nearest neighbour (within bounds), so
    sparse interiors still join up while straits wider than twice the largest disc — such as
    the 80 km to Karimunjawa — stay open. Holes inside land (forest, lakes) are filled.
    """
    titik = shapely.points(xy)
    if len(xy) > 1:
        pohon = shapely.STRtree(titik)
        _, jarak = pohon.query_nearest(
            titik, exclusive=True, return_distance=True, all_matches=False
        )
        radius = np.clip(jarak * p.faktor_radius, p.radius_min_km, p.radius_maks_km)
    else:
        radius = np.full(len(xy), p.radius_min_km)
    # Closing = dilate then erode; dilating the union of discs is the union of discs grown by
    # the same distance, which is far cheaper than buffering one huge polygon.
    darat = shapely.union_all(shapely.buffer(titik, radius + p.tutup_km, quad_segs=4))
    if p.tutup_km > 0:
        darat = darat.buffer(-p.tutup_km, quad_segs=4)
    bagian = [shapely.Polygon(g.exterior) for g in shapely.get_parts(darat)]
    # Arcs carry vertices the coverage simplification drops anyway; fewer make clipping cheap.
    return shapely.union_all(bagian).simplify(p.toleransi_km / 4)


def liputan_voronoi(
    xy: np.ndarray, kelompok: Sequence[str], p: ParameterPerkiraan = PARAMETER
) -> dict[str, Geometry]:
    """Split the land around the points into one piece per group (Voronoi cells dissolved).

    Points sharing a location count once, for the group that sorts first. The result is a
    clean coverage (neighbours share edges exactly), simplified, in the points' km plane.
    """
    label = np.asarray(kelompok, dtype=object)
    urut = np.lexsort((label.astype(str), xy[:, 1], xy[:, 0]))
    xy, label = xy[urut], label[urut]
    baru = np.ones(len(xy), dtype=bool)
    baru[1:] = np.any(xy[1:] != xy[:-1], axis=1)
    xy, label = xy[baru], label[baru]
    if len(xy) == 0:
        return {}
    darat = masker_daratan(xy, p)
    if len(xy) == 1:
        return {str(label[0]): darat}
    titik = shapely.points(xy)
    batas = shapely.box(*darat.buffer(1.0).bounds)
    sel = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(titik), extend_to=batas, ordered=True)
    )
    nama, kelompok_ke = np.unique(label.astype(str), return_inverse=True)
    urut = np.argsort(kelompok_ke, kind="stable")
    tepi = np.searchsorted(kelompok_ke[urut], np.arange(len(nama) + 1))
    gabung = np.array(
        [
            shapely.coverage_union_all(sel[urut[a:b]])
            for a, b in zip(tepi[:-1], tepi[1:], strict=True)
        ],
        dtype=object,
    )
    # Clipping the land to each group's box first (a cheap linear pass) keeps every overlay
    # small; intersecting thousands of groups with a national mask directly is slow.
    lokal = np.array(
        [poligonal(shapely.clip_by_rect(darat, *kotak)) for kotak in shapely.bounds(gabung)],
        dtype=object,
    )
    potong = np.array([poligonal(g) for g in shapely.intersection(gabung, lokal)], dtype=object)
    return dict(zip(nama.tolist(), sederhanakan_liputan(potong, p.toleransi_km), strict=True))


def sederhanakan_liputan(geoms: np.ndarray, toleransi: float) -> np.ndarray:
    """Simplify polygons together so neighbours keep sharing their edges (no gaps, no overlaps).

    Overlaps are first resolved (coverage clean) when the pieces are not a clean coverage;
    a piece that simplification would empty keeps its unsimplified shape.
    """
    if not shapely.coverage_is_valid(geoms):
        geoms = shapely.coverage_clean(geoms)
    halus = shapely.coverage_simplify(geoms, toleransi, simplify_boundary=True)
    return np.array(
        [poligonal(h) if not h.is_empty else g for g, h in zip(geoms, halus, strict=True)],
        dtype=object,
    )


def gabung_per_induk(
    liputan: Mapping[str, Geometry], induk: Mapping[str, str]
) -> dict[str, Geometry]:
    """Dissolve a clean coverage into parents (kecamatan into kab/kota), which nest exactly."""
    anak: dict[str, list[Geometry]] = {}
    for kode, g in liputan.items():
        anak.setdefault(induk[kode], []).append(g)
    return {k: poligonal(shapely.coverage_union_all(v)) for k, v in sorted(anak.items())}
