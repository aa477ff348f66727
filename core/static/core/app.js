// Small progressive enhancements; the site works without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  // The main menu folds behind a 菜单 button on a phone (app.css decides the width); open, it pushes the page down.
  var nav = document.querySelector(".site-nav");
  var toggle = nav && nav.querySelector(".site-nav__toggle");
  if (toggle) {
    nav.classList.add("site-nav--folding");
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("site-nav--open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // Live character counts for fields with a limit (the template's "500字以内").
  document.querySelectorAll("[data-max-chars]").forEach(function (field) {
    var counter = document.getElementById(field.id + "-count");
    if (!counter) return;
    var limit = parseInt(field.dataset.maxChars, 10);
    var update = function () {
      var used = Array.from(field.value.replace(/\s/g, "")).length;
      counter.textContent = "已输入 " + used + " / " + limit + " 字";
      counter.classList.toggle("field-error", used > limit);
    };
    field.addEventListener("input", update);
    update();
  });
});

// After a refused action the page opens where the person acted: the view names the place
// (data-focus-target), which is scrolled into the middle of the view (its top to the top when it is
// taller than the view: a refused form's section, whose errors are at its top) and focused, so that the
// reason is in view and read out. Run at "load", after the browser has scrolled to the URL's #anchor (an
// upload's or a commitment's form action carries it, for browsers without JavaScript).
window.addEventListener("load", function () {
  var marker = document.querySelector("[data-focus-target]");
  var target = marker && document.getElementById(marker.dataset.focusTarget);
  if (!target) return;
  if (!target.matches("a, button, input, select, textarea, [tabindex]")) target.setAttribute("tabindex", "-1");
  target.scrollIntoView({ block: target.offsetHeight > window.innerHeight ? "start" : "center" });
  target.focus({ preventScroll: true });
});

// "打印本页" buttons: print with the print stylesheet (core/print.css).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});

// A form that asks before it acts (a removal): data-confirm holds the question; 取消 keeps the page as it is.
// Delegated, so forms that htmx swaps in ask too. No inline handler: the CSP forbids them.
document.addEventListener("submit", function (event) {
  var question = event.target.dataset && event.target.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
}, true);
