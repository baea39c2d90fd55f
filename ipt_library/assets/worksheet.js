/*
 * IPT Library worksheets: keep a reader's answers in this browser only.
 *
 * Answers are saved in localStorage under "ipt-worksheet:<slug>-<lang>" as the reader
 * types, restored when the page loads again, and removed by "Clear my answers" (the
 * form's reset button, after a confirmation). Nothing is sent over the network and no
 * library is used. Status changes are announced through the form's role="status" line.
 * Assumes full page loads (Material's instant navigation off).
 */
(function () {
  "use strict";

  var PREFIX = "ipt-worksheet:";
  var SAVE_DELAY_MS = 400;

  function openStorage() {
    // Private modes and strict settings throw on access or on write.
    try {
      var store = window.localStorage;
      var probe = PREFIX + "probe";
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (error) {
      return null;
    }
  }

  function controls(form) {
    var all = form.querySelectorAll("input[name], textarea[name], select[name]");
    var kept = [];
    for (var i = 0; i < all.length; i += 1) {
      var type = all[i].type;
      if (type !== "submit" && type !== "reset" && type !== "button" && type !== "file") {
        kept.push(all[i]);
      }
    }
    return kept;
  }

  function collect(form) {
    var answers = {};
    var count = 0;
    controls(form).forEach(function (element) {
      if (element.type === "checkbox") {
        if (element.checked) {
          answers[element.name] = true;
          count += 1;
        }
      } else if (element.type === "radio") {
        if (element.checked) {
          answers[element.name] = element.value;
          count += 1;
        }
      } else if (element.value !== "") {
        answers[element.name] = element.value;
        count += 1;
      }
    });
    return count ? answers : null;
  }

  function apply(form, answers) {
    var restored = 0;
    controls(form).forEach(function (element) {
      if (!Object.prototype.hasOwnProperty.call(answers, element.name)) {
        return;
      }
      var value = answers[element.name];
      if (element.type === "checkbox") {
        element.checked = value === true;
      } else if (element.type === "radio") {
        element.checked = String(value) === element.value;
      } else if (typeof value === "string") {
        element.value = value;
      } else {
        return;
      }
      restored += 1;
    });
    return restored;
  }

  function read(store, key) {
    try {
      var data = JSON.parse(store.getItem(key) || "null");
      return data && typeof data.answers === "object" ? data.answers : null;
    } catch (error) {
      return null;
    }
  }

  function setup(form) {
    var key = PREFIX + form.getAttribute("data-worksheet");
    var status = form.querySelector(".ipt-worksheet__status");
    var store = openStorage();
    var timer = null;
    var announcedSave = false;

    function say(message) {
      if (status && message) {
        status.textContent = message;
      }
    }

    // Never submit: there is nowhere to send answers to.
    form.addEventListener("submit", function (event) {
      event.preventDefault();
    });

    var printButton = form.querySelector(".ipt-worksheet__print");
    if (printButton && typeof window.print === "function") {
      printButton.hidden = false;
      printButton.addEventListener("click", function () {
        window.print();
      });
    }

    if (!store) {
      say(form.getAttribute("data-msg-unavailable"));
      return;
    }
    var note = form.querySelector(".ipt-worksheet__saving");
    if (note) {
      note.hidden = false;
    }

    var saved = read(store, key);
    if (saved && apply(form, saved) > 0) {
      say(form.getAttribute("data-msg-restored"));
    }

    function save() {
      window.clearTimeout(timer);
      timer = null;
      var answers = collect(form);
      try {
        if (answers) {
          store.setItem(key, JSON.stringify({ version: 1, answers: answers }));
        } else {
          store.removeItem(key);
        }
      } catch (error) {
        say(form.getAttribute("data-msg-unavailable"));
        return;
      }
      if (answers && !announcedSave) {
        announcedSave = true;
        say(form.getAttribute("data-msg-saved"));
      }
    }

    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, SAVE_DELAY_MS);
    });
    form.addEventListener("change", save);
    window.addEventListener("pagehide", function () {
      if (timer !== null) {
        save();
      }
    });

    form.addEventListener("reset", function (event) {
      if (!window.confirm(form.getAttribute("data-msg-confirm"))) {
        event.preventDefault();
        return;
      }
      window.clearTimeout(timer);
      timer = null;
      try {
        store.removeItem(key);
      } catch (error) {
        // Nothing else to remove.
      }
      announcedSave = false;
      // The browser empties the fields right after this event.
      window.setTimeout(function () {
        say(form.getAttribute("data-msg-cleared"));
      }, 0);
    });
  }

  function start() {
    var forms = document.querySelectorAll("form.ipt-worksheet[data-worksheet]");
    for (var i = 0; i < forms.length; i += 1) {
      setup(forms[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
