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
