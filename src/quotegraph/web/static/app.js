// quotegraph: small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // "/" focuses the search box (unless typing in a field already).
  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var t = ev.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable)) return;
    var box = document.getElementById("q") || document.getElementById("sq") || document.getElementById("top-q");
    if (box) { ev.preventDefault(); box.focus(); box.select(); }
  });
  // Document page: checkboxes toggle the highlight layers.
  document.querySelectorAll("#layers input[data-layer]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.body.classList.toggle("no-" + box.dataset.layer, !box.checked);
    });
  });
})();
