"""Demo data: several hundred clearly fictional organisations with coherent survey answers.

Everything is generated deterministically from the hand-written building blocks below
(name parts, countries, per-type offer/seek patterns, phrase templates), so two runs give
the same organisations and the survey answers fit each type: a CDMO offers manufacturing
capacity, a vaccine biotech seeks funding and technology transfer, a government agency
offers funding and procurement. Every name is invented; every e-mail address is at
example.org or example.com. Codes come from the engine's vocabulary
(`partnering_engine.matching.taxonomy`).
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from partnering_engine.matching.countries import COUNTRIES
from partnering_engine.matching.taxonomy import OFFER_ANSWERS_SEEK, VOCABULARIES, label

if TYPE_CHECKING:
    from summit.events.models import Event

__all__ = [
    "DEMO_PASSWORD",
    "DemoContact",
    "DemoOrganization",
    "DemoResult",
    "build_demo_organizations",
    "create_demo_organizations",
    "demo_participant_email",
    "demo_participant_organization",
]

#: Every demo participant logs in with this password (the demo is public and fictional).
DEMO_PASSWORD = "demo-participant"
_SEED = 20261121
_FICTIONAL_EN = "A fictional organisation created for the Bio Partnering demo."
_FICTIONAL_KO = "Bio Partnering 데모를 위해 만든 가상의 기관입니다."


@dataclass(frozen=True, slots=True)
class DemoContact:
    """One fictional person of a demo organisation; the first of each is its lead."""

    name: str
    given_name: str
    family_name: str
    email: str
    title: str
    language: str


@dataclass(frozen=True, slots=True)
class DemoOrganization:
    """A demo organisation's profile and survey answers (engine codes) and its people."""

    org_id: str
    name: str
    name_local: str
    org_type: str
    country: str
    website: str
    description: str
    therapeutic_areas: tuple[str, ...]
    modalities: tuple[str, ...]
    offers: tuple[str, ...]
    seeks: tuple[str, ...]
    regions_of_interest: tuple[str, ...]
    languages: tuple[str, ...]
    preferred_partner_types: tuple[str, ...]
    description_offer: str
    description_seek: str
    excluded_partners: tuple[str, ...]
    wishlist: tuple[str, ...]
    contacts: tuple[DemoContact, ...]


@dataclass(frozen=True, slots=True)
class _Profile:
    """What an organisation of one kind works on, offers and seeks (engine codes)."""

    areas: tuple[str, ...]
    modalities: tuple[str, ...]
    offers: tuple[str, ...]
    seeks: tuple[str, ...]
    suffixes: tuple[tuple[str, str], ...] = ()


# ---- per-type patterns ----------------------------------------------------------------------

_ALL_AREAS = (
    "oncology",
    "infectious_disease",
    "vaccines",
    "rare_disease",
    "cns",
    "cardiometabolic",
    "immunology",
    "hematology",
    "respiratory",
)

