/*
 * IPT Library catalogue filter bar: narrows the list of resources on the page without
 * reloading. The page works without this script (its facet links lead to static pages);
 * with it, the links give way to checkboxes. Within a facet any checked term matches,
 * across facets all must. The state lives in the URL query (?type=worksheet&phase=final),
 * so a filtered list can be shared, and Back steps through the changes. The count line
 * is a live region: screen readers hear how many resources are left. On a phone the panel
 * starts folded; its summary names the terms chosen.
 */
(function () {
  "use strict";

  var form = document.querySelector("form.ipt-filter");
  var catalogue = document.querySelector(".ipt-catalogue");
  if (!form || !catalogue) return;

  var lang = document.documentElement.lang;
  var cards = Array.prototype.slice.call(catalogue.querySelectorAll(".ipt-card"));
  var sections = Array.prototype.slice.call(catalogue.querySelectorAll(".ipt-group"));
  var groups = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-param]"));
  var countLine = document.querySelector(".ipt-count-line");
  var links = document.querySelector(".ipt-facets");
  var panel = form.querySelector(".ipt-filter__panel");
  var chosenLine = form.querySelector(".ipt-filter__chosen");
  // Phones: the panel starts folded so the list is in view (Material's small breakpoint).
  var narrow = window.matchMedia("(max-width: 44.984375em)");
  var patterns = JSON.parse(form.getAttribute("data-count-patterns"));
  var forms = form.getAttribute("data-count-index");
  // The build writes numbers with Latin digits (Babel's default): match it.
  var numbers = new Intl.NumberFormat(lang, { numberingSystem: "latn" });

  function countText(n) {
    var which = Number(forms.charAt(Math.min(n, forms.length - 1)));
    return patterns[which].replace("#", numbers.format(n));
  }

  function termsOf(card, group) {
    var value = card.getAttribute("data-" + group.getAttribute("data-attr")) || "";
    return value.split(" ").filter(Boolean);
  }

  function boxes(group) {
    return Array.prototype.slice.call(group.querySelectorAll("input[type=checkbox]"));
  }

  // The state: for each facet's URL parameter, the checked term ids.
  function fromURL() {
    var params = new URLSearchParams(location.search);
    var state = {};
    groups.forEach(function (group) {
      var name = group.getAttribute("data-param");
      var known = boxes(group).map(function (box) { return box.value; });
      state[name] = params.getAll(name).filter(function (v) { return known.indexOf(v) >= 0; });
    });
    return state;
  }

  function fromForm() {
    var state = {};
    groups.forEach(function (group) {
      state[group.getAttribute("data-param")] = boxes(group)
        .filter(function (box) { return box.checked; })
        .map(function (box) { return box.value; });
    });
    return state;
  }

  function toURL(state) {
    var params = new URLSearchParams(location.search);
    groups.forEach(function (group) {
      var name = group.getAttribute("data-param");
      params.delete(name);
      state[name].forEach(function (v) { params.append(name, v); });
    });
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "") + location.hash;
  }

  function matches(card, state, skip) {
    return groups.every(function (group) {
      var chosen = state[group.getAttribute("data-param")];
      if (group === skip || !chosen.length) return true;
      return termsOf(card, group).some(function (t) { return chosen.indexOf(t) >= 0; });
    });
  }

  function apply(state) {
    var shown = 0;
    cards.forEach(function (card) {
      var keep = matches(card, state, null);
      card.hidden = !keep;
      if (keep) shown += 1;
    });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector(".ipt-card:not([hidden])");
    });
    // Each term's count: the resources it would show, given the other facets' choices.
    groups.forEach(function (group) {
      var chosen = state[group.getAttribute("data-param")];
      boxes(group).forEach(function (box) {
        box.checked = chosen.indexOf(box.value) >= 0;
        var n = cards.filter(function (card) {
          return matches(card, state, group) && termsOf(card, group).indexOf(box.value) >= 0;
        }).length;
        var count = box.parentNode.querySelector(".ipt-filter__count");
        if (count) count.textContent = "(" + numbers.format(n) + ")";
      });
    });
    var text = countText(shown);
    if (countLine.textContent !== text) countLine.textContent = text;
    if (chosenLine) {
      var names = [];
      groups.forEach(function (group) {
        boxes(group).forEach(function (box) {
          if (box.checked) names.push(box.nextElementSibling.textContent.trim());
        });
      });
      chosenLine.textContent = names.join(", ");
    }
  }

  form.addEventListener("change", function () {
    var state = fromForm();
    history.pushState({ iptFilter: true }, "", toURL(state));
    apply(state);
  });

  form.addEventListener("reset", function (event) {
    event.preventDefault();
    var state = {};
    groups.forEach(function (group) { state[group.getAttribute("data-param")] = []; });
    history.pushState({ iptFilter: true }, "", toURL(state));
    apply(state);
  });

  window.addEventListener("popstate", function () {
    apply(fromURL());
  });

  form.hidden = false;
  if (links) links.hidden = true;
  var initial = fromURL();
  apply(initial);
  var anyChosen = Object.keys(initial).some(function (name) { return initial[name].length; });
  if (panel && narrow.matches && !anyChosen) panel.open = false;
})();
