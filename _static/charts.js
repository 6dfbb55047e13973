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
    return vegaEmbed(el, spec, OPTIONS).then(function (result) {
      var placeholder = el.querySelector(".chart-placeholder");
      if (placeholder) placeholder.remove();
      el.vegaView = result.view;
      return shareView(el, spec, result.view);
    }).then(function () {
      el.dataset.drawnAt = Math.round(performance.now());
      el.dataset.drawn = "true";
    }).catch(function (e) { console.error("chart " + el.id + " failed", e); });
  }

  /* Shareable views: a chart's menus and sliders (Vega-Lite parameters bound to inputs) are kept in the URL
     fragment as #<figure-id>?<parameter>=<value>&..., so a copied link reopens the figure as the reader left
     it. The figure's "Copy link to this view" button copies that address. */
  function boundParams(spec) {
    var names = [];
    (function walk(node) {
      if (Array.isArray(node)) { node.forEach(walk); return; }
      if (!node || typeof node !== "object") return;
      (node.params || []).forEach(function (p) { if (p.bind && !p.select && names.indexOf(p.name) < 0) names.push(p.name); });
      Object.keys(node).forEach(function (k) { if (k !== "params" && k !== "data" && k !== "datasets") walk(node[k]); });
    })(spec);
    return names;
  }

  function figureOf(el) { return el.closest("figure.book-figure") || el; }

  function requested() {
    var hash = decodeURIComponent(location.hash.slice(1)), at = hash.indexOf("?");
    if (at < 0) return { id: hash, values: {} };
    var values = {};
    hash.slice(at + 1).split("&").forEach(function (pair) {
      var eq = pair.indexOf("=");
      if (eq > 0) values[pair.slice(0, eq)] = pair.slice(eq + 1);
    });
    return { id: hash.slice(0, at), values: values };
  }

  function viewLink(figure) {
    var state = figure.dataset.viewState ? "?" + figure.dataset.viewState : "";
    return location.href.split("#")[0] + "#" + figure.id + state;
  }

  function shareView(el, spec, view) {
    var names = boundParams(spec), figure = figureOf(el), initial = {};
    if (!names.length) return Promise.resolve();
    names.forEach(function (n) { initial[n] = view.signal(n); });
    function record() {  // only choices that differ from the figure as published travel in the link
      var state = names.filter(function (n) { return view.signal(n) !== initial[n]; })
        .map(function (n) { return n + "=" + encodeURIComponent(view.signal(n)); }).join("&");
      figure.dataset.viewState = state;
      return state;
    }
    names.forEach(function (n) {
      view.addSignalListener(n, function () {
        var state = record();
        if (history.replaceState) history.replaceState(null, "", "#" + figure.id + (state ? "?" + state : ""));
      });
    });
    var want = requested();
    if (want.id !== figure.id) { record(); return Promise.resolve(); }
    names.forEach(function (n) {
      if (n in want.values) {
        var value = typeof initial[n] === "number" ? parseFloat(want.values[n]) : want.values[n];
        if (typeof value === "number" && isNaN(value)) return;
        view.signal(n, value);
        // keep the bound menu or slider in step with the restored value
        var input = el.querySelector('.vega-bindings [name="' + n + '"]');
        if (input) input.value = want.values[n];
      }
    });
    return view.runAsync().then(record);
  }

  function copyLink(button) {
    var figure = button.closest("figure.book-figure"), url = viewLink(figure);
    function done(text) { button.textContent = text; setTimeout(function () { button.textContent = "Copy link to this view"; }, 2500); }
    var field = figure.querySelector(".fig-view-url");
    if (field) { field.value = url; field.hidden = false; field.select(); }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(url).then(function () { done("Link copied"); }, function () { done("Link selected: copy it"); });
    } else { done("Link selected: copy it"); }
  }

  function fillEmbedCode() {
    document.querySelectorAll("figure.book-figure textarea.fig-embed-code").forEach(function (box) {
      var src = new URL(box.dataset.embed, location.href).href;
      box.value = '<iframe src="' + src + '" title="' + box.dataset.title.replace(/"/g, "&quot;") +
        '" width="100%" height="620" style="border:0" loading="lazy"></iframe>';
    });
  }

  function setup() {
    var charts = Array.prototype.slice.call(document.querySelectorAll(".vega-chart[data-spec]"));
    if (!charts.length) return;
    document.addEventListener("click", function (e) {
      var button = e.target.closest && e.target.closest("button.fig-copy-link");
      if (button) copyLink(button);
    });
    fillEmbedCode();
    // A link to a view (#figure?parameter=value) is not an element id: bring the figure into view and draw it now.
    var want = requested();
    if (location.hash.indexOf("?") > 0) {
      var target = document.getElementById(want.id);
      if (target) {
        target.scrollIntoView();
        var chart = target.querySelector(".vega-chart[data-spec]");
        if (chart) loadVega().then(function () { draw(chart); });
      }
    }
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