_PROFILES: dict[str, tuple[_Profile, ...]] = {
    "government": (
        _Profile(
            _ALL_AREAS,
            ("vaccine", "biosimilar", "mab", "diagnostics"),
            ("funding", "regulatory_support", "market_access", "procurement"),
            ("manufacturing_capacity", "tech_transfer_in", "co_development"),
        ),
    ),
    "international_org": (
        _Profile(
            ("vaccines", "infectious_disease", "womens_health", "respiratory"),
            ("vaccine", "mrna", "diagnostics", "plasma_derived"),
            ("funding", "procurement", "regulatory_support", "market_access"),
            ("manufacturing_capacity", "tech_transfer_in", "procurement_supply"),
        ),
    ),
    "global_pharma": (
        _Profile(
            ("oncology", "immunology", "cardiometabolic", "cns", "rare_disease", "vaccines"),
            ("small_molecule", "mab", "adc", "bispecific", "vaccine", "gene_therapy"),
            ("distribution", "market_access", "co_development", "funding", "clinical_capability"),
            ("licensing_in", "co_development", "platform_technology", "manufacturing_capacity"),
        ),
    ),
    "domestic_pharma": (
        _Profile(
            ("cardiometabolic", "oncology", "respiratory", "dermatology_aesthetics", "cns"),
            ("small_molecule", "biosimilar", "peptide", "botulinum_toxin", "recombinant_protein"),
            ("distribution", "manufacturing_capacity", "clinical_capability", "licensing_out"),
            ("licensing_in", "co_development", "tech_transfer_in", "market_access"),
            (("제약", "Pharmaceutical"), ("약품", "Pharm"), ("헬스케어", "Healthcare")),
        ),
    ),
    "biotech": (
        # Vaccine developers: platforms to license, short of money and production know-how.
        _Profile(
            ("vaccines", "infectious_disease", "respiratory"),
            ("vaccine", "mrna", "recombinant_protein"),
            ("licensing_out", "co_development", "platform_technology"),
            ("funding", "tech_transfer_in", "manufacturing_capacity", "regulatory_support"),
            (("백신", "Vaccines"), ("바이오", "Bio"), ("이뮨", "Immune")),
        ),
        # Antibody oncology companies.
        _Profile(
            ("oncology", "hematology", "immunology"),
            ("mab", "adc", "bispecific"),
            ("licensing_out", "co_development", "platform_technology"),
            ("funding", "co_development", "clinical_capability", "manufacturing_capacity"),
            (("테라퓨틱스", "Therapeutics"), ("바이오로직스", "Biologics"), ("온코", "Onco")),
        ),
        # Cell and gene therapy.
        _Profile(
            ("oncology", "rare_disease", "hematology", "ophthalmology"),
            ("cell_therapy", "gene_therapy"),
            ("licensing_out", "co_development"),
            ("funding", "manufacturing_capacity", "clinical_capability", "regulatory_support"),
            (("셀", "Cell Therapies"), ("진", "Gene Therapies"), ("큐어", "Cures")),
        ),
        # Small molecules and peptides for chronic diseases.
        _Profile(
            ("cns", "cardiometabolic", "rare_disease", "respiratory"),
            ("small_molecule", "peptide"),
            ("licensing_out", "co_development"),
            ("licensing_in", "funding", "clinical_capability", "distribution"),
            (("파마", "Pharma"), ("사이언스", "Sciences"), ("랩스", "Labs")),
        ),
        # Drug-delivery and platform companies.
        _Profile(
            ("cardiometabolic", "ophthalmology", "oncology", "cns"),
            ("drug_delivery_platform", "peptide", "mrna"),
            ("platform_technology", "tech_transfer_out", "co_development"),
            ("co_development", "funding", "market_access"),
            (("딜리버리", "Delivery"), ("플랫폼", "Platforms"), ("나노", "Nano")),
        ),
        # Diagnostics and digital health.
        _Profile(
            ("oncology", "infectious_disease", "cns", "cardiometabolic"),
            ("diagnostics", "digital_health"),
            ("platform_technology", "licensing_out", "clinical_capability"),
            ("distribution", "market_access", "funding", "clinical_capability"),
            (("진단", "Diagnostics"), ("헬스", "Health"), ("메디", "Medi")),
        ),
        # Aesthetics and biosimilars, a Korean speciality.
        _Profile(
            ("dermatology_aesthetics", "immunology", "ophthalmology"),
            ("botulinum_toxin", "biosimilar", "recombinant_protein"),
            ("licensing_out", "manufacturing_capacity", "distribution"),
            ("distribution", "market_access", "regulatory_support"),
            (("메디텍", "Meditech"), ("바이오시밀러", "Biosimilars"), ("더마", "Derma")),
        ),
    ),
    "cdmo": (
        _Profile(
            ("oncology", "vaccines", "rare_disease", "immunology"),
            ("mab", "vaccine", "mrna", "adc", "cell_therapy", "gene_therapy", "plasma_derived"),
            ("manufacturing_capacity", "tech_transfer_out", "regulatory_support"),
            ("procurement_supply", "co_development", "tech_transfer_in", "funding"),
            (
                ("바이오로직스", "Biologics"),
                ("바이오솔루션", "Bio Solutions"),
                ("팩토리", "Biofactory"),
            ),
        ),
    ),
    "investor": (
        _Profile(
            ("oncology", "cns", "rare_disease", "immunology", "cardiometabolic", "vaccines"),
            ("mab", "cell_therapy", "gene_therapy", "small_molecule", "digital_health", "mrna"),
            ("funding", "market_access"),
            ("platform_technology", "co_development", "licensing_in"),
            (
                ("인베스트먼트", "Investment"),
                ("벤처스", "Ventures"),
                ("캐피탈", "Capital"),
                ("파트너스", "Partners"),
            ),
        ),
    ),
    "academia": (
        _Profile(
            ("oncology", "infectious_disease", "cns", "rare_disease", "immunology", "vaccines"),
            ("mab", "cell_therapy", "gene_therapy", "small_molecule", "mrna", "diagnostics"),
            ("licensing_out", "tech_transfer_out", "platform_technology", "co_development"),
            ("funding", "co_development", "manufacturing_capacity"),
            (("대학교", "University"), ("과학기술원", "Institute of Science and Technology")),
        ),
    ),
    "hospital": (
        _Profile(
            ("oncology", "hematology", "cardiometabolic", "cns", "rare_disease", "ophthalmology"),
            ("cell_therapy", "diagnostics", "digital_health", "mab"),
            ("clinical_capability", "co_development", "procurement"),
            ("co_development", "funding", "platform_technology"),
            (("병원", "Hospital"), ("의료원", "Medical Center")),
        ),
    ),
}

#: How many organisations of each type, and how many of those are Korean.
_COUNTS: dict[str, tuple[int, int]] = {
    "government": (30, 6),
    "international_org": (16, 0),
    "global_pharma": (30, 0),
    "domestic_pharma": (40, 40),
    "biotech": (100, 45),
    "cdmo": (30, 12),
    "investor": (34, 14),
    "academia": (30, 12),
    "hospital": (24, 12),
}

_TITLES: dict[str, tuple[str, ...]] = {
    "government": ("Director, Bio-Industry Division", "Deputy Director", "Senior Policy Officer"),
    "international_org": ("Head of Partnerships", "Programme Officer", "Senior Technical Adviser"),
    "global_pharma": (
        "Head of Business Development, Asia",
        "Director, Search & Evaluation",
        "Alliance Manager",
    ),
    "domestic_pharma": (
        "Head of Open Innovation",
        "Business Development Director",
        "Licensing Manager",
    ),
    "biotech": (
        "Chief Executive Officer",
        "Chief Business Officer",
        "Head of Business Development",
    ),
    "cdmo": ("Vice President, Sales", "Business Development Manager", "Technical Account Manager"),
    "investor": ("Partner", "Principal", "Investment Manager"),
    "academia": ("Professor", "Head of Technology Transfer Office", "Research Fellow"),
    "hospital": (
        "Director, Clinical Trial Center",
        "Head of Research Partnerships",
        "Clinical Research Manager",
    ),
}

