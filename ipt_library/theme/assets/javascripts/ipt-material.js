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
})();
