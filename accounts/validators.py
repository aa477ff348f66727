"""Password rule beyond Django's validators: letters and digits both required."""

from django.core.exceptions import ValidationError

PASSWORD_NEEDS_LETTER_AND_DIGIT = "密码必须同时包含字母和数字。"


class CharacterClassValidator:
    def validate(self, password: str, user=None) -> None:
        if not (any(c.isalpha() for c in password) and any(c.isdigit() for c in password)):
            raise ValidationError(PASSWORD_NEEDS_LETTER_AND_DIGIT, code="password_character_classes")

    def get_help_text(self) -> str:
        return PASSWORD_NEEDS_LETTER_AND_DIGIT


class ChineseMinimumLengthValidator:
    """Django's zh-hans catalogue lacks this message, so users would see English; say it in Chinese."""

    def __init__(self, min_length: int = 10):
        self.min_length = min_length

    def validate(self, password: str, user=None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(f"密码长度太短，至少需要 {self.min_length} 个字符。", code="password_too_short")

    def get_help_text(self) -> str:
        return f"密码至少需要 {self.min_length} 个字符。"
