/* Draws the book's charts: each chart is a <div class="vega-chart" data-spec="…"> and its Vega-Lite spec in a
   <script type="application/json"> beside it. Until a chart is drawn, its static SVG (rendered at build
   time) stands in for it, so the page paints at once. The Vega bundle (vega-bundle.js, next to this file) is
   fetched when the first chart nears the viewport (a reader who never scrolls to a chart never downloads
   it); charts are drawn as they near the viewport, and all of them before printing
   (window.bookDrawAllCharts, which returns a promise). */
(function () {
  var OPTIONS = { renderer: "svg", actions: false };
  var bundle = document.currentScript.src.replace(/charts\.js(\?.*)?$/, "vega-bundle.js");
  var vegaReady = null;

  function loadVega() {
    if (!vegaReady) {
      vegaReady = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = bundle;
        script.onload = resolve;
        script.onerror = function () { reject(new Error("could not load " + bundle)); };
        document.head.appendChild(script);
      });
    }
    return vegaReady;
  }

  function draw(el) {
    if (el.dataset.drawing) return Promise.resolve();
    el.dataset.drawing = "true";
    var spec = JSON.parse(document.getElementById(el.dataset.spec).textContent);
    return vegaEmbed(el, spec, OPTIONS).then(function () {
      var placeholder = el.querySelector(".chart-placeholder");
      if (placeholder) placeholder.remove();
      el.dataset.drawnAt = Math.round(performance.now());
      el.dataset.drawn = "true";
    }).catch(function (e) { console.error("chart " + el.id + " failed", e); });
  }

  function setup() {
    var charts = Array.prototype.slice.call(document.querySelectorAll(".vega-chart[data-spec]"));
    if (!charts.length) return;
    window.bookDrawAllCharts = function () {
      return loadVega().then(function () { return Promise.all(charts.map(draw)); });
    };
    window.addEventListener("beforeprint", window.bookDrawAllCharts);
    function drawWhenReady(el) {
      loadVega().then(function () { draw(el); }, function (e) { console.error(e.message); });
    }
    if (!("IntersectionObserver" in window)) { charts.forEach(drawWhenReady); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); drawWhenReady(entry.target); }
      });
    }, { rootMargin: "300px 0px" });
    charts.forEach(function (el) { observer.observe(el); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
})();
