"""Password rules beyond Django's validators (issue 16 §12): three character classes, none of the last five
passwords, and never the public demo password outside the demo."""

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError

PASSWORD_NEEDS_THREE_CLASSES = "密码须包含大写字母、小写字母、数字和符号中的至少三类。"
PASSWORD_RECENTLY_USED = "新密码不能与最近 {count} 次使用过的密码相同。"
PASSWORD_IS_DEMO = "该密码是演示环境的公开密码，不能使用。"
PASSWORD_DEMO_HELP = "不能使用演示环境公开的密码。"


def character_classes(password: str) -> int:
    """How many of upper-case letters, lower-case letters, digits and other characters the password has. A
    letter without case (Chinese) counts as a symbol: it is neither of the two cased classes."""
    return sum(
        (
            any(c.isupper() for c in password),
            any(c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not (c.isupper() or c.islower() or c.isdigit()) for c in password),
        )
    )


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password: str, user=None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(PASSWORD_NEEDS_THREE_CLASSES, code="password_character_classes")

    def get_help_text(self) -> str:
        return PASSWORD_NEEDS_THREE_CLASSES


class ChineseMinimumLengthValidator:
    """Django's zh-hans catalogue lacks this message, so users would see English; say it in Chinese."""

    def __init__(self, min_length: int = 10):
        self.min_length = min_length

    def validate(self, password: str, user=None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(f"密码长度太短，至少需要 {self.min_length} 个字符。", code="password_too_short")

    def get_help_text(self) -> str:
        return f"密码至少需要 {self.min_length} 个字符。"


class PasswordHistoryValidator:
    """Not the current password, nor one of the previous ones, up to `depth` in all (their argon2 hashes are
    kept in PasswordHistory by accounts.services)."""

    def __init__(self, depth: int = 5):
        self.depth = depth

    def validate(self, password: str, user=None) -> None:
        if user is None or user.pk is None:
            return
        hashes = list(user.password_history.values_list("password", flat=True)[: self.depth])
        if user.password and user.password not in hashes:
            hashes = [user.password, *hashes][: self.depth]
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(PASSWORD_RECENTLY_USED.format(count=self.depth), code="password_recently_used")

    def get_help_text(self) -> str:
        return PASSWORD_RECENTLY_USED.format(count=self.depth)


class DemoPasswordValidator:
    """The demo's password is printed in the README: only the demo (DEMO_DATA_ALLOWED, or DEBUG) may use it."""

    def validate(self, password: str, user=None) -> None:
        from accounts.demo import DEMO_PASSWORD

        if settings.DEBUG or getattr(settings, "DEMO_DATA_ALLOWED", False):
            return
        if password.strip().casefold() == DEMO_PASSWORD.casefold():
            raise ValidationError(PASSWORD_IS_DEMO, code="password_is_demo")

    def get_help_text(self) -> str:
        return PASSWORD_DEMO_HELP
