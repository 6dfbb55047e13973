/* Filtering and sorting of the claims ledger. Plain JavaScript, no third-party code. */
(function () {
  function setup() {
    var table = document.getElementById("ledger");
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var controls = {
      verdict: document.getElementById("filter-verdict"),
      chapter: document.getElementById("filter-chapter"),
      kind: document.getElementById("filter-kind"),
      text: document.getElementById("filter-text")
    };
    var count = document.getElementById("ledger-count");
    function apply() {
      var query = controls.text.value.trim().toLowerCase(), shown = 0;
      rows.forEach(function (row) {
        var ok = (!controls.verdict.value || row.dataset.verdict === controls.verdict.value) &&
                 (!controls.chapter.value || row.dataset.chapter === controls.chapter.value) &&
                 (!controls.kind.value || row.dataset.kind === controls.kind.value) &&
                 (!query || row.textContent.toLowerCase().indexOf(query) !== -1);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " claims shown";
    }
    Object.keys(controls).forEach(function (k) {
      controls[k].addEventListener(k === "text" ? "input" : "change", apply);
    });
    var direction = {};
    table.querySelectorAll("[data-sort-col]").forEach(function (button) {
      button.addEventListener("click", function () {
        var col = +button.dataset.sortCol, dir = direction[col] = -(direction[col] || -1);
        rows.sort(function (a, b) {
          var x = a.cells[col].dataset.sort || a.cells[col].textContent, y = b.cells[col].dataset.sort || b.cells[col].textContent;
          return dir * x.localeCompare(y, undefined, { numeric: true });
        }).forEach(function (row) { table.tBodies[0].appendChild(row); });
        table.querySelectorAll("th").forEach(function (th) { th.removeAttribute("aria-sort"); });
        button.parentNode.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
      });
    });
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
})();

/* Citations say when they were accessed: today's date, in the reader's own clock. */
(function () {
  function fill() {
    var months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December"];
    var d = new Date(), text = d.getDate() + " " + months[d.getMonth()] + " " + d.getFullYear();
    document.querySelectorAll(".access-date").forEach(function (el) { el.textContent = text; });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fill); else fill();
})();

/* Sortable tables (the index of country briefs): a click on a column heading sorts by it, again reverses;
   cells carry their sort key in data-sort, and empty cells stay at the bottom either way. */
(function () {
  function setup() {
    document.querySelectorAll("table.sortable").forEach(function (table) {
      var body = table.tBodies[0], heads = table.tHead.rows[0].cells;
      Array.prototype.forEach.call(heads, function (th, col) {
        var button = th.querySelector("button");
        if (!button) return;
        button.addEventListener("click", function () {
          var numeric = button.dataset.sort === "number";
          var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = a.cells[col].dataset.sort, y = b.cells[col].dataset.sort;
            if (x === "" || y === "") return (x === "") - (y === "");
            return dir * (numeric ? parseFloat(x) - parseFloat(y) : x.localeCompare(y));
          }).forEach(function (row) { body.appendChild(row); });
          Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", dir > 0 ? "ascending" : "descending");
        });
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup); else setup();
})();
