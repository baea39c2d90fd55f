/*
 * IPT Library search: Material's search box, backed by this language's Pagefind index.
 *
 * The index lives in <language root>/pagefind/ (one per language, built after the site),
 * so results are always in the page's language. Nothing is loaded until the reader opens
 * the search; then Pagefind fetches only the index chunks and result fragments a query
 * needs, all from this site. Keys as in Material: "/", "s" or "f" open the search,
 * Escape closes it, the arrow keys move through results. "?q=words" opens it with a query.
 * Results can be narrowed by type and problem area (filters built into the index).
 */
(function () {
  "use strict";

  var box = document.getElementById("ipt-search");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) return;

  var input = box.querySelector(".md-search__input");
  var form = box.querySelector(".md-search__form");
  var status = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var filterBar = box.querySelector(".ipt-search-filters");
  var opener = document.querySelector(".ipt-search-open");
  var msg = box.dataset;
  var FIRST_RESULTS = 5;
  var MAX_RESULTS = 10;
  var DELAY_MS = 250;
  var FILTERS = [["type", msg.msgType], ["area", msg.msgArea]];

  var engine = null; // a promise of the Pagefind module, made on first use
  var chosen = { type: [], area: [] };
  var latest = 0;
  var timer = 0;
  var filtersReady = false;

  function load() {
    if (!engine) {
      var bundle = new URL(msg.bundle, location.href).href;
      var root = new URL(msg.root, location.href).pathname;
      // On the main thread (noWorker): the index of one language is small, and a worker
      // would download a second copy of the engine (the build does not ship it).
      engine = import(bundle + "pagefind.js").then(function (pagefind) {
        return pagefind
          .options({ baseUrl: root, excerptLength: 24, noWorker: true })
          .then(function () {
            // The filter index (small) loads beside the first search, not before it;
            // once it is in, the results shown are redrawn with counts per filter.
            pagefind.filters().then(function () {
              filtersReady = true;
              if (box.hasAttribute("data-shown")) refreshFilters(pagefind);
            }, function () {});
            return pagefind;
          });
      });
    }
    return engine;
  }

  function say(text) {
    status.textContent = text;
  }

  function countText(n) {
    if (n === 0) return msg.msgNone;
    if (n === 1) return msg.msgOne;
    return msg.msgOther.replace("#", n.toLocaleString(document.documentElement.lang));
  }

  // Pagefind's excerpts are escaped text with <mark> around matches: keep only those.
  function excerpt(html) {
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var out = document.createElement("p");
    parsed.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function resultItem(data) {
    var item = document.createElement("li");
    item.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    var title = document.createElement("p");
    title.className = "ipt-search-result__title";
    title.textContent = data.meta.title || data.url;
    article.appendChild(title);
    var facts = [data.meta.type, data.meta.areas].filter(Boolean).join(" · ");
    if (facts) {
      var line = document.createElement("p");
      line.className = "ipt-search-result__facts";
      line.textContent = facts;
      article.appendChild(line);
    }
    article.appendChild(excerpt(data.excerpt));
    link.appendChild(article);
    item.appendChild(link);
    return item;
  }

  function chip(name, value, count) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "ipt-search-chip";
    var on = chosen[name].indexOf(value) >= 0;
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = value + " (" + count.toLocaleString(document.documentElement.lang) + ")";
    button.addEventListener("click", function () {
      var at = chosen[name].indexOf(value);
      if (at >= 0) chosen[name].splice(at, 1);
      else chosen[name].push(value);
      run(true).then(function () {
        // The bar is redrawn: keep the keyboard on the same chip.
        var again = filterBar.querySelector('[data-filter="' + name + '"] button[data-value="' +
          CSS.escape(value) + '"]');
        if (again) again.focus();
      });
    });
    button.dataset.value = value;
    return button;
  }

  function drawFilters(totals, remaining, count) {
    filterBar.replaceChildren();
    var shown = false;
    var narrowing = chosen.type.length + chosen.area.length > 0;
    if (count < 2 && !narrowing) {
      filterBar.hidden = true;
      return;
    }
    FILTERS.forEach(function (pair) {
      var name = pair[0];
      var values = Object.keys(totals[name] || {}).filter(function (v) {
        return totals[name][v] > 0 || chosen[name].indexOf(v) >= 0;
      });
      if (!values.length) return;
      values.sort(function (a, b) { return a.localeCompare(b, document.documentElement.lang); });
      var group = document.createElement("div");
      group.className = "ipt-search-filters__group";
      group.setAttribute("role", "group");
      group.dataset.filter = name;
      var label = document.createElement("span");
      label.className = "ipt-search-filters__label";
      label.id = "ipt-search-filter-" + name;
      label.textContent = pair[1];
      group.setAttribute("aria-labelledby", label.id);
      group.appendChild(label);
      // In a group with a choice, terms add to the results (any of them): show their
      // counts for the query alone; elsewhere, what remains with the current choices.
      var adding = chosen[name].length > 0;
      values.forEach(function (v) {
        var count = adding ? totals[name][v] : (remaining[name] && remaining[name][v]) || 0;
        group.appendChild(chip(name, v, count || 0));
      });
      filterBar.appendChild(group);
      shown = true;
    });
    filterBar.hidden = !shown;
  }

  function filterOption() {
    var filters = {};
    FILTERS.forEach(function (pair) {
      if (chosen[pair[0]].length) filters[pair[0]] = { any: chosen[pair[0]].slice() };
    });
    return filters;
  }

  // Counts per filter for the results on show, without redrawing the list (the reader
  // may already be moving through it).
  function refreshFilters(pagefind) {
    var ticket = latest;
    pagefind.search(input.value.trim() || null, { filters: filterOption() }).then(function (search) {
      if (ticket === latest) {
        drawFilters(search.totalFilters || {}, search.filters || {}, search.results.length);
      }
    });
  }

  function run(now) {
    var query = input.value.trim();
    var ticket = ++latest;
    var anyFilter = chosen.type.length + chosen.area.length > 0;
    if (!query && !anyFilter) {
      list.replaceChildren();
      filterBar.hidden = true;
      say(msg.msgPlaceholder);
      return Promise.resolve();
    }
    if (!now) say(msg.msgLoading);
    return load()
      .then(function (pagefind) {
        return pagefind.search(query || null, { filters: filterOption() });
      })
      .then(function (search) {
        if (ticket !== latest) return null;
        // Each result's text is a separate small download: the first few are shown as
        // soon as they arrive (what matters on a slow connection), then the rest.
        var first = search.results.slice(0, FIRST_RESULTS);
        var more = search.results.slice(FIRST_RESULTS, MAX_RESULTS);
        return Promise.all(first.map(function (r) { return r.data(); }))
          .then(function (data) {
            if (ticket !== latest) return null;
            list.replaceChildren.apply(list, data.map(resultItem));
            if (filtersReady) {
              drawFilters(search.totalFilters || {}, search.filters || {}, search.results.length);
            }
            say(countText(search.results.length));
            box.setAttribute("data-shown", query); // what the list shows (tests, styles)
            return Promise.all(more.map(function (r) { return r.data(); }));
          })
          .then(function (data) {
            if (data && ticket === latest) data.forEach(function (d) { list.appendChild(resultItem(d)); });
          });
      })
      .catch(function () {
        if (ticket !== latest) return;
        engine = null; // try again on the next keystroke (the connection may be back)
        list.replaceChildren();
        filterBar.hidden = true;
        say(msg.msgUnavailable);
        box.setAttribute("data-shown", query);
      });
  }

  // While the reader types, fetch the index chunks the words need (Pagefind's preload),
  // and search once they pause, so no results are fetched for half-typed words.
  function schedule() {
    clearTimeout(timer);
    var query = input.value.trim();
    if (query) {
      load().then(function (pagefind) { return pagefind.preload(query); }).catch(function () {});
    }
    timer = setTimeout(run, DELAY_MS);
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    if (document.activeElement !== input) input.focus();
  }

  function close() {
    if (toggle.checked) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
  }

  toggle.addEventListener("change", function () {
    if (opener) opener.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
    if (toggle.checked) {
      if (document.activeElement !== input) input.focus();
      load().catch(function () {}); // start fetching while the reader types
    } else {
      // Nothing in the closed box keeps the focus: back to the header's search button
      // where it is shown (narrow screens), else to the page.
      var inside = document.activeElement && box.contains(document.activeElement);
      if (inside) document.activeElement.blur();
      if (inside && opener && opener.offsetParent !== null) opener.focus();
    }
  });

  if (opener) opener.addEventListener("click", open);
  input.addEventListener("focus", open);
  input.addEventListener("input", schedule);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) first.click();
  });

  form.addEventListener("reset", function () {
    chosen = { type: [], area: [] };
    setTimeout(function () {
      run(true);
      input.focus();
    }, 0);
  });

  box.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && at >= 0) {
      event.preventDefault();
      if (at === 0) input.focus();
      else all[at - 1].focus();
    }
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    var target = event.target;
    var typing = target && (target.isContentEditable ||
      /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (typing || box.contains(target)) return;
    if (event.key === "/" || event.key === "s" || event.key === "f") {
      event.preventDefault();
      open();
    }
  });

  // Moving the keyboard focus out of the box closes it, so it never hides the page.
  box.addEventListener("focusout", function (event) {
    var next = event.relatedTarget;
    if (next && !box.contains(next) && next !== opener) close();
  });

  // Clicking outside the box on a wide screen closes the dropdown, as in Material.
  // (A target no longer in the page is a control the box has just redrawn: inside.)
  document.addEventListener("click", function (event) {
    if (toggle.checked && event.target.isConnected && !box.contains(event.target) &&
        !(opener && opener.contains(event.target))) {
      close();
    }
  });

  var q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    open();
    run(true);
  }
})();