# ---- name parts -----------------------------------------------------------------------------

#: Invented Korean name stems: (Hangul, romanisation).
_KOREAN_STEMS: tuple[tuple[str, str], ...] = (
    ("한빛", "Hanbit"),
    ("세온", "Seon"),
    ("다온", "Daon"),
    ("누리", "Nuri"),
    ("가람", "Garam"),
    ("푸른솔", "Pureunsol"),
    ("미르", "Mireu"),
    ("솔빛", "Solbit"),
    ("하람", "Haram"),
    ("새봄", "Saebom"),
    ("온새", "Onsae"),
    ("아라", "Ara"),
    ("여울", "Yeoul"),
    ("별하", "Byeolha"),
    ("다솜", "Dasom"),
    ("라온", "Raon"),
    ("윤슬", "Yunseul"),
    ("이든", "Eden"),
    ("청람", "Cheongram"),
    ("도담", "Dodam"),
    ("미리내", "Mirinae"),
    ("해솔", "Haesol"),
    ("가온", "Gaon"),
    ("늘봄", "Neulbom"),
    ("빛누리", "Bitnuri"),
    ("한결", "Hangyeol"),
    ("새얀", "Saeyan"),
    ("초롱", "Chorong"),
)

#: Invented Korean cities for government bodies: (Hangul, romanisation).
_KOREAN_CITIES: tuple[tuple[str, str], ...] = (
    ("가람시", "Garam City"),
    ("솔빛시", "Solbit City"),
    ("새봄도", "Saebom Province"),
    ("한결시", "Hangyeol City"),
    ("누리도", "Nuri Province"),
    ("여울시", "Yeoul City"),
)

_KOREAN_GOVERNMENT_PATTERNS: tuple[tuple[str, str], ...] = (
    ("{ko} 바이오헬스산업진흥원", "{en} Biohealth Industry Promotion Agency"),
    ("{ko} 첨단의료산업청", "{en} Advanced Medical Industry Office"),
)

_GOVERNMENT_PATTERNS: tuple[str, ...] = (
    "{country} Agency for Health Industry Partnerships",
    "{country} Biohealth Investment Office",
    "Ministry of Life-Science Trade of {country}",
    "{country} National Vaccine Self-Reliance Programme",
    "{country} Medicines Innovation Bureau",
    "{country} Office for Biomanufacturing Development",
)

_GOVERNMENT_COUNTRIES: tuple[str, ...] = (
    "US", "GB", "DE", "FR", "JP", "SG", "VN", "ID", "TH", "MY", "PH", "IN",
    "AE", "SA", "EG", "KE", "NG", "ZA", "BR", "MX", "CL", "AU", "CA", "UZ",
)  # fmt: skip

_INTERNATIONAL_ORGS: tuple[tuple[str, str], ...] = (
    ("Global Vaccine Access Alliance", "CH"),
    ("Asia-Pacific Health Innovation Forum", "SG"),
    ("International Consortium for Antimicrobial Discovery", "GB"),
    ("Coalition for Neglected Disease Therapeutics", "CH"),
    ("World Biomanufacturing Capacity Network", "BE"),
    ("Pan-African Medicines Partnership", "KE"),
    ("Tropical Disease Cure Initiative", "BR"),
    ("Global Pandemic Readiness Facility", "US"),
    ("International Rare Disease Registry Council", "FR"),
    ("Latin American Biotech Federation", "MX"),
    ("Open Pharma Data Trust", "NL"),
    ("Asian Regulatory Convergence Network", "JP"),
    ("Maternal Health Innovation Alliance", "IN"),
    ("Cold-Chain Vaccine Logistics Compact", "DK"),
    ("Gulf Biohealth Cooperation Council", "AE"),
    ("Mekong Public Health Technology Pool", "TH"),
)

_GLOBAL_STEMS: tuple[str, ...] = (
    "Veltrana", "Oriveda", "Celunor", "Marbeck", "Solvantis", "Kyranth", "Altheon",
    "Norvexa", "Bramwell-Hart", "Quorvia", "Lumexa", "Tevoris", "Zentara", "Castellan",
    "Ardentis", "Halvorsen", "Brightwater", "Ostravia", "Pelmont", "Rivelle", "Sundqvist",
    "Tarragon", "Valtrix", "Wexford-Lane", "Ysolde", "Corvaine", "Delmaris", "Emberly",
    "Fennick", "Gravenor",
)  # fmt: skip

_GLOBAL_SUFFIXES: tuple[str, ...] = (
    "Pharma",
    "Pharmaceuticals",
    "Healthcare",
    "Life Sciences",
    "Biopharma",
)

_GLOBAL_PHARMA_COUNTRIES: tuple[str, ...] = (
    "US", "GB", "CH", "DE", "FR", "JP", "DK", "BE", "IE", "SE", "IT", "NL", "IL", "IN", "CN",
)  # fmt: skip

