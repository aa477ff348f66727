// "换一张" on a CAPTCHA (core/templates/core/captcha_widget.html): fetch a new image and key without reloading the
// page, so nothing typed in the form is lost. Without JavaScript the button stays hidden; a refused form shows a
// new image anyway.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll(".captcha__refresh").forEach(function (button) {
    var box = button.closest(".captcha");
    button.hidden = false;
    button.addEventListener("click", function () {
      fetch(button.dataset.refreshUrl, { headers: { "X-Requested-With": "XMLHttpRequest" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          box.querySelector(".captcha__image").src = data.image_url;
          box.querySelector("input[type=hidden]").value = data.key;
          var answer = box.querySelector("input[type=text]");
          answer.value = "";
          answer.focus();
        });
    });
  });
});
