// The console's only script, and an optional one: every page works without it. It follows work in progress by
// re-reading the page every few seconds and swapping in the regions marked data-live="on" (the status, the
// progress bar, the audit trail) until none is on. A region holding the focus or an open form is left alone, so
// nothing the admin is typing is ever replaced.
(function () {
  "use strict";
  var intervalMs = 2000;

  function liveRegions(root) {
    return Array.prototype.slice.call(root.querySelectorAll("[data-live][id]"));
  }

  function busy(region) {
    return region.contains(document.activeElement) || region.querySelector("details[open]") !== null;
  }

  function refresh() {
    if (!liveRegions(document).some(function (r) { return r.getAttribute("data-live") === "on"; })) return;
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var fresh = new DOMParser().parseFromString(html, "text/html");
        liveRegions(fresh).forEach(function (incoming) {
          var current = document.getElementById(incoming.id);
          if (current && !busy(current)) current.replaceWith(document.importNode(incoming, true));
        });
      })
      .catch(function () { /* the next tick tries again */ })
      .then(function () { window.setTimeout(refresh, intervalMs); });
  }

  document.addEventListener("DOMContentLoaded", function () { window.setTimeout(refresh, intervalMs); });
})();
