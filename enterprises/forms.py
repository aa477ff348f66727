"""Registration, confirmation and member forms. Every message is Chinese and sits next to its field."""

from __future__ import annotations

from django import forms

from accounts.models import Jurisdiction
from core.captcha import captcha_field
from core.forms import LineField
from core.validators import normalise_phone, validate_uscc

MOBILE_INVALID = "请输入 11 位手机号码，如 13812345678。"
PASSWORDS_DIFFER = "两次输入的密码不一致。"


def clean_mobile(value: str) -> str:
    mobile = normalise_phone(value, landline=False)
    if mobile is None:
        raise forms.ValidationError(MOBILE_INVALID)
    return mobile


class RegistrationForm(forms.Form):
    name = LineField(label="企业名称", max_length=128, help_text="与营业执照一致")
    uscc = forms.CharField(label="统一社会信用代码", max_length=40, help_text="18 位，见营业执照")
    jurisdiction = forms.ModelChoiceField(
        label="所属县市区/园区", queryset=Jurisdiction.objects.filter(is_active=True), empty_label="请选择",
        help_text="由该县市区、园区的工信部门确认账号并受理申报",
    )  # fmt: skip
    legal_representative_name = LineField(label="法定代表人", max_length=64)
    contact_name = LineField(label="申报联系人（经办人）姓名", max_length=64)
    contact_mobile = forms.CharField(label="联系人手机号码", max_length=20)
    email = forms.EmailField(label="电子邮箱", required=False, error_messages={"invalid": "请输入正确的电子邮箱地址。"})
    username = forms.RegexField(
        label="登录用户名", max_length=64, regex=r"^[A-Za-z0-9_.-]{4,64}$",
        error_messages={"invalid": "用户名为 4-64 位字母、数字或 _ . -"},
    )  # fmt: skip
    password = forms.CharField(label="密码", widget=forms.PasswordInput(render_value=True), strip=False)
    password_again = forms.CharField(label="再次输入密码", widget=forms.PasswordInput(render_value=True), strip=False)
    captcha = captcha_field()

    def clean_uscc(self):
        result = validate_uscc(self.cleaned_data["uscc"])
        if not result.valid:
            raise forms.ValidationError(result.message)
        return result.code

    def clean_contact_mobile(self):
        return clean_mobile(self.cleaned_data["contact_mobile"])

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", PASSWORDS_DIFFER)
        return data


class RejectForm(forms.Form):
    reason = forms.CharField(label="不予确认的理由", max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class MemberForm(forms.Form):
    full_name = LineField(label="姓名", max_length=64)
    mobile = forms.CharField(label="手机号码", max_length=20)
    username = forms.RegexField(
        label="登录用户名", max_length=64, regex=r"^[A-Za-z0-9_.-]{4,64}$",
        error_messages={"invalid": "用户名为 4-64 位字母、数字或 _ . -"},
    )  # fmt: skip
    password = forms.CharField(
        label="初始密码", strip=False, widget=forms.PasswordInput(render_value=True),
        help_text="请当面或电话告知该经办人，并提醒其登录后修改密码。",
    )  # fmt: skip

    def clean_mobile(self):
        return clean_mobile(self.cleaned_data["mobile"])


class IdentityChangeForm(forms.Form):
    """A confirmed enterprise's new name or code, confirmed by the county before it is used (issue 16 §5)."""

    name = LineField(label="企业名称", max_length=128, help_text="与营业执照一致")
    uscc = forms.CharField(label="统一社会信用代码", max_length=40, help_text="18 位，见营业执照")

    def clean_uscc(self):
        result = validate_uscc(self.cleaned_data["uscc"])
        if not result.valid:
            raise forms.ValidationError(result.message)
        return result.code
