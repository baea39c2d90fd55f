// Videos load from their host only after the reader presses play (privacy: no request
// to another host before that). The player replaces the placeholder in place.
(function () {
  "use strict";
  document.querySelectorAll(".ipt-video").forEach(function (box) {
    var button = box.querySelector(".ipt-video__play");
    if (!button) return;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = box.getAttribute("data-src") + (box.getAttribute("data-src").indexOf("?") < 0 ? "?autoplay=1" : "&autoplay=1");
      frame.title = box.getAttribute("data-title") || "Video";
      frame.allow = "autoplay; encrypted-media; picture-in-picture";
      frame.setAttribute("allowfullscreen", "");
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      frame.className = "ipt-video__frame";
      box.replaceChildren(frame);
      frame.focus();
    });
  });
})();
