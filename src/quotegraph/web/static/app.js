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
  // Copy buttons: the text of the element named by data-copy, through the clipboard API; without it (an
  // insecure origin, an old browser) the text is selected and copied with execCommand, or left selected
  // for Ctrl+C.
  function selectText(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }
  function report(btn, message) {
    var label = btn.dataset.label || btn.textContent;
    btn.dataset.label = label;
    btn.textContent = message;
    setTimeout(function () { btn.textContent = label; }, 2000);
  }
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest ? ev.target.closest("button[data-copy]") : null;
    if (!btn) return;
    var el = document.getElementById(btn.dataset.copy);
    if (!el) return;
    var text = el.textContent;
    function fallback() {
      var details = el.closest("details");
      if (details) details.open = true;
      selectText(el);
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      report(btn, ok ? "Copied" : "Selected: press Ctrl+C");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { report(btn, "Copied"); }, fallback);
    } else {
      fallback();
    }
  });
})();
