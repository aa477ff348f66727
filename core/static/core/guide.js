// The section navigator of long forms (core/templates/core/_section_nav.html): each entry's count of the
// slots filled in its section, kept up to date as the person types, and the button that jumps to the next
// slot still empty. The server renders the same counts (core/guide.py), so the page is right without this file.
// A slot is an element with data-guide-slot (a box, or the group around a set of choices); it is filled when
// one of its boxes holds text or one of its choices is ticked. Delegated, so what htmx swaps in counts too.
(function () {
  "use strict";
  var NARROW = window.matchMedia("(max-width: 1023px)");
  var lastSlot = null; // the slot the person was last in: "next" starts after it
  var pending = false;

  function controls(slot) {
    if (slot.matches("input, select, textarea")) return [slot];
    return Array.prototype.slice.call(slot.querySelectorAll("input:not([type=hidden]), select, textarea"));
  }

  function isFilled(slot) {
    return controls(slot).some(function (box) {
      if (box.type === "radio" || box.type === "checkbox") return box.checked;
      return box.value.trim() !== "";
    });
  }

  function sectionsOf(nav) {
    return Array.prototype.slice.call(nav.querySelectorAll("[data-guide-entry]")).map(function (entry) {
      return { entry: entry, element: document.getElementById(entry.dataset.guideEntry) };
    });
  }

  function slotsIn(element) {
    return element ? Array.prototype.slice.call(element.querySelectorAll("[data-guide-slot]")) : [];
  }

  function countText(required, requiredFilled, all, filled) {
    return required > 0 ? "必填 " + requiredFilled + "/" + required : "已填 " + filled + "/" + all;
  }

  // Only a changed text is written: the observer below would otherwise see every write and count again.
  function setText(element, text) {
    if (element.textContent !== text) element.textContent = text;
  }

  function update(nav) {
    var sum = { required: 0, requiredFilled: 0, all: 0, filled: 0 };
    sectionsOf(nav).forEach(function (section) {
      var count = section.entry.querySelector("[data-guide-count]");
      if (!count || !section.element) return;
      var slots = slotsIn(section.element);
      var required = slots.filter(function (s) { return s.hasAttribute("data-guide-required"); });
      var requiredFilled = required.filter(isFilled).length;
      var filled = slots.filter(isFilled).length;
      setText(count, countText(required.length, requiredFilled, slots.length, filled));
      var done = required.length > 0 ? requiredFilled === required.length : filled === slots.length;
      section.entry.classList.toggle("guide__entry--done", done);
      sum.required += required.length; sum.requiredFilled += requiredFilled;
      sum.all += slots.length; sum.filled += filled;
    });
    var overall = nav.querySelector("[data-guide-overall]");
    if (overall) setText(overall, countText(sum.required, sum.requiredFilled, sum.all, sum.filled));
    var button = nav.querySelector("[data-guide-next]");
    if (button) button.setAttribute("aria-disabled", missing(nav).length ? "false" : "true");
  }

  function updateAll() {
    pending = false;
    document.querySelectorAll("[data-guide]").forEach(update);
  }

  function schedule() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(updateAll);
  }

  // The slots the button visits, in page order: the empty required ones (or, in "any" mode, every empty one).
  function missing(nav) {
    var everySlot = nav.dataset.guideMode === "any";
    var out = [];
    sectionsOf(nav).forEach(function (section) {
      slotsIn(section.element).forEach(function (slot) {
        if ((everySlot || slot.hasAttribute("data-guide-required")) && !isFilled(slot)) out.push(slot);
      });
    });
    return out;
  }

  function nextAfter(list, from) {
    if (from && document.contains(from)) {
      for (var i = 0; i < list.length; i++) {
        if (from.compareDocumentPosition(list[i]) & Node.DOCUMENT_POSITION_FOLLOWING) return list[i];
      }
    }
    return list[0];
  }

  // Scroll the slot into view below whatever stays stuck at the top (the navigator's bar on a narrow
  // screen), a little lower than the edge so its label shows too, then focus its first box.
  function jump(nav, slot) {
    var box = controls(slot)[0] || slot;
    // On a narrow screen the bar sticks to the top once the page scrolls past it: leave its height free.
    var covered = NARROW.matches && window.getComputedStyle(nav).position === "sticky" ? nav.offsetHeight : 0;
    var label = slot.closest(".form-field, .choice-group, td") || slot;
    var top = label.getBoundingClientRect().top + window.scrollY - covered - 16;
    window.scrollTo(0, Math.max(0, top));
    if (!box.matches("a, button, input, select, textarea, [tabindex]")) box.setAttribute("tabindex", "-1");
    box.focus({ preventScroll: true });
    lastSlot = slot;
  }

  function closeOnNarrow(nav) {
    var details = nav.querySelector("[data-guide-details]");
    if (details) details.open = !NARROW.matches;
  }

  function init(root) {
    (root || document).querySelectorAll("[data-guide]:not([data-guide-ready])").forEach(function (nav) {
      nav.setAttribute("data-guide-ready", "");
      closeOnNarrow(nav);
      update(nav);
    });
  }

  document.addEventListener("input", schedule);
  document.addEventListener("change", schedule);
  document.addEventListener("focusin", function (event) {
    var slot = event.target.closest && event.target.closest("[data-guide-slot]");
    if (slot) lastSlot = slot;
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-guide-next]");
    var nav = event.target.closest("[data-guide]");
    if (!nav) return;
    if (button) {
      event.preventDefault();
      var slot = nextAfter(missing(nav), lastSlot);
      var status = nav.querySelector("[data-guide-status]");
      if (slot) {
        if (NARROW.matches) nav.querySelector("[data-guide-details]").open = false;
        jump(nav, slot);
      }
      if (status) setText(status, slot ? "" : "没有未填写的项目了。");
      return;
    }
    // A section chosen from the list on a narrow screen: close the list, which would cover the section.
    if (event.target.closest(".guide__list a") && NARROW.matches) {
      nav.querySelector("[data-guide-details]").open = false;
    }
  });
  // The calculator's choice of items: 全部 and single items exclude each other, so the boxes say what is asked.
  // In the capture phase, before htmx (listening on the fieldset) posts the choice.
  document.addEventListener("change", function (event) {
    var box = event.target;
    var choice = box.closest && box.closest(".item-choice");
    if (!choice || box.name !== "item" || !box.checked) return;
    choice.querySelectorAll("input[name=item]").forEach(function (other) {
      if (other !== box && (box.value === "all" || other.value === "all")) other.checked = false;
    });
  }, true);
  NARROW.addEventListener("change", function () { document.querySelectorAll("[data-guide]").forEach(closeOnNarrow); });
  document.addEventListener("DOMContentLoaded", function () {
    init(document);
    // Ticking an item posts the choice (the fieldset's own hx-post), whose answer carries the results as well: the
    // change stops at the fieldset, so that the form's hx-trigger (meant for a typed fact) posts no second request.
    document.querySelectorAll(".item-choice").forEach(function (choice) {
      choice.addEventListener("change", function (event) { event.stopPropagation(); });
    });
    // Rows added or removed (forms.js) and parts htmx swaps in change the slots without an input event.
    new MutationObserver(function () { init(document); schedule(); }).observe(document.body, { childList: true, subtree: true });
  });
})();
