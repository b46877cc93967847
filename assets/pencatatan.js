/* Data entry (/input). Runs in the page: no request, no inline script (the CSP allows none). */
window.dash_clientside = Object.assign({}, window.dash_clientside);
window.dash_clientside.pencatatan = Object.assign({}, window.dash_clientside.pencatatan, {
  /* Pass a chosen file on to the server check; a file over the limit stays in the browser and
     only its name and size go on, so the server can say why it is refused (the drop zone's own
     limit would drop it without a word). */
  berkas: function (isi, nama, sekarang) {
    if (!isi) { throw window.dash_clientside.PreventUpdate; }
    var batas = (sekarang && sekarang.batas) || 0;
    var koma = isi.indexOf(",");
    var b64 = isi.length - koma - 1;
    var pad = isi.endsWith("==") ? 2 : (isi.endsWith("=") ? 1 : 0);
    var ukuran = Math.max(Math.floor(b64 * 3 / 4) - pad, 0);
    return {batas: batas, nama: nama || "", ukuran: ukuran,
            isi: (batas && ukuran > batas) ? null : isi};
  },
  /* A new record type starts with no old message (a green "Tercatat" would make an unsaved
     form look saved). */
  kosong: function () { return null; },
  /* After a successful save (a new submission id) the note is cleared with the quantity. */
  kosongkan_keterangan: function () { return ""; }
});

/* Bring an answer into view when it appears: on a phone, Simpan sits at the bottom of a long
   form and its answer would otherwise land below the fold, as if nothing had happened. */
(function () {
  var tertunda = null;
  function gulir(kotak) {
    if (!kotak || kotak.offsetParent === null || !kotak.textContent.trim()) { return; }
    var r = kotak.getBoundingClientRect();
    if (r.top >= 0 && r.bottom <= window.innerHeight) { return; }
    kotak.scrollIntoView({block: r.height > window.innerHeight ? "start" : "nearest"});
  }
  new MutationObserver(function (perubahan) {
    perubahan.forEach(function (p) {
      var el = p.target.nodeType === 1 ? p.target : p.target.parentElement;
      var kotak = el && el.closest(".kendali-hasil-kotak");
      if (kotak) { tertunda = kotak; }
    });
    if (tertunda) {
      var k = tertunda;
      tertunda = null;
      requestAnimationFrame(function () { gulir(k); });
    }
  }).observe(document.documentElement, {subtree: true, childList: true, characterData: true,
                                        attributes: true, attributeFilter: ["style"]});
})();

/* The date picker reads a typed date only on Tab or Enter: one typed then left with a tap
   elsewhere would show in the box but not be the date saved. Leaving the box reads it too. */
document.addEventListener("focusout", function (e) {
  var el = e.target;
  if (el && el.classList && el.classList.contains("dash-datepicker-input") &&
      el.closest(".kendali-tanggal")) {
    el.dispatchEvent(new KeyboardEvent("keydown", {key: "Tab", bubbles: true}));
  }
}, true);

/* Indonesian names for the date picker's calendar (Dash's picker formats with date-fns and
   takes a locale registered here; nothing is fetched). Only what the calendar shows is needed:
   month and weekday names; dates themselves are numeric (dd-mm-yyyy). */
(function () {
  var BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
               "September", "Oktober", "November", "Desember"];
  var HARI = ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"];
  var HARI_2 = ["Mg", "Sn", "Sl", "Rb", "Km", "Jm", "Sb"];
  var id = {
    code: "id",
    localize: {
      ordinalNumber: function (n) { return String(n); },
      era: function (i) { return ["SM", "M"][i]; },
      quarter: function (i) { return "K" + i; },
      month: function (i, o) {
        return (o && (o.width === "abbreviated" || o.width === "narrow"))
          ? BULAN[i].slice(0, 3) : BULAN[i];
      },
      day: function (i, o) {
        var w = o && o.width;
        if (w === "short" || w === "narrow") { return HARI_2[i]; }
        return w === "abbreviated" ? HARI[i].slice(0, 3) : HARI[i];
      },
      dayPeriod: function (p) { return p; }
    },
    formatLong: {
      date: function () { return "dd-MM-yyyy"; },
      time: function () { return "HH.mm"; },
      dateTime: function () { return "{{date}} {{time}}"; }
    },
    formatDistance: function () { return ""; },
    formatRelative: function () { return ""; },
    match: {},
    options: {weekStartsOn: 1, firstWeekContainsDate: 1}
  };
  window.dateFns = Object.assign({}, window.dateFns);
  window.dateFns.locale = Object.assign({id: id}, window.dateFns.locale);
})();
