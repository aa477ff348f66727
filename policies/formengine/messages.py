"""Messages the user sees from the form engine (tests import them)."""

REQUIRED = "此项为必填"
NOT_A_NUMBER = "请输入数字"
NOT_AN_INTEGER = "请输入整数"
NUMBER_TOO_LONG = "数字位数过多（最多 20 位）"
NOT_A_YEAR = "请输入四位年份，如 2023"
BAD_DATE = "日期格式应为 2023-08-25"
BAD_YEAR_MONTH = "年月格式应为 2023-08"
BAD_PHONE = "请输入 11 位手机号码或带区号的电话"
BAD_EMAIL = "请输入有效的电子邮箱，如 name@example.com"
BAD_ID_NUMBER = "请输入 18 位居民身份证号码（最后一位可以是 X）"
BAD_ID_NUMBER_CHECK = "身份证号码最后一位校验码不符，请逐位核对"
BAD_INDUSTRY = {
    "大类": "请以两位行业大类代码开头，如“35 专用设备制造业”",
    "中类": "请以三位行业中类代码开头，如“351 采矿、冶金、建筑专用设备制造”",
    "小类": "请以四位行业小类代码开头，如“3054 日用玻璃制品制造”",
}
UNKNOWN_INDUSTRY = "《国民经济行业分类》（GB/T 4754-2017）中没有行业{level}代码 {code}"
BAD_BOOLEAN = "请选择“是”或“否”"
BAD_VALUE = "填写内容的格式不正确，请重新填写"
TOO_MANY_CHARS = "已输入 {count} 字，超过 {limit} 字的限制"
TOO_SMALL = "不能小于 {limit}"
TOO_LARGE = "不能大于 {limit}"
TOO_MANY_DECIMALS = "最多保留 {decimals} 位小数"
UNKNOWN_OPTION = "所选选项不存在：{value}"
OTHER_REQUIRED = "选择了“{label}”，请注明具体内容"
MIN_ROWS = "至少填写 {count} 行（{label}）"
MAX_ROWS = "最多填写 {count} 行（{label}）"
MIN_ROWS_ACROSS = "“{label}”下至少填写 {count} 行（{tables}，任选其一填写）"
NOT_FILLED = "（未填写）"
SIGNATURE_SLOT = "（签字/盖章）"
# 附件3 绩效目标表: every indicator measurable, the 分值 adding up to the pack's total.
TARGET_NOT_NUMERIC = "定量指标的指标值须写成数值，如“≥500”“≤600”“=100”（可带 %）"
TARGET_NO_STANDARD = "定性指标须写明达到的标准，如“达到预期”“显著提升”"
VALUE_TYPE_UNKNOWN = "指标值类型须为“定量”或“定性”"
WEIGHT_MISSING = "请填写分值（大于 0 的数）"
UNIT_MISSING = "定量指标须写明度量单位，如“万元”“台”“%”"
WEIGHTS_TOTAL = "各指标分值合计须为{required}分（现为{total}分）"
