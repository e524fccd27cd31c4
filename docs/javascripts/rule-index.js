// The rule index's filters (docs/rules/README.md): a search box and priority, section and fix menus over the
// generated table. Plain JavaScript shipped with the site: nothing is loaded from elsewhere, so it works
// offline. `?priority=CRITICAL&section=testing&fix=safe&q=mock` opens the page filtered.
(function () {
  "use strict";

  var COLUMNS = { code: 0, name: 1, priority: 2, section: 3, guideline: 4, fix: 5 };

  function setUp() {
    var controls = document.querySelector(".rule-filters");
    var table = document.querySelector(".rule-index table");
    if (!controls || !table || controls.dataset.ready) return;
    controls.dataset.ready = "1";
    controls.hidden = false;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var inputs = {
      text: controls.querySelector('[data-filter="text"]'),
      priority: controls.querySelector('[data-filter="priority"]'),
      section: controls.querySelector('[data-filter="section"]'),
      fix: controls.querySelector('[data-filter="fix"]'),
    };
    var count = controls.querySelector(".rule-count");
    var query = new URLSearchParams(window.location.search);
    inputs.text.value = query.get("q") || "";
    ["priority", "section", "fix"].forEach(function (name) {
      var wanted = query.get(name);
      if (wanted && inputs[name].querySelector('option[value="' + wanted + '"]')) inputs[name].value = wanted;
    });

    function cell(row, column) {
      return row.cells[COLUMNS[column]].textContent.trim();
    }

    function apply() {
      var text = inputs.text.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var visible =
          (!inputs.priority.value || cell(row, "priority") === inputs.priority.value) &&
          (!inputs.section.value || cell(row, "section") === inputs.section.value) &&
          (!inputs.fix.value || cell(row, "fix") === inputs.fix.value) &&
          (!text || row.textContent.toLowerCase().indexOf(text) !== -1);
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " rules";
      table.dataset.shown = String(shown);
    }

    Object.keys(inputs).forEach(function (name) {
      inputs[name].addEventListener("input", apply);
      inputs[name].addEventListener("change", apply);
    });
    apply();
  }

  // Material's instant navigation swaps pages without a reload and announces each through document$.
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
