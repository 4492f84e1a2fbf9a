"""A bilingual concept lexicon: English and Korean phrases -> survey vocabulary codes.

Every concept is a code of the survey's own vocabulary (`taxonomy`): a therapeutic area, a
modality, or a kind of cooperation (an offer/seek code, direction-free: ``licensing``,
``tech_transfer`` and ``procurement`` stand for both sides). Each concept is found by its
taxonomy labels (English and Korean) plus the synonyms below, so a Korean seek
("항체 위탁생산") and an English offer ("antibody contract manufacturing") meet on the same
concepts (``mab``, ``manufacturing_capacity``).

Deal kinds map to the cooperation concepts in both languages: contract manufacturing,
CDMO, fill-finish, 위탁생산, 위탁개발생산, 충전 -> ``manufacturing_capacity``; supply,
procurement, tenders, 공급, 조달, 구매 -> ``procurement``; licensing in or out, 기술수출,
기술도입 -> ``licensing``; 기술이전 of an asset -> ``licensing``, of a process or a production
package -> ``tech_transfer`` (Korean business usage: 파이프라인 기술이전 is the licence deal);
investment, 투자 -> ``funding``; clinical trials, 임상시험 -> ``clinical_capability``;
regulatory, 인허가 -> ``regulatory_support``; distribution, 유통 -> ``distribution``.

Matching rules. English phrases match at a word start, case-insensitively, and are stems
(``antibod`` matches antibody/antibodies); a phrase ending in ``$`` must end the word
(``adc$`` does not match "adcetris"); a space in a phrase matches spaces or a hyphen, a
hyphen also nothing (``co-develop`` matches "co develop" and "codevelop"). Korean phrases
match anywhere, in the text with the spaces between Hangul syllables removed (Korean glues
particles to words and spaces compounds freely: ``위탁생산을``, ``위탁 생산``), so they are
at least two syllables. Phrases that contain a concept's spelling without naming it are
listed per concept and taken out before the concept is counted (`_NOT_MEANT`:
"clinical-stage assets" are not a clinical capability, a conjugate vaccine is not an ADC,
면역항암 is oncology, not immunology).

Speed. `concepts_in` runs once per description on the recommender's hot path (20,000
organizations: 40,000 texts). English patterns are indexed by the first letters of their
spelling and tried only at the text's word starts; Korean phrases are C substring searches,
skipped for text without Hangul.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeAlias

from partnering_engine.matching.taxonomy import VOCABULARIES

__all__ = ["CONCEPTS", "concept_label", "concepts_in", "vocabulary_codes"]

#: Concept -> (English stems, Korean phrases), besides the taxonomy's own labels. Drawn from
#: the field's ordinary vocabulary (disease and modality names, business-development terms in
#: both languages), not from any one organization's wording.
_SYNONYMS: Mapping[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # therapeutic areas
    "oncology": (
        (
            "oncolog",
            "cancer",
            "anticancer",
            "anti-cancer",
            "tumor",
            "tumour",
            "immuno-oncology",
            "carcinoma",
            "leukemi",
            "leukaemi",
            "lymphoma",
            "myeloma",
            "melanoma",
            "sarcoma",
            "glioblastoma",
            "malignan",
            "radioligand",
            "pd-1$",
            "pd-l1$",
            "her2$",
        ),
        (
            "항암",
            "종양",
            "고형암",
            "혈액암",
            "폐암",
            "유방암",
            "위암",
            "간암",
            "대장암",
            "췌장암",
            "암세포",
            "암병원",
            "암센터",
            "백혈병",
            "림프종",
            "골수종",
            "흑색종",
        ),
    ),
    "infectious_disease": (
        (
            "infectio",
            "anti-infective",
            "antiviral",
            "antibiotic",
            "antibacterial",
            "antifungal",
            "antimicrob",
            "pandemic",
            "epidemic",
            "outbreak",
            "pathogen",
            "hiv$",
            "hepatitis",
            "influenza",
            "covid",
            "sars-cov",
            "coronavirus",
            "tubercul",
            "malaria",
            "rsv$",
            "dengue",
            "ebola",
            "mpox",
            "amr$",
            "medical countermeasure",
        ),
        (
            "감염",
            "항바이러스",
            "항생제",
            "항균",
            "팬데믹",
            "전염병",
            "결핵",
            "독감",
            "인플루엔자",
            "코로나",
            "간염",
            "말라리아",
            "에이즈",
        ),
    ),
    "vaccines": (("vaccin", "immunization", "immunisation"), ("백신", "예방접종")),
    "rare_disease": (
        ("rare", "orphan", "enzyme replacement", "lysosomal"),
        ("희귀", "난치", "효소대체"),
    ),
    "cns": (
        (
            "neuro",
            "cns$",
            "brain",
            "alzheimer",
            "parkinson",
            "psychiatr",
            "mental",
            "dementia",
            "epilep",
            "antiseizure",
            "seizure",
            "schizophren",
            "depressi",
            "multiple sclerosis",
            "spinal muscular",
            "migraine",
            "pain$",
        ),
        (
            "신경",
            "치매",
            "뇌질환",
            "퇴행성",
            "정신질환",
            "뇌전증",
            "파킨슨",
            "알츠하이머",
            "조현병",
            "우울증",
            "다발성경화",
            "편두통",
            "통증",
        ),
    ),
    "cardiometabolic": (
        (
            "cardio",
            "metabolic",
            "diabet",
            "obes",
            "heart",
            "nash$",
            "mash$",
            "renal",
            "kidney",
            "nephrolog",
            "liver disease",
            "hypertens",
            "antihypertens",
            "cholesterol",
            "dyslipid",
            "incretin",
        ),
        (
            "심혈관",
            "대사",
            "당뇨",
            "비만",
            "심장",
            "신장질환",
            "만성신",
            "간질환",
            "지방간",
            "고혈압",
            "고지혈",
            "이상지질",
        ),
    ),
    "immunology": (
        (
            "immunolog",
            "autoimmun",
            "inflammat",
            "immune",
            "rheumat",
            "arthritis",
            "lupus",
            "psoria",
            "crohn",
            "colitis",
            "ibd$",
            "allerg",
            "fcrn$",
        ),
        (
            "면역질환",
            "자가면역",
            "염증",
            "면역",
            "류마티스",
            "관절염",
            "루푸스",
            "건선",
            "알레르기",
        ),
    ),
    "ophthalmology": (
        ("ophthalm", "eye", "retina", "retinal", "macular", "glaucoma"),
        ("안과", "망막", "안질환", "황반", "녹내장", "안구"),
    ),
    "dermatology_aesthetics": (
        ("dermat", "skin", "aesthetic", "esthetic", "filler", "hair loss", "alopecia", "acne"),
        ("피부", "미용", "필러", "에스테틱", "탈모", "여드름", "주름"),
    ),
    "hematology": (
        (
            "hematolog",
            "haematolog",
            "blood",
            "hemophilia",
            "haemophilia",
            "leukemi",
            "leukaemi",
            "lymphoma",
            "myeloma",
            "anemi",
            "anaemi",
            "iron deficiency",
            "iron-deficiency",
            "thrombo",
            "sickle",
        ),
        ("혈액", "혈우병", "백혈병", "림프종", "골수종", "빈혈", "혈전"),
    ),
    "respiratory": (
        ("respirat", "lung", "asthma", "copd$", "pulmonary", "cystic fibrosis"),
        ("호흡기", "천식", "폐질환", "폐섬유", "폐렴"),
    ),
    "womens_health": (
        ("women", "gyn", "obstetric", "fertility", "contracept", "menopaus", "endometrio"),
        ("여성", "난임", "산부인과", "피임", "폐경", "갱년기", "자궁"),
    ),
    # modalities
    "vaccine": (("vaccin",), ("백신",)),
    "mrna": (("mrna$", "messenger rna", "lnp$", "lipid nanoparticle"), ("메신저", "지질나노")),
    "mab": (
        # Bispecifics are antibodies (이중항체 contains 항체 in Korean too).
        ("antibod", "mab$", "mabs$", "monoclonal", "bispecific", "multispecific"),
        ("항체", "단일클론"),
    ),
    "adc": (
        (
            "adc$",
            "adcs$",
            "antibody-drug conjugate",
            "drug conjugate",
            "conjugat",
            "bioconjugat",
            "payload",
            "linker",
        ),
        ("접합", "페이로드", "링커"),
    ),
    "bispecific": (
        ("bispecific", "multispecific", "bi-specific", "bifunctional", "t-cell engager"),
        ("이중항체", "다중항체", "이중특이", "다중특이"),
    ),
    "cell_therapy": (
        (
            "cell therap",
            "cell and gene therap",
            "cell-based therap",
            "car-t",
            "car-nk",
            "nk cell",
            "t-cell therap",
            "stem cell",
            "mesenchymal",
            "allogeneic",
            "autologous",
            "ipsc$",
        ),
        ("세포치료", "세포유전자치료", "줄기세포", "면역세포", "중간엽"),
    ),
    "gene_therapy": (
        (
            "gene therap",
            "genetic therap",
            "gene and cell therap",
            "cell and gene therap",
            "gene editing",
            "crispr",
            "aav$",
            "lentivir",
            "viral vector",
        ),
        ("유전자", "바이럴벡터", "바이러스벡터"),
    ),
    "biosimilar": (("biosimilar",), ("바이오시밀러", "동등생물")),
    "small_molecule": (
        (
            "small molecule",
            "small-molecule",
            "chemical",
            "synthetic drug",
            "inhibitor",
            "degrader",
            "generic",
            "active pharmaceutical ingredient",
            "compound librar",
        ),
        (
            "저분자",
            "합성신약",
            "화합물",
            "케미칼",
            "제네릭",
            "복제약",
            "개량신약",
            "억제제",
            "저해제",
            "분해제",
        ),
    ),
    "peptide": (("peptide", "incretin", "glp-1"), ("펩타이드", "펩티드")),
    "plasma_derived": (
        ("plasma", "immunoglobulin", "albumin", "fractionat"),
        ("혈장", "혈액제제", "면역글로불린", "알부민"),
    ),
    "botulinum_toxin": (("botulinum", "toxin"), ("보툴리눔", "톡신")),
    "recombinant_protein": (
        ("recombinant", "protein", "enzyme", "fusion protein"),
        ("재조합", "단백질", "효소"),
    ),
    "drug_delivery_platform": (
        (
            "drug delivery",
            "formulation",
            "long-acting",
            "delivery technolog",
            "oral deliver",
            "subcutaneous",
            "sustained-release",
            "half-life extension",
            "brain shuttle",
            "blood-brain barrier",
            "bbb$",
            "transdermal",
            "microneedle",
        ),
        (
            "약물전달",
            "제형",
            "장기지속",
            "지속형",
            "서방형",
            "피하주사",
            "뇌혈관장벽",
            "셔틀",
            "마이크로니들",
        ),
    ),
    "diagnostics": (
        ("diagnos", "assay", "test kit", "biomarker"),
        ("진단", "바이오마커"),
    ),
    "digital_health": (
        (
            "digital",
            "ai$",
            "artificial intelligence",
            "machine learning",
            "big data",
            "real-world data",
            "data-driven",
            "data platform",
        ),
        ("디지털", "인공지능", "빅데이터", "머신러닝"),
    ),
    # kinds of cooperation (offers and seeks)
    "licensing": (
        (
            "licens",
            "licenc",
            "in-licens",
            "out-licens",
            "sublicens",
            "sublicenc",
            "rights",
            "royalt",
        ),
        # In Korean pharma business usage 기술이전 / 기술수출 of an asset is the licence out
        # and 기술도입 the licence in; of a process they are technology transfer (below).
        ("라이선스", "라이센스", "기술수출", "도입", "기술이전", "기술도입", "판권"),
    ),
    "co_development": (
        (
            "co-develop",
            "codevelop",
            "joint develop",
            "co-research",
            "joint research",
            "joint clinical",
            "joint project",
            "research collaboration",
            "research partnership",
            "collaborative research",
            "co-commerciali",
            "develop and commerciali",
            "development and commerciali",
            "partnering",
        ),
        ("공동개발", "공동연구", "공동임상", "함께개발", "개발상업화", "공동사업", "파트너링"),
    ),
    "manufacturing_capacity": (
        (
            "manufactur",
            "biomanufactur",
            "cdmo$",
            "cdmos$",
            "cmo$",
            "production",
            "fill-finish",
            "fill and finish",
            "gmp$",
            "cgmp$",
            "capacity",
            "process development",
            "scale-up",
        ),
        ("생산", "제조", "위탁생산", "위탁개발", "cdmo", "충전", "완제", "공정개발", "스케일업"),
    ),
    "tech_transfer": (
        ("technology transfer", "tech transfer", "know-how", "localiz", "localis", "transfer"),
        ("기술이전", "현지화", "노하우", "기술전수"),
    ),
    "distribution": (
        (
            "distribut",
            "commerciali",
            "sales",
            "marketing",
            "commercial reach",
            "commercial presence",
            "commercial network",
            "commercial footprint",
            "commercial infrastructure",
            "logistic",
            "wholesal",
            "commercial capabilit",
        ),
        ("유통", "판매", "영업", "상업화", "직판", "물류"),
    ),
    "funding": (
        ("fund", "invest", "capital", "grant", "financ", "venture", "equity", "loan"),
        ("투자", "자금", "펀드", "지원금", "출자", "재원", "보조금", "융자", "연구비", "비용조달"),
    ),
    "procurement": (
        (
            "procure",
            "purchas",
            "tender",
            "stockpil",
            "supply",
            "supplie",
            "buyer",
            "advance market commitment",
        ),
        ("조달", "구매", "공급", "비축", "납품", "입찰"),
    ),
    "regulatory_support": (
        (
            "regulat",
            "approval",
            "registration",
            "marketing authori",
            "reliance",
            "dossier",
            "filing",
            "scientific advice",
            "review pathway",
        ),
        ("인허가", "허가", "규제", "심사"),
    ),
    "clinical_capability": (
        (
            "clinical",
            "trial",
            "cro$",
            "investigator",
            "multicent",
            "multi-regional",
            "multiregional",
            "development capabilit",
            "development expertise",
            "late-stage development",
        ),
        ("임상",),
    ),
    "platform_technology": (
        ("platform", "enabling technolog", "complementary technolog"),
        ("플랫폼", "원천기술", "보완기술"),
    ),
    "market_access": (
        (
            "market access",
            "market entry",
            "entering",
            "entry point",
            "export",
            "new market",
            "overseas market",
            "growth market",
            "payer",
            "reimburs",
            "go-to-market",
            "launch",
            "commercial presence",
            "commercial reach",
            "commercial footprint",
            "global expansion",
            "international expansion",
            "overseas expansion",
            "expand into",
            "other market",
            "international market",
            "foreign market",
            "market opportunit",
        ),
        (
            "시장진출",
            "해외진출",
            "진출",
            "시장진입",
            "출시",
            "해외시장",
            "신규시장",
            "신흥시장",
            "수출",
            "판로",
        ),
    ),
}

#: Concept -> phrases (regular expressions over the case-folded text, Korean written
#: without spaces) that contain one of its spellings but do not name it: an asset's stage is
#: not a clinical capability, a conjugate vaccine is not an ADC, 기술수출 is a licence, not
#: an export.
_NOT_MEANT: Mapping[str, tuple[str, ...]] = {
    "clinical_capability": (
        r"clinical[\s-]+stage",
        r"clinical(?:ly)?[\s-]+validated",
        r"clinically",
        r"clinical (?:and|or|to) (?:late[\s-])?preclinical",
        r"clinical[\s-]+(?:asset|candidate|program|pipeline|product)",
        r"clinical nutrition",
        r"clinical and commercial process",
        r"pre-?clinical",
        r"임상단계",
        r"임상(?:또는|및|이나)?전임상",
        r"임상상업화공정",
        r"전임상",
        r"비임상",
        r"임상(?:후보|파이프라인|과제|에셋)",
    ),
    "manufacturing_capacity": (
        r"trial capacity",
        r"clinical capacity",
        r"gmp\s?(?:inspection|실사)",
        # "transfers it to manufacturers", "sublicenses them to generic manufacturers"
        r"(?:transfer|sublicen[cs]e|licen[cs]e)\w* (?:\w+ ){0,3}to (?:\w+ ){0,3}manufacturers",
    ),
    "adc": (
        r"conjugate[sd]?(?: and \w+)? vaccine",
        r"liver[\s-]targeted conjugate",
        r"galnac",
        r"sirna conjugate",
        r"접합[가-힣]{0,5}백신",
        r"간표적접합",
    ),
    "immunology": (
        r"immune cell",
        r"immune checkpoint",
        r"면역항암",
        r"면역세포",
        r"면역글로불린",
        r"면역관문",
    ),
    "hematology": (r"blood[\s-]brain", r"혈액뇌", r"혈액제제"),
    "cns": (r"brain[\s-]shuttle",),
    "procurement": (r"(?:비용|자금|재원)조달",),
    "cardiometabolic": (
        r"liver cancer",
        r"liver[\s-]targeted",
    ),
    "recombinant_protein": (r"protein degrad", r"단백질분해"),
    "distribution": (
        r"(?:co-)?develop(?:ment|ing)? and commerciali[sz]\w*",
        r"commerciali[sz]\w* of [\w\s-]{0,40}technolog\w*",
        r"technology commerciali[sz]\w*",
        r"개발상업화",
        r"임상상업화공정",
        r"상업화단계",
    ),
    "market_access": (r"기술수출",),
    "funding": (r"joint venture", r"capital market"),
    "regulatory_support": (
        r"허가받",
        r"허가된",
        r"승인받",
        r"regulated (?:and \w+ )?markets?",
        r"규제기관실사",
    ),
    "tech_transfer": (
        # 기술이전 of a pipeline asset, or offered beside co-development, is the licence deal.
        r"(?:파이프라인|후보물질|에셋|신약|과제|프로그램|플랫폼)[가-힣]{0,8}기술(?:이전|도입)",
        r"기술이전(?:또는|및|과|이나)?공동(?:개발|연구)",
        r"공동(?:개발|연구)(?:또는|및|과|이나)?기술이전",
    ),
    "licensing": (
        # ... and 기술이전 of a process, a production line or a package is not.
        r"(?:공정|생산|제조|패키지)[가-힣]{0,8}기술(?:이전|도입)",
        r"기술(?:이전|도입)패키지",
    ),
}

#: Direction-free concept -> (offer code, seek code) of the survey.
_COOPERATION = {
    "licensing": ("licensing_out", "licensing_in"),
    "tech_transfer": ("tech_transfer_out", "tech_transfer_in"),
    "procurement": ("procurement", "procurement_supply"),
}
_COOPERATION.update(
    {t.code: (t.code, t.code) for t in VOCABULARIES["offers"] if t.code not in _COOPERATION}
)
_COOPERATION.pop("licensing_out", None)
_COOPERATION.pop("tech_transfer_out", None)

#: All concepts, in a stable order (the columns of concept vectors).
CONCEPTS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [t.code for t in VOCABULARIES["therapeutic_areas"] if t.code != "other"]
        + [t.code for t in VOCABULARIES["modalities"] if t.code != "other"]
        + list(_COOPERATION)
    )
)

_CONCEPT_LABELS = {
    "licensing": ("Licensing", "라이선스"),
    "tech_transfer": ("Technology transfer", "기술이전"),
    "procurement": ("Procurement / supply", "조달·공급"),
}


def concept_label(concept: str, lang: str = "en") -> str:
    """The display label of a concept in `lang`."""
    if concept in _CONCEPT_LABELS:
        en, ko = _CONCEPT_LABELS[concept]
        return ko if lang == "ko" else en
    for field in ("therapeutic_areas", "modalities", "offers"):
        for term in VOCABULARIES[field]:
            if term.code == concept:
                return term.label(lang)
    return concept


def _english_pattern(stem: str) -> str:
    whole = stem.endswith("$")
    body = re.escape(stem.rstrip("$")).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?")
    return rf"(?<![a-z0-9]){body}" + (r"(?![a-z0-9])" if whole else "")


_ANCHOR = re.compile(r"[a-z0-9\uac00-\ud7a3]+")


def _anchor(spelling: str) -> str:
    """The longest plain run of letters every match of `spelling` contains."""
    return max(_ANCHOR.findall(spelling.rstrip("$").casefold()), key=len, default="")


_HANGUL_GAP = re.compile(r"(?<=[\uac00-\ud7a3])[\s·ㆍ・]+(?=[\uac00-\ud7a3])")


def _normalised(text: str) -> str:
    """Case-folded, with the spaces and middle dots between two Hangul syllables removed:
    Korean spaces compounds freely (위탁생산 / 위탁 생산, 세포치료제 / 세포 치료제), so
    Korean phrases are written and searched without them."""
    return _HANGUL_GAP.sub("", text.casefold())


@dataclass(frozen=True)
class _Spellings:
    """How one concept is found: Korean phrases are plain substrings (they match anywhere);
    English alternatives are (spelling, plain substring every match contains, pattern
    matching at a word start). Text that `not_meant` matches is taken out before a second
    look."""

    korean: tuple[str, ...]
    english: tuple[tuple[str, str, re.Pattern[str]], ...]
    not_meant: re.Pattern[str] | None

    def named_in(self, text: str) -> bool:
        return any(phrase in text for phrase in self.korean) or any(
            anchor in text and pattern.search(text) for _, anchor, pattern in self.english
        )


def _patterns() -> dict[str, _Spellings]:
    """Concept -> its spellings (taxonomy labels and synonyms), normalised."""
    patterns: dict[str, _Spellings] = {}
    labels: dict[str, list[str]] = {}
    for field in ("therapeutic_areas", "modalities", "offers", "seeks"):
        for term in VOCABULARIES[field]:
            concept = term.code
            for code, (offer, seek) in _COOPERATION.items():
                if term.code in (offer, seek):
                    concept = code
            if concept in CONCEPTS:
                labels.setdefault(concept, []).extend([term.en.casefold(), term.ko])
    for concept in CONCEPTS:
        english, korean = _SYNONYMS.get(concept, ((), ()))
        spellings = [s for s in labels.get(concept, []) if not s.startswith(("technology", "기타"))]
        ascii_labels = [s.casefold() for s in spellings if s.isascii() and len(s) > 3]
        hangul = [s for s in (*korean, *spellings) if not s.isascii()]
        excluded = _NOT_MEANT.get(concept, ())
        patterns[concept] = _Spellings(
            korean=tuple(dict.fromkeys(_normalised(s) for s in hangul)),
            english=tuple(
                (s.casefold(), _anchor(s), re.compile(_english_pattern(s.casefold())))
                for s in dict.fromkeys((*english, *ascii_labels))
            ),
            not_meant=re.compile("|".join(excluded)) if excluded else None,
        )
    return patterns


_PATTERNS = _patterns()

_Entry: TypeAlias = tuple[str, re.Pattern[str]]


def _word_start_index() -> dict[str, tuple[_Entry, ...]]:
    """English patterns by the first three characters of their spelling (fewer when a space
    or hyphen, which the pattern lets vary, comes earlier): a text is searched only at its
    word starts, and there only with the patterns whose spelling begins with the letters
    found there."""
    index: dict[str, list[_Entry]] = {}
    for concept, spellings in _PATTERNS.items():
        for spelling, _, pattern in spellings.english:
            key = spelling[:3]
            while not key.isalnum():
                key = key[:-1]
            index.setdefault(key, []).append((concept, pattern))
    return {k: tuple(v) for k, v in index.items()}


_BY_START = _word_start_index()
_KOREAN_PHRASES: tuple[tuple[str, str], ...] = tuple(
    (phrase, concept) for concept, s in _PATTERNS.items() for phrase in s.korean
)
_WORD_START = re.compile(r"(?<![a-z0-9])[a-z0-9]")
_ANY_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_NO_ENTRIES: tuple[_Entry, ...] = ()


@functools.lru_cache(maxsize=65536)
def concepts_in(text: str) -> frozenset[str]:
    """The concepts (`CONCEPTS`) a free text mentions, in English or Korean."""
    normalised = _normalised(text)
    found: set[str] = set()
    for start in _WORD_START.finditer(normalised):
        at = start.start()
        for length in (3, 2, 1):
            for concept, pattern in _BY_START.get(normalised[at : at + length], _NO_ENTRIES):
                if concept not in found and pattern.match(normalised, at):
                    found.add(concept)
    if _ANY_HANGUL.search(normalised):
        found.update(c for phrase, c in _KOREAN_PHRASES if c not in found and phrase in normalised)
    for concept in list(found):
        not_meant = _PATTERNS[concept].not_meant
        if not_meant is not None and not _PATTERNS[concept].named_in(
            not_meant.sub(" ", normalised)
        ):
            found.discard(concept)
    return frozenset(found)


def vocabulary_codes(concepts: frozenset[str], field: str) -> tuple[str, ...]:
    """The survey codes of `field` (``therapeutic_areas``, ``modalities``, ``offers`` or
    ``seeks``) that `concepts` stand for, in vocabulary order: a text-only survey row is
    given the codes its descriptions mention (the rule-based fallback)."""
    wanted: set[str] = set()
    for concept in concepts:
        if field in ("offers", "seeks") and concept in _COOPERATION:
            offer, seek = _COOPERATION[concept]
            wanted.add(offer if field == "offers" else seek)
        elif field in ("therapeutic_areas", "modalities"):
            wanted.add(concept)
    return tuple(t.code for t in VOCABULARIES[field] if t.code in wanted)
