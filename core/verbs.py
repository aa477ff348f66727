"""Audit verbs and their Chinese labels, one table for every app."""

AUDIT_VERBS: dict[str, str] = {
    "login": "登录",
    "login_failed": "登录失败",
    "logout": "退出登录",
    "password_changed": "修改密码",
    "user_created": "创建用户",
    "user_roles_changed": "变更用户角色",
    "user_deactivated": "停用用户",
    "organisation_created": "创建单位",
    "pack_loaded": "加载政策包",
    "pack_published": "发布政策包",
}


def verb_label(verb: str) -> str:
    return AUDIT_VERBS.get(verb, verb)
