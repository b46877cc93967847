/* Map functions for dash-leaflet, referenced from Python with dash_extensions Namespace.
   Colours and class breaks arrive in `hideout` (defined once in dashboard/domain/kelas.py). */
/* dash-leaflet fetches a GeoJSON `url` asynchronously and then fits the map to it. When the
   user navigated meanwhile, that map has already been removed and Leaflet throws
   "Cannot set properties of undefined (setting '_leaflet_pos')". A removed map has no panes:
   leave its view alone. Installed once, as soon as Leaflet is there. */
function kendaliPasangPenjagaPeta() {
  if (!window.L || !L.Map || L.Map.prototype._kendaliDijaga) { return; }
  const fitBounds = L.Map.prototype.fitBounds;
  L.Map.prototype.fitBounds = function () {
    return this._mapPane ? fitBounds.apply(this, arguments) : this;
  };
  L.Map.prototype._kendaliDijaga = true;
}
kendaliPasangPenjagaPeta();

window.dashExtensions = Object.assign({}, window.dashExtensions, {
  kendali: {
    _hideout: {},
    _warna: function (h, kode) {
      return (h.isi || {})[kode] || h.kosong || "#bdbdbd";
    },
    gaya: function (feature, context) {
      kendaliPasangPenjagaPeta();
      const h = (context && context.hideout) || {};
      window.dashExtensions.kendali._hideout = h;
      const perkiraan = feature.properties.sumber === "perkiraan";
      return {
        fillColor: window.dashExtensions.kendali._warna(h, feature.properties.kode),
        fillOpacity: 0.85,
        color: perkiraan ? "#6c757d" : "#ffffff",
        weight: 1.2,
        opacity: 1,
        dashArray: perkiraan ? "4 3" : null,
      };
    },
    sorot: function () {
      return { weight: 3, color: "#0b3d91", dashArray: null };
    },
    titik: function (feature, latlng) {
      return L.circleMarker(latlng, { radius: 9 });
    },
    setiap: function (feature, layer) {
      // Name each shape for assistive technology and for browser tests.
      layer.on("add", function () {
        const el = layer.getElement && layer.getElement();
        if (el) {
          el.setAttribute("data-kode", feature.properties.kode);
          el.setAttribute("aria-label", feature.properties.nama);
        }
      });
      const esc = function (s) {
        return String(s).replace(/[&<>"']/g, function (c) {
          return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
        });
      };
      // A click navigates away (drill-down): close the tooltip first, or Leaflet would try to
      // move it on a layer that is already gone.
      layer.on("click", function () { layer.closeTooltip(); });
      layer.bindTooltip(function () {
        const h = window.dashExtensions.kendali._hideout || {};
        const teks = (h.teks || {})[feature.properties.kode] || "–";
        let html = "<b>" + esc(feature.properties.nama) + "</b><br>" + esc(h.label || "") +
          ": " + teks;
        const rinci = (h.rinci || {})[feature.properties.kode];
        if (rinci) { html += "<br><span class='text-muted'>" + esc(rinci) + "</span>"; }
        if (feature.properties.tanpa_batas) { html += "<br><i>tanpa batas wilayah</i>"; }
        return html;
      }, { sticky: false });
    },
    /* Routes (/rute): one GeoJSON of route lines and destination points. Colours by mode or
       by risk grade arrive in hideout (dashboard/components/rute.py), not in each feature. */
    gayaRute: function (feature, context) {
      kendaliPasangPenjagaPeta();
      const h = (context && context.hideout) || {};
      const p = feature.properties || {};
      if (feature.geometry && feature.geometry.type === "Point") {
        return window.dashExtensions.kendali._gayaTitikRute(p, h);
      }
      const warna = h.menurut === "risiko" ? (h.warna_risiko || {})[p.risiko]
                                           : (h.warna_moda || {})[p.moda];
      const terpilih = h.terpilih && h.terpilih === p.tujuan_kode;
      return {
        color: warna || "#0b3d91",
        weight: terpilih ? 6 : (p.moda === "darat" ? 3 : 2.5),
        opacity: h.terpilih && !terpilih ? 0.35 : 0.9,
        dashArray: p.moda === "darat" ? (p.perkiraan ? "6 4" : null) : "2 6",
      };
    },
    _gayaTitikRute: function (p, h) {
      const warna = p.jenis === "tertutup" ? "#c62828"
        : p.jenis === "gudang" ? "#0b3d91" : ((h.warna_titik || {})[p.risiko] || "#ffffff");
      return {
        radius: p.jenis === "gudang" ? 9 : (p.jenis === "tertutup" ? 8 : 5),
        color: p.jenis === "tertutup" ? "#ffffff" : "#0b3d91",
        weight: p.jenis === "tertutup" ? 3 : 1.5,
        fillColor: warna,
        fillOpacity: 1,
        opacity: 1,
        dashArray: null,
      };
    },
    titikRute: function (feature, latlng, context) {
      const h = (context && context.hideout) || {};
      return L.circleMarker(latlng,
        window.dashExtensions.kendali._gayaTitikRute(feature.properties || {}, h));
    },
    setiapRute: function (feature, layer) {
      const p = feature.properties || {};
      layer.on("add", function () {
        const el = layer.getElement && layer.getElement();
        if (el && p.tujuan_kode) { el.setAttribute("data-kode", p.tujuan_kode); }
        if (el && p.jenis) { el.setAttribute("data-jenis", p.jenis); }
      });
      const teks = p.teks || (p.nama ? p.nama + (p.jenis_label ? "\n" + p.jenis_label +
        (p.tingkat ? ", tingkat " + p.tingkat : "") : "") : "");
      if (teks) {
        const esc = function (s) {
          return String(s).replace(/[&<>"']/g, function (c) {
            return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
          });
        };
        layer.bindTooltip(String(teks).split("\n").map(esc).join("<br>"), { sticky: true });
      }
    },
    gayaDaratan: function () {
      return { color: "#9aa5b1", weight: 0.8, fillColor: "#f4f1e8", fillOpacity: 1 };
    },
    gayaBahaya: function (feature, context) {
      const h = (context && context.hideout) || {};
      const p = feature.properties || {};
      return {
        color: (h.warna || {})[p.jenis] || "#757575",
        fillColor: (h.warna || {})[p.jenis] || "#757575",
        weight: 1,
        fillOpacity: (h.opasitas || {})[p.tingkat] || 0.2,
        dashArray: "3 3",
      };
    },
  },
});