_WESTERN_STEMS: tuple[str, ...] = (
    "Arvel", "Brisklow", "Corrin", "Dorren", "Elvane", "Feyra", "Galenor", "Halden",
    "Istrava", "Jorvane", "Kestrel", "Lyrion", "Mardale", "Nerin", "Ostrel", "Pelion",
    "Quillon", "Rhodana", "Sablewood", "Tamsin", "Umbrel", "Vireo", "Wrenfield", "Xylara",
    "Yarrow", "Zephyra", "Aldermoor", "Beacon Hill", "Coldharbour", "Driftwood",
    "Eastmere", "Foxglove", "Greyling", "Hollowell", "Ivybridge", "Juniper Point",
    "Kingsmoor", "Larkspur", "Millbrook", "Northwind", "Oakhaven", "Pinecrest",
    "Quarry Lane", "Redfern", "Silverbank", "Thornbury", "Underhill", "Valewood",
    "Westbrook", "Yewdale",
)  # fmt: skip

_COUNTRIES_BY_TYPE: dict[str, tuple[str, ...]] = {
    "biotech": (
        "US", "US", "GB", "DE", "FR", "CH", "JP", "CN", "SG", "AU", "CA", "SE", "DK",
        "NL", "BE", "IL", "IN", "TW", "ES", "IT", "IE", "FI", "NO", "AT", "PL", "HU",
        "BR", "VN",
    ),
    "cdmo": ("US", "IN", "CN", "SG", "DE", "IE", "CH", "IT", "JP", "TW", "BE", "VN", "TH"),
    "investor": ("US", "GB", "SG", "JP", "CH", "HK", "AE", "SA", "DE", "FR", "CN", "SE"),
    "academia": ("US", "GB", "DE", "JP", "SG", "AU", "CA", "NL", "SE", "IL", "CH", "FR"),
    "hospital": ("US", "GB", "DE", "JP", "SG", "AU", "TH", "AE", "IN", "VN", "ES", "TW"),
}  # fmt: skip

_FOREIGN_SUFFIXES: dict[str, tuple[str, ...]] = {
    "cdmo": ("Biomanufacturing", "Biologics CDMO", "Contract Manufacturing", "BioServices"),
    "investor": ("Capital", "Life Ventures", "Health Partners", "Bio Fund"),
    "academia": ("University", "Institute of Biomedicine", "Research Institute"),
    "hospital": ("Medical Center", "University Hospital", "Clinic & Research Hospital"),
}

_COUNTRY_LANGUAGE: dict[str, str] = {
    "JP": "ja", "CN": "zh", "TW": "zh", "HK": "zh", "DE": "de", "AT": "de", "CH": "de",
    "FR": "fr", "BE": "fr", "ES": "es", "MX": "es", "CL": "es", "BR": "pt", "IT": "it",
    "NL": "nl", "SE": "sv", "PL": "pl", "IL": "he", "AE": "ar", "SA": "ar", "EG": "ar",
    "VN": "vi", "ID": "id", "TH": "th", "IN": "hi", "UZ": "ru",
}  # fmt: skip

# ---- people ---------------------------------------------------------------------------------

_KOREAN_FAMILY: tuple[tuple[str, str], ...] = (
    ("김", "Kim"), ("이", "Lee"), ("박", "Park"), ("최", "Choi"), ("정", "Jung"),
    ("강", "Kang"), ("조", "Cho"), ("윤", "Yoon"), ("장", "Jang"), ("임", "Lim"),
    ("한", "Han"), ("오", "Oh"), ("서", "Seo"), ("신", "Shin"), ("권", "Kwon"),
)  # fmt: skip
_KOREAN_GIVEN: tuple[tuple[str, str], ...] = (
    ("지우", "Jiwoo"), ("서연", "Seoyeon"), ("민준", "Minjun"), ("하윤", "Hayoon"),
    ("도윤", "Doyun"), ("유진", "Yujin"), ("지훈", "Jihoon"), ("수민", "Sumin"),
    ("현우", "Hyunwoo"), ("은지", "Eunji"), ("태양", "Taeyang"), ("다혜", "Dahye"),
    ("준서", "Junseo"), ("나리", "Nari"), ("성민", "Sungmin"), ("예린", "Yerin"),
)  # fmt: skip

