"""Partner matching: the survey vocabulary, survey files, fitted scoring with reasons,
watch-list screening and meeting candidates for the scheduler. No Django.

Modules: `taxonomy` (codes and labels), `countries` (ISO-3166 alpha-2 -> region), `survey`
(read/validate/write survey files), `lexicon` (bilingual concepts), `text` (Korean and
English analysis, TF-IDF, LSA), `scoring` (pair features, block scores), `model` (the
fitted weights file, the rule), `recommend` (top-k lists with strength), `explain`
(reasons in English/Korean from what carried the score),
`screening` (watch lists), `candidates` (scheduler meetings), `synthetic` (believable
synthetic surveys).
"""

from partnering_engine.matching.survey import (
    SurveyError,
    SurveyFileError,
    SurveyReadResult,
    SurveyRow,
    SurveyRowError,
    read_survey,
    write_survey,
)
from partnering_engine.matching.taxonomy import VOCABULARIES, VocabularyError, normalise_value

__all__ = [
    "VOCABULARIES",
    "SurveyError",
    "SurveyFileError",
    "SurveyReadResult",
    "SurveyRow",
    "SurveyRowError",
    "VocabularyError",
    "normalise_value",
    "read_survey",
    "write_survey",
]
