"""Password rule beyond Django's validators: letters and digits both required."""

from django.core.exceptions import ValidationError

PASSWORD_NEEDS_LETTER_AND_DIGIT = "密码必须同时包含字母和数字。"


class CharacterClassValidator:
    def validate(self, password: str, user=None) -> None:
        if not (any(c.isalpha() for c in password) and any(c.isdigit() for c in password)):
            raise ValidationError(PASSWORD_NEEDS_LETTER_AND_DIGIT, code="password_character_classes")

    def get_help_text(self) -> str:
        return PASSWORD_NEEDS_LETTER_AND_DIGIT