#: Given and family names by language of the organisation's country.
_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "ja": (("Haruto", "Yui", "Sota", "Aoi", "Ren"), ("Sato", "Takeda", "Morikawa", "Ishida")),
    "zh": (("Wei", "Jing", "Hao", "Lan", "Yue", "Ming"), ("Zhang", "Liu", "Huang", "Zhou", "Lin")),
    "de": (("Lena", "Jonas", "Mia", "Lukas", "Anja"), ("Becker", "Hoffmann", "Brandt", "Vogel")),
    "fr": (("Camille", "Louis", "Chloé", "Inès"), ("Moreau", "Lefèvre", "Girard", "Dubois")),
    "es": (("Lucía", "Mateo", "Sofía", "Diego"), ("García", "Fernández", "Rojas", "Navarro")),
    "pt": (("Tiago", "Beatriz", "Rafael", "Larissa"), ("Silva", "Costa", "Almeida", "Pereira")),
    "ar": (("Omar", "Layla", "Yusuf", "Amira", "Karim"), ("Haddad", "Nasser", "Khalil", "Saleh")),
    "hi": (("Aarav", "Priya", "Rohan", "Ananya", "Vikram"), ("Sharma", "Iyer", "Mehta", "Rao")),
    "vi": (("Linh", "Minh", "Thao", "Quang"), ("Nguyen", "Tran", "Pham", "Le")),
    "id": (("Putri", "Budi", "Sari", "Adi"), ("Santoso", "Wijaya", "Hartono", "Kusuma")),
    "th": (("Niran", "Malee", "Somchai", "Pim"), ("Chaiyaporn", "Srisuk", "Wongsa", "Boonmee")),
    "sv": (("Sven", "Elin", "Maja", "Oskar"), ("Lindqvist", "Berg", "Holm", "Sandberg")),
    "nl": (("Pieter", "Sanne", "Daan", "Femke"), ("de Vries", "Jansen", "Visser", "Bakker")),
    "pl": (("Katarzyna", "Piotr", "Zofia", "Marek"), ("Nowak", "Kowalski", "Wiśniewska", "Zając")),
    "he": (("Noa", "Itai", "Yael", "Amit"), ("Levi", "Mizrahi", "Friedman", "Peretz")),
    "it": (("Giulia", "Marco", "Chiara", "Luca"), ("Rossi", "Bianchi", "Ferrari", "Greco")),
    "ru": (("Dilnoza", "Timur", "Aziza", "Rustam"), ("Karimov", "Yusupova", "Rakhimov", "Aliyeva")),
    "en": (
        ("Emily", "James", "Olivia", "Daniel", "Grace", "Samuel", "Hannah", "Noah", "Ethan", "Ada"),
        ("Carter", "Whitfield", "Brennan", "Okafor", "Mensah", "Thompson", "Reid", "Lawson"),
    ),
}  # fmt: skip

# ---- free-text phrases: (English, Korean) with {area}, {modality}, {region} ------------------

_OFFER_PHRASES: dict[str, tuple[str, str]] = {
    "licensing_out": (
        "out-licensing of our {modality} programmes in {area}",
        "{area} 분야 {modality} 파이프라인의 라이선스 아웃",
    ),
    "co_development": (
        "co-development of {area} candidates from preclinical work to phase 2",
        "전임상부터 임상 2상까지 {area} 후보물질 공동개발",
    ),
    "manufacturing_capacity": (
        "GMP manufacturing capacity for {modality} at clinical and commercial scale",
        "임상·상업 규모의 {modality} GMP 생산 역량",
    ),
    "tech_transfer_out": (
        "technology transfer of our {modality} process know-how",
        "{modality} 공정 노하우의 기술이전",
    ),
    "distribution": (
        "a distribution and sales network across {region}",
        "{region} 전역의 유통·판매망",
    ),
    "funding": (
        "funding for {area} projects, as grants or equity",
        "{area} 프로젝트에 대한 보조금 또는 지분 투자",
    ),
    "procurement": (
        "procurement of {modality} products for public programmes",
        "공공 프로그램을 위한 {modality} 제품 조달",
    ),
    "regulatory_support": (
        "regulatory guidance for approvals in {region}",
        "{region} 인허가 획득 지원",
    ),
    "clinical_capability": (
        "clinical trial sites and experienced investigators in {area}",
        "{area} 임상시험 기관과 숙련된 연구자 네트워크",
    ),
    "platform_technology": (
        "access to our {modality} platform technology",
        "{modality} 플랫폼 기술 활용 기회",
    ),
    "market_access": (
        "market access support in {region}",
        "{region} 시장 진출 지원",
    ),
}

_SEEK_PHRASES: dict[str, tuple[str, str]] = {
    "licensing_in": (
        "in-licensing of late-preclinical or clinical {area} assets",
        "전임상 후기 또는 임상 단계 {area} 자산의 라이선스 인",
    ),
    "co_development": (
        "partners to co-develop {area} programmes",
        "{area} 프로그램을 함께 개발할 파트너",
    ),
    "manufacturing_capacity": (
        "a manufacturing partner with {modality} capacity",
        "{modality} 생산이 가능한 위탁생산 파트너",
    ),
    "tech_transfer_in": (
        "technology transfer of {modality} production",
        "{modality} 생산 기술 도입",
    ),
    "distribution": (
        "distribution partners in {region}",
        "{region} 유통 파트너",
    ),
    "funding": (
        "series A or B investment and grant funding",
        "시리즈 A·B 투자 및 정부 과제 자금",
    ),
    "procurement_supply": (
        "long-term supply contracts with public and private buyers",
        "공공·민간 구매처와의 장기 공급 계약",
    ),
    "regulatory_support": (
        "regulatory advice for filings in {region}",
        "{region} 허가 신청을 위한 인허가 자문",
    ),
    "clinical_capability": (
        "clinical sites for {area} trials",
        "{area} 임상시험을 수행할 기관",
    ),
    "platform_technology": (
        "{modality} platform technologies to build on",
        "협력할 {modality} 플랫폼 기술",
    ),
    "market_access": (
        "market access in {region}",
        "{region} 시장 진출",
    ),
}


_TYPE_PHRASES: dict[str, str] = {
    "government": "a government agency",
    "international_org": "an international organisation",
    "global_pharma": "a global pharmaceutical company",
    "domestic_pharma": "a Korean pharmaceutical company",
    "biotech": "a biotech company",
    "cdmo": "a contract development and manufacturing organisation (CDMO)",
    "investor": "a life-science investor",
    "academia": "a university research group",
    "hospital": "a research hospital",
}


