// A material file larger than the platform accepts is refused here, before it is sent: the server would refuse
// it too (applications.uploads, core.upload_limits), but only after the browser had spent the time sending it.
// The message is the server's own (data-too-large), shown under the file box.
(function () {
  "use strict";
  function sizeText(bytes) {
    return (Math.ceil((bytes * 10) / (1024 * 1024)) / 10).toFixed(1);
  }
  function messageFor(form) {
    var box = form.querySelector(".upload-size-error");
    if (!box) {
      box = document.createElement("p");
      box.className = "field-error upload-size-error";
      box.setAttribute("role", "alert");
      var input = form.querySelector('input[type="file"]');
      input.insertAdjacentElement("afterend", box);
    }
    return box;
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.upload-form[data-max-bytes]").forEach(function (form) {
      var limit = Number(form.dataset.maxBytes);
      var input = form.querySelector('input[type="file"]');
      if (!input || !limit) return;
      var check = function () {
        var file = input.files && input.files[0];
        var tooLarge = file && file.size > limit;
        var old = form.querySelector(".upload-size-error");
        if (!tooLarge) {
          if (old) old.remove();
          input.removeAttribute("aria-invalid");
          return true;
        }
        messageFor(form).textContent = form.dataset.tooLarge.replace("{name}", file.name).replace("{size}", sizeText(file.size));
        input.setAttribute("aria-invalid", "true");
        return false;
      };
      input.addEventListener("change", check);
      form.addEventListener("submit", function (event) {
        if (!check()) {
          event.preventDefault();
          input.focus();
        }
      });
    });
  });
})();
