/* Draws the book's charts: each chart is a <div class="vega-chart" data-spec="…"> and its Vega-Lite spec in a
   <script type="application/json"> beside it. Charts are drawn as they come near the viewport (the first
   screen paints at once), all of them before printing. Needs vega-bundle.js (loaded before this file). */
(function () {
  var OPTIONS = { renderer: "svg", actions: false };
  function draw(el) {
    if (el.dataset.drawing) return;
    el.dataset.drawing = "true";
    var spec = JSON.parse(document.getElementById(el.dataset.spec).textContent);
    vegaEmbed(el, spec, OPTIONS).then(function () {
      el.dataset.drawnAt = Math.round(performance.now());
      el.dataset.drawn = "true";
    }).catch(function (e) { console.error("chart " + el.id + " failed", e); });
  }
  function setup() {
    var charts = Array.prototype.slice.call(document.querySelectorAll(".vega-chart[data-spec]"));
    window.bookDrawAllCharts = function () { charts.forEach(draw); };
    window.addEventListener("beforeprint", window.bookDrawAllCharts);
    if (!("IntersectionObserver" in window)) { charts.forEach(draw); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
      });
    }, { rootMargin: "400px 0px" });
    charts.forEach(function (el) { observer.observe(el); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
})();