# ---- generation -----------------------------------------------------------------------------


def _topic_particle(word: str) -> str:
    """Korean topic particle: 은 after a final consonant (batchim), 는 after a vowel."""
    last = word[-1]
    if "가" <= last <= "힣":
        return "은" if (ord(last) - ord("가")) % 28 else "는"
    return "은(는)"


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in " -"))
    return kept.replace(" ", "").replace("-", "").lower()


def _ordered(field: str, codes: tuple[str, ...]) -> tuple[str, ...]:
    """Codes in the vocabulary's order, as the engine normalises them."""
    vocabulary = "org_type" if field == "preferred_partner_types" else field
    return tuple(t.code for t in VOCABULARIES[vocabulary] if t.code in codes)


def _pick(rng: random.Random, pool: tuple[str, ...], low: int, high: int) -> tuple[str, ...]:
    """Between `low` and `high` distinct items of `pool`, kept in the pool's order."""
    count = min(len(pool), rng.randint(low, high))
    chosen = set(rng.sample(pool, count))
    return tuple(item for item in pool if item in chosen)


@dataclass(slots=True)
class _Draft:
    """An organisation being built: its identity before its answers and people."""

    org_type: str
    name: str
    name_local: str
    country: str
    profile: _Profile


def _unique(name: str, taken: set[str]) -> bool:
    key = name.casefold()
    if key in taken:
        return False
    taken.add(key)
    return True


def _drafts(rng: random.Random) -> list[_Draft]:
    """Names, countries and profiles of every demo organisation, type by type."""
    drafts: list[_Draft] = []
    taken: set[str] = set()
    stems = list(_KOREAN_STEMS)
    western = list(_WESTERN_STEMS)
    for org_type, (count, korean) in _COUNTS.items():
        profiles = _PROFILES[org_type]
        made = 0
        attempts = 0
        while made < count:
            attempts += 1
            if attempts > count * 50:
                raise RuntimeError(f"demo: not enough name parts for {org_type}")
            profile = profiles[made % len(profiles)]
            is_korean = made < korean
            if org_type == "government":
                if is_korean:
                    city_ko, city_en = _KOREAN_CITIES[made % len(_KOREAN_CITIES)]
                    ko_pattern, en_pattern = _KOREAN_GOVERNMENT_PATTERNS[
                        made % len(_KOREAN_GOVERNMENT_PATTERNS)
                    ]
                    name_local = ko_pattern.format(ko=city_ko)
                    name = en_pattern.format(en=city_en)
                    country = "KR"
                else:
                    index = made - korean
                    country = _GOVERNMENT_COUNTRIES[index % len(_GOVERNMENT_COUNTRIES)]
                    pattern = _GOVERNMENT_PATTERNS[index % len(_GOVERNMENT_PATTERNS)]
                    name = pattern.format(country=COUNTRIES[country].en)
                    name_local = ""
            elif org_type == "international_org":
                name, country = _INTERNATIONAL_ORGS[made]
                name_local = ""
            elif org_type == "global_pharma":
                stem = _GLOBAL_STEMS[made % len(_GLOBAL_STEMS)]
                name = f"{stem} {rng.choice(_GLOBAL_SUFFIXES)}"
                name_local = ""
                country = _GLOBAL_PHARMA_COUNTRIES[made % len(_GLOBAL_PHARMA_COUNTRIES)]
            elif is_korean:
                stem_ko, stem_en = rng.choice(stems)
                suffix_ko, suffix_en = rng.choice(profile.suffixes)
                name_local = f"{stem_ko}{suffix_ko}"
                name = f"{stem_en} {suffix_en}"
                country = "KR"
            else:
                stem = rng.choice(western)
                if org_type == "biotech":
                    suffix = rng.choice(profile.suffixes)[1]
                else:
                    suffix = rng.choice(_FOREIGN_SUFFIXES[org_type])
                name = f"{stem} {suffix}"
                name_local = ""
                country = rng.choice(_COUNTRIES_BY_TYPE[org_type])
            if not _unique(name, taken):
                continue
            drafts.append(_Draft(org_type, name, name_local, country, profile))
            made += 1
    return drafts


def _regions(rng: random.Random, country: str) -> tuple[str, ...]:
    home = COUNTRIES[country].region
    wanted = {"east_asia", home} if country != "KR" else {"north_america", "europe"}
    extra = ("north_america", "europe", "southeast_asia", "middle_east", "latin_america")
    wanted.update(rng.sample(extra, rng.randint(0, 2)))
    order = ("global", "north_america", "europe", "east_asia", "southeast_asia", "south_asia")
    order += ("middle_east", "africa", "latin_america", "oceania")
    return tuple(r for r in order if r in wanted)


def _languages(country: str) -> tuple[str, ...]:
    if country == "KR":
        return ("ko", "en")
    own = _COUNTRY_LANGUAGE.get(country)
    return ("en", own) if own else ("en",)


