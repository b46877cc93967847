/* Several campaigns in one database (docs/kampanye.md): the campaign named in the address bar
   (?kampanye=) travels with every callback request and stays in every address the dashboard
   moves to, so a link, a bookmark or Back shows the same campaign. */
(function () {
  function kampanye() {
    return new URLSearchParams(window.location.search).get("kampanye");
  }

  function bawa(alamat) {
    var k = kampanye();
    if (!k || alamat === undefined || alamat === null || alamat === "") { return alamat; }
    var u = new URL(String(alamat), window.location.href);
    if (u.origin !== window.location.origin || u.searchParams.has("kampanye")) { return alamat; }
    u.searchParams.set("kampanye", k);
    return u.pathname + u.search + u.hash;
  }

  // The renderer's request hook (factory: hooks={"request_pre": ...}).
  window.kendaliKampanye = function (payload) {
    var k = kampanye();
    if (k) { payload.kampanye = k; }
  };

  var dorong = window.history.pushState;
  var ganti = window.history.replaceState;
  // An address without a campaign is given the one the server showed (web/kampanye.py), before
  // the renderer reads it: what is bookmarked or shared names its campaign.
  var meta = document.querySelector('meta[name="kendali-kampanye"]');
  if (meta && meta.content && !kampanye()) {
    var u = new URL(window.location.href);
    u.searchParams.set("kampanye", meta.content);
    ganti.call(window.history, window.history.state, "", u.pathname + u.search + u.hash);
  }
  window.history.pushState = function (keadaan, judul, alamat) {
    return dorong.call(this, keadaan, judul, bawa(alamat));
  };
  window.history.replaceState = function (keadaan, judul, alamat) {
    return ganti.call(this, keadaan, judul, bawa(alamat));
  };
  // Plain links (downloads, the presenter, pages opened in a new tab) before they are followed.
  document.addEventListener("click", function (e) {
    var a = e.target && e.target.closest ? e.target.closest("a[href]") : null;
    if (!a) { return; }
    var lama = a.getAttribute("href");
    var baru = bawa(lama);
    if (baru !== lama) { a.setAttribute("href", baru); }
  }, true);

  window.dash_clientside = Object.assign({}, window.dash_clientside);
  window.dash_clientside.kendali = Object.assign({}, window.dash_clientside.kendali, {
    // Picking another campaign reloads the page on it (a replay moment belongs to the old one).
    pilihKampanye: function (kode, sekarang) {
      if (!kode || kode === sekarang) { throw window.dash_clientside.PreventUpdate; }
      window.location.assign(window.location.pathname + "?kampanye=" + encodeURIComponent(kode));
      throw window.dash_clientside.PreventUpdate;
    }
  });
})();
