// The dashboard's only script (the Content-Security-Policy allows no inline script).
// Draws every chart from its JSON data block (<script type="application/json"
// class="chart-data" data-chart="ID">{"data": ..., "layout": ...}</script>, which the browser
// does not run) and sends the period/segment form when a choice changes.
"use strict";
(function () {
  function draw() {
    document.querySelectorAll("script.chart-data").forEach(function (block) {
      var figure = JSON.parse(block.textContent);
      Plotly.newPlot(block.dataset.chart, figure.data, figure.layout, {
        displaylogo: false,
        responsive: true,
      });
    });
    document.querySelectorAll("select[data-submit]").forEach(function (select) {
      select.addEventListener("change", function () {
        select.form.submit();
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
