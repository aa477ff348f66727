"""Login and password forms, with every message in Chinese."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm

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


class ChangePasswordForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "原密码不正确，请重新输入。",
        "password_mismatch": "两次输入的新密码不一致。",
    }

    def save(self, commit=True):  # pragma: no cover - the view calls the service instead
        raise NotImplementedError("use accounts.services.user_change_password")
