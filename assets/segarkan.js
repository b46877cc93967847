/* Refresh interval chosen by the viewer (remembered by the browser): runs in the page, so
   choosing it costs no request, and an unchanged choice never touches the timer. */
window.dash_clientside = Object.assign({}, window.dash_clientside);
window.dash_clientside.kendali = Object.assign({}, window.dash_clientside.kendali, {
  segarkan: function (detik, sekarang, mati) {
    var n = parseInt(detik || "60", 10);
    if (isNaN(n)) { n = 60; }
    var interval = Math.max(n, 5) * 1000;
    var padam = n === 0;
    if (interval === sekarang && padam === Boolean(mati)) {
      throw window.dash_clientside.PreventUpdate;
    }
    return [interval, padam];
  }
});