def _sentence(
    phrases: dict[str, tuple[str, str]],
    codes: tuple[str, ...],
    *,
    korean: bool,
    area: str,
    modality: str,
    region: str,
    offer: bool,
) -> str:
    lang = 1 if korean else 0
    words = {
        "area": label("therapeutic_areas", area, "ko" if korean else "en"),
        "modality": label("modalities", modality, "ko" if korean else "en"),
        "region": label("regions_of_interest", region, "ko" if korean else "en"),
    }
    if not korean:
        words = {key: value if key == "region" else value.lower() for key, value in words.items()}
        words["modality"] = words["modality"].replace("mrna", "mRNA")
    # "Drug delivery platform" already says platform; avoid "platform platform technology".
    parts = [
        phrases[code][lang]
        .format(**words)
        .replace("플랫폼 플랫폼", "플랫폼")
        .replace("platform platform", "platform")
        for code in codes
    ]
    if korean:
        lead = "저희가 제공하는 것: " if offer else "저희가 찾는 것: "
        return lead + "; ".join(parts) + "."
    lead = "We offer " if offer else "We are looking for "
    return lead + "; ".join(parts) + "."


def _partner_types(seeks: tuple[str, ...], org_type: str) -> tuple[str, ...]:
    """Types of organisation whose usual offers answer these seeks."""
    answering = {offer for offer, seek in OFFER_ANSWERS_SEEK.items() if seek in seeks}
    types = [
        kind
        for kind, profiles in _PROFILES.items()
        if kind != org_type and any(set(p.offers) & answering for p in profiles)
    ]
    return tuple(types[:4])


def _contacts(
    rng: random.Random, *, org_id: str, org_type: str, country: str, index: int
) -> tuple[DemoContact, ...]:
    people: list[DemoContact] = []
    titles = _TITLES[org_type]
    domain = "example.org" if index % 2 == 0 else "example.com"
    for position in range(rng.randint(1, 3)):
        title = titles[position % len(titles)]
        if country == "KR":
            family_ko, family_en = rng.choice(_KOREAN_FAMILY)
            given_ko, given_en = rng.choice(_KOREAN_GIVEN)
            name, given, family = f"{family_ko}{given_ko}", given_ko, family_ko
            local = f"{_ascii(given_en)}.{_ascii(family_en)}"
            language = "ko"
        else:
            givens, families = _NAMES.get(_COUNTRY_LANGUAGE.get(country, "en"), _NAMES["en"])
            given, family = rng.choice(givens), rng.choice(families)
            name = f"{given} {family}"
            local = f"{_ascii(given)}.{_ascii(family)}"
            language = "en"
        email = f"{local}.{org_id}.{position + 1}@{domain}"
        people.append(DemoContact(name, given, family, email, title, language))
    return tuple(people)


def build_demo_organizations(*, seed: int = _SEED) -> tuple[DemoOrganization, ...]:
    """The demo organisations with their survey answers and people (deterministic)."""
    rng = random.Random(seed)
    drafts = _drafts(rng)
    built: list[DemoOrganization] = []
    for index, draft in enumerate(drafts, start=1):
        org_id = f"demo-{index:03d}"
        profile = draft.profile
        areas = _ordered("therapeutic_areas", _pick(rng, profile.areas, 1, 3))
        modalities = _ordered("modalities", _pick(rng, profile.modalities, 1, 3))
        offers = _ordered("offers", _pick(rng, profile.offers, 1, 3))
        seeks = _ordered("seeks", _pick(rng, profile.seeks, 1, 3))
        regions = _ordered("regions_of_interest", _regions(rng, draft.country))
        korean = draft.country == "KR"
        context = {
            "area": areas[0],
            "modality": modalities[0],
            "region": next((r for r in regions if r != "east_asia"), regions[0]),
        }
        country_en = COUNTRIES[draft.country].en
        area_list = ", ".join(label("therapeutic_areas", a, "en").lower() for a in areas)
        description = (
            f"{draft.name} is {_TYPE_PHRASES[draft.org_type]} from {country_en}, active in "
            f"{area_list}. {_FICTIONAL_EN}"
        )
        if korean:
            type_ko = label("org_type", draft.org_type, "ko")
            area_ko = ", ".join(label("therapeutic_areas", a, "ko") for a in areas)
            description = (
                f"{draft.name_local}{_topic_particle(draft.name_local)} {area_ko} 분야의 "
                f"{type_ko}입니다. {_FICTIONAL_KO}\n\n{description}"
            )
        slug = _ascii(draft.name)[:40]
        built.append(
            DemoOrganization(
                org_id=org_id,
                name=draft.name,
                name_local=draft.name_local,
                org_type=draft.org_type,
                country=draft.country,
                website=f"https://{slug}.example.com",
                description=description,
                therapeutic_areas=areas,
                modalities=modalities,
                offers=offers,
                seeks=seeks,
                regions_of_interest=regions,
                languages=_ordered("languages", _languages(draft.country)),
                preferred_partner_types=_ordered(
                    "preferred_partner_types", _partner_types(seeks, draft.org_type)
                ),
                description_offer=_sentence(
                    _OFFER_PHRASES, offers, korean=korean, offer=True, **context
                ),
                description_seek=_sentence(
                    _SEEK_PHRASES, seeks, korean=korean, offer=False, **context
                ),
                excluded_partners=(),
                wishlist=(),
                contacts=_contacts(
                    rng,
                    org_id=org_id,
                    org_type=draft.org_type,
                    country=draft.country,
                    index=index,
                ),
            )
        )
    return _with_wishlists(rng, built)


