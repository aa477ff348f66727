"""The offline image CAPTCHA (django-simple-captcha: Pillow draws it with its bundled font; no outside service) as
the platform's forms use it, with a Chinese label, help and errors and a widget without inline script or style."""

from __future__ import annotations

from captcha.fields import CaptchaField, CaptchaTextInput

# User-facing messages (tests import them).
CAPTCHA_REQUIRED = "请输入图片中的验证码。"
CAPTCHA_WRONG = "验证码不正确，请按新的图片重新输入（每张图片只能用一次）。"
CAPTCHA_HELP = "请输入图片中的 4 个字母，不区分大小写。看不清可点“换一张”。"


class ChineseCaptchaInput(CaptchaTextInput):
    template_name = "core/captcha_widget.html"
    # One <label> for the answer box (id_for_label is the text input), not a fieldset whose inputs have no name.
    use_fieldset = False


def captcha_field() -> CaptchaField:
    return CaptchaField(
        label="验证码", help_text=CAPTCHA_HELP, widget=ChineseCaptchaInput(),
        error_messages={"required": CAPTCHA_REQUIRED, "invalid": CAPTCHA_WRONG, "incomplete": CAPTCHA_REQUIRED},
    )  # fmt: skip
