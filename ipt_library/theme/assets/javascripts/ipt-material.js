/*
 * What Material's inline scripts would do, from a file, since the library's
 * Content-Security-Policy runs no inline script (theme/partials/javascripts/base.html).
 *
 * 1. Material's storage helpers, as in its partials/javascripts/base.html.
 * 2. Material's bundle fetches "sitemap.xml" next to every <link rel="alternate"> when the
 *    page is ready, to map pages between languages. Here those links are the hreflang
 *    alternates and the Atom feed, so every page view made one request per language
 *    (all answered 404) plus the whole sitemap (1.6 MB): 35-140 KB and up to 22 requests
 *    per page. The language menu already links the same page in each language, so the
 *    links are hidden from Material for that one moment and put back at once; crawlers
 *    and feed readers see them as written.
 *
 * 3. On narrow screens Material opens the navigation drawer with a <label> for a hidden
 *    checkbox, which the keyboard cannot reach (and ipt.css hides the closed drawer, whose
 *    links were Tab stops off the screen). A button takes the label's place: it opens the
 *    drawer and moves into it; Escape closes it and returns to the button.
 *
 * Loaded with `defer`: it runs after Material's bundle registered its DOMContentLoaded
 * listener and before that event fires, so the restoring listener runs after Material's.
 */
(function () {
  "use strict";

  var scope = document.currentScript.getAttribute("data-scope") || ".";
  window.__md_scope = new URL(scope, location);
  window.__md_hash = function (value) {
    return Array.from(value).reduce(function (hash, ch) {
      return (hash << 5) - hash + ch.charCodeAt(0);
    }, 0);
  };
  window.__md_get = function (key, storage, base) {
    storage = storage || localStorage;
    base = base || __md_scope;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, base) {
    storage = storage || localStorage;
    base = base || __md_scope;
    try {
      storage.setItem(base.pathname + "." + key, JSON.stringify(value));
    } catch (error) {
      // Storage full or refused: Material's own helper ignores it too.
    }
  };

  var alternates = Array.prototype.slice.call(
    document.querySelectorAll('link[rel="alternate"]'));
  alternates.forEach(function (link) {
    link.setAttribute("rel", "ipt-alternate");
  });
  document.addEventListener("DOMContentLoaded", function () {
    alternates.forEach(function (link) {
      link.setAttribute("rel", "alternate");
    });
  }, { once: true });

  var drawer = document.getElementById("__drawer");
  var label = document.querySelector('.md-header label[for="__drawer"]');
  var nav = document.querySelector(".md-sidebar--primary");
  if (drawer && label && nav) {
    var name = nav.querySelector("nav[aria-label]");
    var button = document.createElement("button");
    button.type = "button";
    button.className = label.className + " ipt-drawer-button";
    button.setAttribute("aria-label", name ? name.getAttribute("aria-label") : "Navigation");
    button.setAttribute("aria-expanded", "false");
    while (label.firstChild) button.appendChild(label.firstChild); // Material's menu icon
    label.replaceWith(button);
    button.addEventListener("click", function () {
      drawer.checked = !drawer.checked;
      drawer.dispatchEvent(new Event("change"));
    });
    drawer.addEventListener("change", function () {
      button.setAttribute("aria-expanded", drawer.checked ? "true" : "false");
      if (drawer.checked && document.activeElement === button) {
        var first = nav.querySelector("a[href], [tabindex='0']");
        if (first) first.focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked) {
        drawer.checked = false;
        drawer.dispatchEvent(new Event("change"));
        button.focus();
      }
    });
  }
})();
