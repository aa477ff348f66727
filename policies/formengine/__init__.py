"""The online form engine: a pack's form templates as HTML inputs, the POST parsed back, validation, prefill
from the enterprise profile and the completeness report. Pure functions over the stored form dicts; each
module owns one step (paths, values, stored, slots, validate, post, prefill, subtypes, layout, render, and html /
html_tables, which draw each field).

Values (chosen so that JSON round-trips them exactly):
  text, long_text, phone, email, uscc, id_number, industry      str
  date "YYYY-MM-DD", year_month "YYYY-MM"                       str
  integer, year                                                 int
  number, money, percentage                                     str, a normalised decimal ("1234.5", "0.1")
  boolean                                                       bool
  single_choice                                                 {"value": str, "other": str}
  multiple_choice                                               {"values": [str, ...], "other": str}
  year_table                                                    {row_id: {"2020": value, ...}}
  table                                                         [{column_id: value}, ...]
A blank value is absent, never 0 or "".

Raw text. What the user typed but is not a value of the field's kind ("12,3万", "2023-13-01") is never
lost: parse_submission keeps it in `answers[form_id]["_raw"]` (RAW_KEY; path -> typed text; field ids can
never start with "_") and also returns it flattened. Saving the answers saves the raw text with them, so a
reloaded draft shows what was typed, and validate_answers reports it again. Code that reads values must
walk the schema's fields (as every function here does), not the keys of an answers dict.

Paths name a value for errors, comments and anchors: "2-2.project_name", "2-1.economy.total_assets.2021"
(year table: row, year), "3.quantity[0].indicator" (table: row index, column), "<path>.other" (the text
of a choice's "其他（请注明）").
"""
