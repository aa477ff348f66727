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
    "enterprise_registered": "企业注册",
    "enterprise_confirmed": "确认企业账号",
    "enterprise_rejected": "不予确认企业账号",
    "profile_updated": "修改企业档案",
    "member_added": "添加经办人",
    "member_removed": "停用经办人",
    "application_created": "创建申报",
    "application_saved": "保存申报草稿",
    "commitment_signed": "签署真实性承诺",
    "attachment_added": "上传申报材料",
    "attachment_removed": "删除申报材料",
    "application_submitted": "提交申报",
    "application_withdrawn": "撤回申报",
    "submission_window_set": "调整申报时限",
}


def verb_label(verb: str) -> str:
    return AUDIT_VERBS.get(verb, verb)
