"""The facts vocabulary as data: versioned files (facts-v<N>.yaml) a pack names, with years relative to the
notice year, expanded into one notice year's concrete facts by facts_for_notice_year()."""

from policies.vocabulary.expand import (  # noqa: F401 - the package's interface
    DEFAULT_VERSION,
    fact_in_any_year,
    facts_for_notice_year,
    facts_for_notice_years,
    pack_folder_year,
    pack_folder_years,
    profile_years,
    relative_label,
    same_family,
    vocabulary,
)
from policies.vocabulary.schema import VocabularyInvalid, vocabulary_validate  # noqa: F401
