/* The shell's layout rules that run in the page: the collapsed menu, and where an operator
   on a phone lands. Both cost no request. */
window.dash_clientside = Object.assign({}, window.dash_clientside);
window.dash_clientside.kendali = Object.assign({}, window.dash_clientside.kendali, {
  // Open or close the menu with the toggler; fold it away whenever the page changes.
  bukaNavigasi: function (_klik, _pathname, terbuka) {
    var pemicu = (window.dash_clientside.callback_context.triggered || [])[0];
    if (pemicu && pemicu.prop_id === "shell-toggler.n_clicks") {
      return !terbuka;
    }
    return false;
  },
  // An operator who opens the overview ("/") on a phone-sized screen goes to the entry form
  // (/input): that is what they came to do. Once per visit of the tab, so "Ringkasan" in the
  // menu still shows the overview afterwards.
  arahOperator: function (akun, pathname) {
    if (!akun || akun.peran !== "operator_kabkota") {
      throw window.dash_clientside.PreventUpdate;
    }
    var kunci = "kendali-arah-operator";
    var ponsel = window.matchMedia("(max-width: 767.98px)").matches;
    if (!ponsel || (pathname || "/") !== "/" || window.sessionStorage.getItem(kunci)) {
      throw window.dash_clientside.PreventUpdate;
    }
    window.sessionStorage.setItem(kunci, "1");
    return "/input";
  }
});
