// The form engine's enhancements (applications/form_fields.html): repeating tables (add, remove, move)
// and character counters. No framework; works without htmx and after htmx swaps. The page works
// without JavaScript too: the server renders enough blank rows and every counter's starting text.
(function () {
  "use strict";
  if (window.HengyangForms) return; // loaded twice (e.g. by an htmx swap): the first copy is enough

  var NEW_ROW_KEY = "NEWROW"; // the placeholder key in each table's <template> row
  var sequence = 0;

  // Characters as the template's "500字以内" counts them: whitespace does not count.
  function countChars(text) {
    return Array.from(text.replace(/\s/g, "")).length;
  }

  function updateCounter(field) {
    var counter = document.getElementById(field.id + "-count");
    if (!counter) return;
    var limit = parseInt(field.getAttribute("data-max-chars"), 10);
    var used = countChars(field.value);
    var over = used - limit;
    counter.textContent = "已输入 " + used + " / " + limit + " 字" + (over > 0 ? "，超出 " + over + " 字" : "");
    counter.classList.toggle("field-error", over > 0);
  }

  function freshKey() {
    sequence += 1;
    return "n" + Date.now().toString(36) + sequence.toString(36) + Math.floor(Math.random() * 1296).toString(36);
  }

  function rowsOf(table) {
    var body = table.querySelector("tbody[data-rows]");
    return body ? Array.prototype.filter.call(body.children, function (tr) { return tr.hasAttribute("data-row"); }) : [];
  }

  // Row numbers, the "（未填写）" placeholder and the add button's state after every change.
  function refresh(table) {
    var rows = rowsOf(table);
    rows.forEach(function (row, index) {
      row.querySelectorAll("[data-row-number]").forEach(function (span) { span.textContent = String(index + 1); });
      var up = row.querySelector('[data-row-action="up"]');
      var down = row.querySelector('[data-row-action="down"]');
      if (up) up.disabled = index === 0;
      if (down) down.disabled = index === rows.length - 1;
    });
    var body = table.querySelector("tbody[data-rows]");
    if (body) {
      Array.from(body.children).forEach(function (tr) { if (!tr.hasAttribute("data-row")) tr.remove(); });
    }
    var max = parseInt(table.getAttribute("data-max-rows") || "0", 10);
    var add = table.querySelector('[data-row-action="add"]');
    if (add) add.disabled = max > 0 && rows.length >= max;
  }

  function announce(table, message) {
    var status = table.querySelector("[data-row-status]");
    if (status) status.textContent = message;
  }

  function addRow(table) {
    var template = table.querySelector("template[data-row-template]");
    var body = table.querySelector("tbody[data-rows]");
    if (!template || !body) return;
    var max = parseInt(table.getAttribute("data-max-rows") || "0", 10);
    if (max > 0 && rowsOf(table).length >= max) {
      announce(table, "最多 " + max + " 行，不能再添加");
      return;
    }
    // A fresh key in every name, id, label and the hidden row-key input of the new row.
    var html = template.innerHTML.split(NEW_ROW_KEY).join(freshKey());
    var holder = document.createElement("tbody");
    holder.innerHTML = html.trim();
    var row = holder.querySelector("tr[data-row]");
    if (!row) return;
    body.appendChild(row);
    refresh(table);
    init(row);
    announce(table, "已添加第 " + rowsOf(table).length + " 行");
    var first = row.querySelector("input:not([type=hidden]), textarea, select");
    if (first) first.focus();
  }

  function moveRow(table, row, direction) {
    var rows = rowsOf(table);
    var index = rows.indexOf(row);
    var target = rows[index + direction];
    if (!target) return;
    if (direction < 0) target.before(row);
    else target.after(row);
    refresh(table);
    announce(table, "已移到第 " + (index + direction + 1) + " 行");
    var button = row.querySelector('[data-row-action="' + (direction < 0 ? "up" : "down") + '"]');
    if (button && !button.disabled) button.focus();
    else {
      var other = row.querySelector('[data-row-action="' + (direction < 0 ? "down" : "up") + '"]');
      if (other) other.focus();
    }
  }

  function removeRow(table, row) {
    var rows = rowsOf(table);
    var index = rows.indexOf(row);
    var next = rows[index + 1] || rows[index - 1];
    var typed = Array.prototype.some.call(row.querySelectorAll("input:not([type=hidden]), textarea"), function (el) {
      return (el.type === "radio" || el.type === "checkbox") ? el.checked : el.value.trim() !== "";
    });
    if (typed && !window.confirm("确定删除第 " + (index + 1) + " 行吗？该行已填写的内容将一并删除。")) return;
    row.remove();
    refresh(table);
    announce(table, "已删除第 " + (index + 1) + " 行");
    var focus = next ? next.querySelector('[data-row-action="remove"]') : table.querySelector('[data-row-action="add"]');
    if (focus) focus.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-row-action]");
    if (!button) return;
    var table = button.closest("[data-repeat-table]");
    if (!table) return;
    event.preventDefault();
    var action = button.getAttribute("data-row-action");
    var row = button.closest("tr[data-row]");
    if (action === "add") addRow(table);
    else if (action === "up" && row) moveRow(table, row, -1);
    else if (action === "down" && row) moveRow(table, row, 1);
    else if (action === "remove" && row) removeRow(table, row);
  });

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("[data-max-chars]")) updateCounter(event.target);
  });

  function init(root) {
    root = root || document;
    if (root.matches && root.matches("[data-max-chars]")) updateCounter(root);
    if (root.querySelectorAll) {
      root.querySelectorAll("[data-max-chars]").forEach(updateCounter);
      root.querySelectorAll("[data-repeat-table]").forEach(refresh);
      if (root.matches && root.matches("[data-repeat-table]")) refresh(root);
    }
  }

  window.HengyangForms = { init: init, countChars: countChars };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    init((event.detail && event.detail.elt) || event.target);
  });
})();
