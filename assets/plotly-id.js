/* Bahasa Indonesia for Plotly's own words (toolbar, messages) and formats (days, months,
   "." thousands and "," decimals, dd-mm-yyyy), used by every chart whose config says
   locale "id" (components/figures.KONFIGURASI_GRAFIK).

   The installed plotly package ships only the English locales inside plotly.min.js and no
   locale files, so this is the app's own translation, written here like the rest of its UI
   (nothing fetched from outside). Registered the way plotly.js documents for a locale loaded
   before or after the library: pushed onto window.PlotlyLocales, which Plotly registers when
   it loads, or registered straight away when Plotly is already there. */
(function () {
  var lokal = {
    moduleType: "locale",
    name: "id",
    dictionary: {
      "Autoscale": "Skala otomatis",
      "Box Select": "Pilih kotak",
      "Cancel": "Batal",
      "Click to enter Colorscale title": "Klik untuk mengisi judul skala warna",
      "Click to enter Plot title": "Klik untuk mengisi judul grafik",
      "Click to enter Plot subtitle": "Klik untuk mengisi subjudul grafik",
      "Click to enter X axis title": "Klik untuk mengisi judul sumbu X",
      "Click to enter Y axis title": "Klik untuk mengisi judul sumbu Y",
      "Compare data on hover": "Bandingkan data saat kursor di atasnya",
      "Double-click on legend to isolate one trace": "Klik ganda legenda untuk menyendirikan satu seri",
      "Double-click to zoom back out": "Klik ganda untuk memperkecil kembali",
      "Download plot": "Unduh grafik",
      "Download plot as a PNG": "Unduh grafik sebagai PNG",
      "Download plot as JSON": "Unduh grafik sebagai JSON",
      "Draw circle": "Gambar lingkaran",
      "Draw closed freeform": "Gambar bentuk bebas tertutup",
      "Draw line": "Gambar garis",
      "Draw open freeform": "Gambar bentuk bebas terbuka",
      "Draw rectangle": "Gambar persegi panjang",
      "Erase active shape": "Hapus bentuk aktif",
      "Image download succeeded": "Gambar berhasil diunduh",
      "JSON download succeeded": "JSON berhasil diunduh",
      "Lasso Select": "Pilih laso",
      "Orbital rotation": "Putar orbit",
      "Pan": "Geser",
      "Preparing image - this may take a few seconds": "Menyiapkan gambar — mungkin perlu beberapa detik",
      "Produced with Plotly.js": "Dibuat dengan Plotly.js",
      "Reset": "Atur ulang",
      "Reset axes": "Atur ulang sumbu",
      "Reset camera to default": "Kamera ke posisi awal",
      "Reset camera to last save": "Kamera ke posisi tersimpan",
      "Reset view": "Atur ulang tampilan",
      "Reset views": "Atur ulang tampilan",
      "Show closest data on hover": "Tampilkan data terdekat saat kursor di atasnya",
      "Snapshot succeeded": "Gambar berhasil dibuat",
      "Sorry, there was a problem downloading your image!": "Maaf, gambar gagal diunduh.",
      "Sorry, there was a problem downloading your JSON file!": "Maaf, berkas JSON gagal diunduh.",
      "Taking snapshot - this may take a few seconds": "Membuat gambar — mungkin perlu beberapa detik",
      "Toggle Spike Lines": "Garis bantu sumbu",
      "Toggle show closest data on hover": "Tampilkan/sembunyikan data terdekat",
      "Turntable rotation": "Putar meja",
      "Zoom": "Perbesar area",
      "Zoom in": "Perbesar",
      "Zoom out": "Perkecil",
      "close:": "penutupan:",
      "high:": "tertinggi:",
      "low:": "terendah:",
      "open:": "pembukaan:",
      "trace": "seri",
      "new text": "teks baru"
    },
    format: {
      days: ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
      shortDays: ["Min", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab"],
      months: ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
        "September", "Oktober", "November", "Desember"],
      shortMonths: ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt",
        "Nov", "Des"],
      periods: ["AM", "PM"],
      dateTime: "%A, %-d %B %Y %H.%M.%S",
      date: "%d-%m-%Y",
      time: "%H.%M.%S",
      decimal: ",",
      thousands: ".",
      grouping: [3],
      currency: ["Rp", ""],
      year: "%Y",
      month: "%b %Y",
      dayMonth: "%-d %b",
      dayMonthYear: "%-d %b %Y"
    }
  };
  if (typeof window.Plotly === "undefined") {
    window.PlotlyLocales = window.PlotlyLocales || [];
    window.PlotlyLocales.push(lokal);
  } else {
    window.Plotly.register(lokal);
  }
})();
