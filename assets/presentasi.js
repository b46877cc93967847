/* Presenter mode: keyboard, full screen, theme, pause and auto-advance.
   Slides are Dash pages (/presentasi/<nomor>); moving on clicks the next/previous dcc.Link,
   so the URL, Back and the server-rendered slide stay in one place. Nothing here runs on
   other pages: every handler first looks for the presenter frame. */
(function () {
  "use strict";
  const KUNCI_TEMA = "presentasiTema";
  const KUNCI_JEDA = "presentasiJeda";

  function frame() { return document.getElementById("presentasi"); }
  function cetak() { const f = frame(); return !!(f && f.classList.contains("presentasi-cetak")); }
  function tema() { return localStorage.getItem(KUNCI_TEMA) === "gelap" ? "gelap" : "terang"; }
  function layar() {
    if (cetak()) { return { w: 1920, h: 1080, tema: "terang" }; }
    return { w: window.innerWidth, h: window.innerHeight, tema: tema() };
  }
  function terapkanTema() {
    if (frame() && !cetak()) {
      document.documentElement.setAttribute("data-tema", tema());
    } else {
      document.documentElement.removeAttribute("data-tema");
    }
  }
  function kirimLayar() {
    if (frame() && window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props("presentasi-layar", { data: layar() });
    }
  }
  function klik(id) {
    const el = document.getElementById(id);
    if (el) { el.click(); }
  }
  function penuh() {
    if (document.fullscreenElement) {
      document.exitFullscreen();
    } else if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () {});
    }
  }
  function gantiTema() {
    localStorage.setItem(KUNCI_TEMA, tema() === "gelap" ? "terang" : "gelap");
    terapkanTema();
    kirimLayar();
  }
  function jeda() {
    sessionStorage.setItem(KUNCI_JEDA, sessionStorage.getItem(KUNCI_JEDA) === "1" ? "0" : "1");
    sisa = null;
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    presentasi: {
      layar: function () { terapkanTema(); return layar(); },
      putar: function (nilai, search) {
        const q = new URLSearchParams(search || "");
        if ((q.get("putar") || "0") === (nilai || "0")) {
          return window.dash_clientside.no_update;  // the picker only shows the URL's value
        }
        if (nilai && nilai !== "0") { q.set("putar", nilai); } else { q.delete("putar"); }
        sessionStorage.setItem(KUNCI_JEDA, "0");
        const s = q.toString();
        return s ? "?" + s : "";
      },
    },
  });

  document.addEventListener("keydown", function (e) {
    if (!frame() || cetak() || e.ctrlKey || e.metaKey || e.altKey) { return; }
    const t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) { return; }
    if (document.querySelector(".modal.show")) { return; }
    const k = e.key;
    if (k === "ArrowRight" || k === " " || k === "PageDown") { klik("presentasi-maju"); }
    else if (k === "ArrowLeft" || k === "PageUp") { klik("presentasi-mundur"); }
    else if (k === "f" || k === "F") { penuh(); }
    else if (k === "p" || k === "P") { jeda(); }
    else if (k === "t" || k === "T") { gantiTema(); }
    else { return; }
    e.preventDefault();
  });

  document.addEventListener("click", function (e) {
    if (!frame() || cetak()) { return; }
    const tombol = e.target.closest && e.target.closest("#presentasi-penuh, #presentasi-tema");
    if (tombol) {
      if (tombol.id === "presentasi-penuh") { penuh(); } else { gantiTema(); }
      return;
    }
    // A click on the slide itself (not a control, link or map) moves on.
    if (e.target.closest(".slide") && !e.target.closest("a, button, .leaflet-container")) {
      klik("presentasi-maju");
    }
  });

  // Show the controls while the mouse moves; hide them again after three quiet seconds.
  let diam = null;
  document.addEventListener("mousemove", function () {
    const f = frame();
    if (!f || cetak()) { return; }
    f.classList.add("aktif");
    clearTimeout(diam);
    diam = setTimeout(function () { const g = frame(); if (g) { g.classList.remove("aktif"); } },
      3000);
  });

  let ukuran = null;
  window.addEventListener("resize", function () {
    clearTimeout(ukuran);
    ukuran = setTimeout(kirimLayar, 250);
  });

  // Auto-advance: the interval comes from ?putar=<detik>; p pauses, any slide change restarts.
  let sisa = null;
  let jalur = null;
  setInterval(function () {
    terapkanTema();
    const status = document.getElementById("presentasi-status");
    if (!frame() || cetak()) { sisa = null; return; }
    const detik = parseInt(new URLSearchParams(location.search).get("putar") || "0", 10);
    const dijeda = sessionStorage.getItem(KUNCI_JEDA) === "1";
    if (location.pathname !== jalur) { jalur = location.pathname; sisa = null; }
    if (!detik) {
      if (status) { status.textContent = ""; }
      return;
    }
    if (dijeda) {
      if (status) { status.textContent = "\u23F8 jeda"; }
      return;
    }
    if (sisa === null) { sisa = detik; }
    sisa -= 0.5;
    if (status) { status.textContent = "\u25B6 " + Math.max(Math.ceil(sisa), 0) + " dtk"; }
    if (sisa <= 0) { sisa = null; klik("presentasi-maju"); }
  }, 500);
})();