def _with_wishlists(
    rng: random.Random, organizations: list[DemoOrganization]
) -> tuple[DemoOrganization, ...]:
    """Give some organisations a wish list of partners whose offers answer their seeks,
    and a few an excluded competitor of their own type."""
    from dataclasses import replace

    answers: dict[str, list[str]] = {}
    for org in organizations:
        for offer in org.offers:
            answers.setdefault(OFFER_ANSWERS_SEEK[offer], []).append(org.org_id)
    by_type: dict[str, list[str]] = {}
    for org in organizations:
        by_type.setdefault(org.org_type, []).append(org.org_id)
    result: list[DemoOrganization] = []
    for org in organizations:
        wishlist: tuple[str, ...] = ()
        excluded: tuple[str, ...] = ()
        if rng.random() < 0.4:
            candidates = sorted(
                {oid for seek in org.seeks for oid in answers.get(seek, []) if oid != org.org_id}
            )
            if candidates:
                wishlist = tuple(sorted(rng.sample(candidates, min(len(candidates), 3))))
        if rng.random() < 0.06:
            rivals = [oid for oid in by_type[org.org_type] if oid not in (org.org_id, *wishlist)]
            if rivals:
                excluded = (rng.choice(rivals),)
        result.append(replace(org, wishlist=wishlist, excluded_partners=excluded))
    return tuple(result)


# ---- database -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DemoResult:
    """What `create_demo_organizations` did, and a participant login for the demo."""

    organizations_created: int
    users_created: int
    participant_email: str
    password: str


def demo_participant_email() -> str:
    """The participant login the demo prints: the lead of its first biotech."""
    return next(d for d in build_demo_organizations() if d.org_type == "biotech").contacts[0].email


def demo_participant_organization(*, event: Event) -> Any:
    """The organization of the demo's participant login in `event` (None without it)."""
    from summit.organizations.models import Organization

    return Organization.objects.filter(
        event=event, memberships__user__username=demo_participant_email()
    ).first()


def create_demo_organizations(*, event: Event) -> DemoResult:
    """Create the demo organisations, their people (users with `DEMO_PASSWORD`) and
    memberships for `event`, in one transaction. Running it again creates nothing new."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from summit.accounts.models import Profile
    from summit.organizations.models import Membership, Organization

    user_model: Any = get_user_model()
    demo = build_demo_organizations()
    with transaction.atomic():
        existing = set(Organization.objects.filter(event=event).values_list("org_id", flat=True))
        now = timezone.now()
        new_orgs = [
            Organization(
                event=event,
                org_id=d.org_id,
                name=d.name,
                name_local=d.name_local,
                org_type=d.org_type,
                country=d.country,
                website=d.website,
                description=d.description,
                therapeutic_areas=list(d.therapeutic_areas),
                modalities=list(d.modalities),
                offers=list(d.offers),
                seeks=list(d.seeks),
                regions_of_interest=list(d.regions_of_interest),
                languages=list(d.languages),
                preferred_partner_types=list(d.preferred_partner_types),
                description_offer=d.description_offer,
                description_seek=d.description_seek,
                excluded_partners=list(d.excluded_partners),
                wishlist=list(d.wishlist),
                survey_status=Organization.SurveyStatus.SUBMITTED,
                survey_submitted_at=now,
            )
            for d in demo
            if d.org_id not in existing
        ]
        Organization.objects.bulk_create(new_orgs)
        org_by_id = {
            o.org_id: o
            for o in Organization.objects.filter(event=event, org_id__in=[d.org_id for d in demo])
        }
        contacts = [(d, c) for d in demo for c in d.contacts]
        emails = [c.email for _, c in contacts]
        known_users = {u.username: u for u in user_model.objects.filter(username__in=emails)}
        # One hash for all demo users: hashing hundreds of passwords one by one takes minutes.
        password_hash = make_password(DEMO_PASSWORD)
        new_users = [
            user_model(
                username=c.email,
                email=c.email,
                first_name=c.given_name,
                last_name=c.family_name,
                password=password_hash,
            )
            for _, c in contacts
            if c.email not in known_users
        ]
        user_model.objects.bulk_create(new_users)
        users = {u.username: u for u in user_model.objects.filter(username__in=emails)}
        with_profile = set(
            Profile.objects.filter(user__in=users.values()).values_list("user_id", flat=True)
        )
        Profile.objects.bulk_create(
            [
                Profile(user=users[c.email], language=c.language)
                for _, c in contacts
                if users[c.email].pk not in with_profile
            ]
        )
        members = set(
            Membership.objects.filter(event=event, user__in=users.values()).values_list(
                "user_id", flat=True
            )
        )
        new_memberships = []
        for d in demo:
            for position, c in enumerate(d.contacts):
                user = users[c.email]
                if user.pk in members:
                    continue
                new_memberships.append(
                    Membership(
                        event=event,
                        organization=org_by_id[d.org_id],
                        user=user,
                        role=Membership.Role.LEAD if position == 0 else Membership.Role.MEMBER,
                        job_title=c.title,
                    )
                )
        Membership.objects.bulk_create(new_memberships)
    return DemoResult(
        organizations_created=len(new_orgs),
        users_created=len(new_users),
        participant_email=demo_participant_email(),
        password=DEMO_PASSWORD,
    )
