// Keeps a copy of an application form in this browser until the server has saved it, so that
// nothing typed is lost when the session expires or the network drops between autosaves.
(function () {
  "use strict";
  function snapshot(form) {
    var out = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "version" && typeof value === "string") out.push([name, value]);
    });
    return out;
  }
  function restore(form, values) {
    var byName = {};
    values.forEach(function (pair) { (byName[pair[0]] = byName[pair[0]] || []).push(pair[1]); });
    Object.keys(byName).forEach(function (name) {
      form.querySelectorAll('[name="' + CSS.escape(name) + '"]').forEach(function (el, index) {
        if (el.type === "checkbox" || el.type === "radio") el.checked = byName[name].indexOf(el.value) !== -1;
        else if (el.type !== "hidden" && el.type !== "file") el.value = byName[name][index] !== undefined ? byName[name][index] : el.value;
      });
    });
    form.dispatchEvent(new Event("change", { bubbles: true }));
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("application-form");
    if (!form || form.tagName !== "FORM" || !window.localStorage) return;
    var key = "hengyang-draft-" + form.dataset.application;
    // The version the page was saved at (the autosave updates it); every server save raises it by one.
    var version = function () {
      var input = document.getElementById("application-version");
      return input ? Number(input.value) : NaN;
    };
    var store = function (submitted) {
      var entry = { at: Date.now(), version: version(), submitted: submitted === true, values: snapshot(form) };
      try { localStorage.setItem(key, JSON.stringify(entry)); } catch (e) { /* full or disabled */ }
    };
    var stored = null;
    try { stored = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { stored = null; }
    // Sent with 保存草稿 and the page now stands at a later version: the server saved exactly that copy (its
    // fields may come back formatted differently, so comparing values would offer it again). A save that did not
    // arrive (the session had ended, someone saved in between) leaves the version as it was, and it is offered.
    var superseded = stored && stored.submitted && version() > Number(stored.version);
    if (stored && !superseded && JSON.stringify(stored.values) !== JSON.stringify(snapshot(form))) {
      var banner = document.createElement("div");
      banner.className = "notice draft-banner";
      banner.setAttribute("role", "alert");
      banner.innerHTML = '本机浏览器中有尚未保存到服务器的内容（' + new Date(stored.at).toLocaleString("zh-CN") +
        '）。<button type="button" class="button" data-restore>恢复这些内容</button> <button type="button" class="button button--secondary" data-discard>放弃</button>';
      form.parentNode.insertBefore(banner, form);
      banner.querySelector("[data-restore]").addEventListener("click", function () { restore(form, stored.values); banner.remove(); });
      banner.querySelector("[data-discard]").addEventListener("click", function () { localStorage.removeItem(key); banner.remove(); });
    } else if (stored) {
      localStorage.removeItem(key);
    }
    form.addEventListener("input", store);
    form.addEventListener("change", store);
    form.addEventListener("submit", function () { store(true); });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      if (event.detail.elt === form && event.detail.successful && !document.querySelector("#save-status [role=alert]")) {
        localStorage.removeItem(key);
      }
    });
  });
})();
