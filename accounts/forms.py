"""Login and password forms, with every message in Chinese."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

from accounts import lockout
from core.captcha import captcha_field
from core.middleware import client_ip
from core.ratelimit import rate_limit_hit

LOGIN_INVALID = "用户名或密码错误。连续输错 5 次，账号将被锁定 30 分钟。"
LOGIN_INACTIVE = "该账号已停用，请联系所属单位管理员。"


class LoginForm(AuthenticationForm):
    error_messages = {"invalid_login": LOGIN_INVALID, "inactive": LOGIN_INACTIVE}

    username = forms.CharField(
        label="用户名", max_length=150, widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"})
    )
    password = forms.CharField(
        label="密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.rate_limited = False
        # The CAPTCHA once this address, or the user name being tried, has failed recently (accounts.lockout).
        username = str(self.data.get("username", "")) if self.is_bound else ""
        if request is not None and lockout.login_captcha_required(ip=client_ip(request), username=username):
            self.fields["captcha"] = captcha_field()

    def clean(self):
        # Per address, before any password is checked (issue 16 §4); per user name is axes' lockout.
        refusal = rate_limit_hit(self.request, action="login") if self.request is not None else None
        if refusal is not None:
            self.rate_limited = True
            raise forms.ValidationError(refusal.message, code="rate_limited")
        if "captcha" in self._errors:
            return self.cleaned_data  # no password is tried without the CAPTCHA
        return super().clean()


class ChangePasswordForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "原密码不正确，请重新输入。",
        "password_mismatch": "两次输入的新密码不一致。",
    }

    def save(self, commit=True):  # pragma: no cover - the view calls the service instead
        raise NotImplementedError("use accounts.services.user_change_password")


OTP_CODE_WRONG = "动态口令不正确或已过期，请输入验证器上当前显示的 6 位数字。"
REAUTH_WRONG = "密码或动态口令不正确，请重新输入。"


class OTPCodeForm(forms.Form):
    token = forms.CharField(
        label="动态口令",
        min_length=6,
        max_length=8,
        help_text="验证器应用（如 FreeOTP、Microsoft Authenticator）上显示的 6 位数字。",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        error_messages={"required": "请输入动态口令。", "min_length": OTP_CODE_WRONG, "max_length": OTP_CODE_WRONG},
    )


class ReauthenticateForm(forms.Form):
    reauth_secret = forms.CharField(
        label="登录密码或动态口令",
        strip=False,
        max_length=128,
        help_text="为确认是您本人操作，请再次输入登录密码，或验证器上当前的动态口令。",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
        error_messages={"required": "请输入登录密码或动态口令。"},
    )
