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
  var MAX_RESULTS = 10;
  var DELAY_MS = 150;
  var FILTERS = [["type", msg.msgType], ["area", msg.msgArea]];

  var engine = null; // a promise of the Pagefind module, made on first use
  var chosen = { type: [], area: [] };
  var latest = 0;
  var timer = 0;

  function load() {
    if (!engine) {
      var bundle = new URL(msg.bundle, location.href).href;
      var root = new URL(msg.root, location.href).pathname;
      engine = import(bundle + "pagefind.js").then(function (pagefind) {
        return pagefind.options({ baseUrl: root, excerptLength: 24 })
          .then(function () {
            // Loads the (small) filter index, so results come with counts per filter.
            return pagefind.filters();
          })
          .then(function () {
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
      values.forEach(function (v) {
        var count = (remaining[name] && remaining[name][v]) || 0;
        group.appendChild(chip(name, v, chosen[name].indexOf(v) >= 0 ? totals[name][v] : count));
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
        return Promise.all(search.results.slice(0, MAX_RESULTS).map(function (r) {
          return r.data();
        })).then(function (data) {
          if (ticket !== latest) return;
          list.replaceChildren.apply(list, data.map(resultItem));
          drawFilters(search.totalFilters || {}, search.filters || {}, search.results.length);
          say(countText(search.results.length));
        });
      })
      .catch(function () {
        if (ticket !== latest) return;
        engine = null; // try again on the next keystroke (the connection may be back)
        list.replaceChildren();
        filterBar.hidden = true;
        say(msg.msgUnavailable);
      });
  }

  function schedule() {
    clearTimeout(timer);
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
      var back = document.activeElement && box.contains(document.activeElement);
      input.blur();
      if (back && opener && opener.offsetParent !== null) opener.focus();
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
  document.addEventListener("click", function (event) {
    if (toggle.checked && !box.contains(event.target) &&
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
