"""Countries: ISO-3166 alpha-2 codes, their English and Korean names, and their region.

The table covers every officially assigned ISO-3166 alpha-2 code (249: the sovereign
states and the territories; Antarctica maps to ``global``); Central Asian states are
grouped with ``south_asia``, Turkey with ``middle_east``, the Caribbean with
``latin_america``. A survey's ``country`` cell may hold the alpha-2 code
(``KR``), an English name (``South Korea``, ``Korea, Republic of``) or a Korean name
(``대한민국``, ``한국``), in any letter case; `normalise_country` returns the code. Each
country maps to one region of the ``regions_of_interest`` vocabulary, used for the region
fit of a match.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from partnering_engine.errors import InputError

__all__ = [
    "COUNTRIES",
    "Country",
    "CountryError",
    "country_name",
    "normalise_country",
    "region_of",
    "suggest_country",
]


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    en: str
    ko: str
    region: str
    #: Further accepted spellings (English or Korean).
    aliases: tuple[str, ...] = ()

    def name(self, lang: str = "en") -> str:
        return self.ko if lang == "ko" else self.en


# code | English name | Korean name | region | aliases (";"-separated)
_TABLE = """
KR|South Korea|대한민국|east_asia|Korea;Republic of Korea;Korea, Republic of;한국;남한;ROK
KP|North Korea|조선민주주의인민공화국|east_asia|DPRK;북한
JP|Japan|일본|east_asia|
CN|China|중국|east_asia|People's Republic of China;PRC;중화인민공화국
TW|Taiwan|대만|east_asia|Chinese Taipei;타이완
HK|Hong Kong|홍콩|east_asia|Hong Kong SAR
MO|Macao|마카오|east_asia|Macau
MN|Mongolia|몽골|east_asia|
US|United States|미국|north_america|USA;United States of America;U.S.;U.S.A.;America
CA|Canada|캐나다|north_america|
MX|Mexico|멕시코|latin_america|
GB|United Kingdom|영국|europe|UK;U.K.;Great Britain;Britain;England;Scotland;Wales
IE|Ireland|아일랜드|europe|
FR|France|프랑스|europe|
DE|Germany|독일|europe|Deutschland
NL|Netherlands|네덜란드|europe|Holland;The Netherlands
BE|Belgium|벨기에|europe|
LU|Luxembourg|룩셈부르크|europe|
CH|Switzerland|스위스|europe|
AT|Austria|오스트리아|europe|
IT|Italy|이탈리아|europe|
ES|Spain|스페인|europe|
PT|Portugal|포르투갈|europe|
DK|Denmark|덴마크|europe|
SE|Sweden|스웨덴|europe|
NO|Norway|노르웨이|europe|
FI|Finland|핀란드|europe|
IS|Iceland|아이슬란드|europe|
PL|Poland|폴란드|europe|
CZ|Czechia|체코|europe|Czech Republic
SK|Slovakia|슬로바키아|europe|
HU|Hungary|헝가리|europe|
SI|Slovenia|슬로베니아|europe|
HR|Croatia|크로아티아|europe|
RS|Serbia|세르비아|europe|
BA|Bosnia and Herzegovina|보스니아 헤르체고비나|europe|
ME|Montenegro|몬테네그로|europe|
MK|North Macedonia|북마케도니아|europe|
AL|Albania|알바니아|europe|
RO|Romania|루마니아|europe|
BG|Bulgaria|불가리아|europe|
GR|Greece|그리스|europe|
CY|Cyprus|키프로스|europe|
MT|Malta|몰타|europe|
EE|Estonia|에스토니아|europe|
LV|Latvia|라트비아|europe|
LT|Lithuania|리투아니아|europe|
UA|Ukraine|우크라이나|europe|
BY|Belarus|벨라루스|europe|
MD|Moldova|몰도바|europe|
RU|Russia|러시아|europe|Russian Federation
GE|Georgia|조지아|europe|
AM|Armenia|아르메니아|europe|
AZ|Azerbaijan|아제르바이잔|europe|
TR|Turkey|튀르키예|middle_east|Türkiye;Turkiye;터키
IL|Israel|이스라엘|middle_east|
PS|Palestine|팔레스타인|middle_east|
JO|Jordan|요르단|middle_east|
LB|Lebanon|레바논|middle_east|
SY|Syria|시리아|middle_east|
IQ|Iraq|이라크|middle_east|
IR|Iran|이란|middle_east|
SA|Saudi Arabia|사우디아라비아|middle_east|KSA;사우디
AE|United Arab Emirates|아랍에미리트|middle_east|UAE;아랍에미리트연합국
QA|Qatar|카타르|middle_east|
KW|Kuwait|쿠웨이트|middle_east|
BH|Bahrain|바레인|middle_east|
OM|Oman|오만|middle_east|
YE|Yemen|예멘|middle_east|
EG|Egypt|이집트|africa|
MA|Morocco|모로코|africa|
DZ|Algeria|알제리|africa|
TN|Tunisia|튀니지|africa|
LY|Libya|리비아|africa|
NG|Nigeria|나이지리아|africa|
GH|Ghana|가나|africa|
SN|Senegal|세네갈|africa|
CI|Côte d'Ivoire|코트디부아르|africa|Ivory Coast;Cote d'Ivoire
CM|Cameroon|카메룬|africa|
KE|Kenya|케냐|africa|
ET|Ethiopia|에티오피아|africa|
TZ|Tanzania|탄자니아|africa|
UG|Uganda|우간다|africa|
RW|Rwanda|르완다|africa|
CD|DR Congo|콩고민주공화국|africa|Democratic Republic of the Congo
ZA|South Africa|남아프리카공화국|africa|남아공
ZW|Zimbabwe|짐바브웨|africa|
ZM|Zambia|잠비아|africa|
MZ|Mozambique|모잠비크|africa|
AO|Angola|앙골라|africa|
BW|Botswana|보츠와나|africa|
NA|Namibia|나미비아|africa|
MW|Malawi|말라위|africa|
MG|Madagascar|마다가스카르|africa|
MU|Mauritius|모리셔스|africa|
SD|Sudan|수단|africa|
ML|Mali|말리|africa|
BF|Burkina Faso|부르키나파소|africa|
IN|India|인도|south_asia|
PK|Pakistan|파키스탄|south_asia|
BD|Bangladesh|방글라데시|south_asia|
LK|Sri Lanka|스리랑카|south_asia|
NP|Nepal|네팔|south_asia|
BT|Bhutan|부탄|south_asia|
MV|Maldives|몰디브|south_asia|
AF|Afghanistan|아프가니스탄|south_asia|
KZ|Kazakhstan|카자흐스탄|south_asia|
UZ|Uzbekistan|우즈베키스탄|south_asia|
KG|Kyrgyzstan|키르기스스탄|south_asia|
TJ|Tajikistan|타지키스탄|south_asia|
TM|Turkmenistan|투르크메니스탄|south_asia|
VN|Vietnam|베트남|southeast_asia|Viet Nam
TH|Thailand|태국|southeast_asia|
MY|Malaysia|말레이시아|southeast_asia|
SG|Singapore|싱가포르|southeast_asia|
ID|Indonesia|인도네시아|southeast_asia|
PH|Philippines|필리핀|southeast_asia|
MM|Myanmar|미얀마|southeast_asia|
KH|Cambodia|캄보디아|southeast_asia|
LA|Laos|라오스|southeast_asia|Lao PDR
BN|Brunei|브루나이|southeast_asia|
TL|Timor-Leste|동티모르|southeast_asia|East Timor
AU|Australia|호주|oceania|오스트레일리아
NZ|New Zealand|뉴질랜드|oceania|
PG|Papua New Guinea|파푸아뉴기니|oceania|
FJ|Fiji|피지|oceania|
BR|Brazil|브라질|latin_america|Brasil
AR|Argentina|아르헨티나|latin_america|
CL|Chile|칠레|latin_america|
CO|Colombia|콜롬비아|latin_america|
PE|Peru|페루|latin_america|
EC|Ecuador|에콰도르|latin_america|
VE|Venezuela|베네수엘라|latin_america|
BO|Bolivia|볼리비아|latin_america|
PY|Paraguay|파라과이|latin_america|
UY|Uruguay|우루과이|latin_america|
CR|Costa Rica|코스타리카|latin_america|
PA|Panama|파나마|latin_america|
GT|Guatemala|과테말라|latin_america|
HN|Honduras|온두라스|latin_america|
SV|El Salvador|엘살바도르|latin_america|
NI|Nicaragua|니카라과|latin_america|
CU|Cuba|쿠바|latin_america|
DO|Dominican Republic|도미니카공화국|latin_america|
PR|Puerto Rico|푸에르토리코|latin_america|
JM|Jamaica|자메이카|latin_america|
TT|Trinidad and Tobago|트리니다드 토바고|latin_america|
BJ|Benin|베냉|africa|
TG|Togo|토고|africa|
NE|Niger|니제르|africa|
TD|Chad|차드|africa|
GN|Guinea|기니|africa|
SL|Sierra Leone|시에라리온|africa|
LR|Liberia|라이베리아|africa|
GM|Gambia|감비아|africa|The Gambia
GW|Guinea-Bissau|기니비사우|africa|
CV|Cabo Verde|카보베르데|africa|Cape Verde
MR|Mauritania|모리타니|africa|
CF|Central African Republic|중앙아프리카공화국|africa|
CG|Republic of the Congo|콩고공화국|africa|Congo;Congo-Brazzaville
GA|Gabon|가봉|africa|
GQ|Equatorial Guinea|적도기니|africa|
ST|São Tomé and Príncipe|상투메 프린시페|africa|Sao Tome and Principe
BI|Burundi|부룬디|africa|
SS|South Sudan|남수단|africa|
ER|Eritrea|에리트레아|africa|
DJ|Djibouti|지부티|africa|
SO|Somalia|소말리아|africa|
LS|Lesotho|레소토|africa|
SZ|Eswatini|에스와티니|africa|Swaziland
KM|Comoros|코모로|africa|
SC|Seychelles|세이셸|africa|
LI|Liechtenstein|리히텐슈타인|europe|
MC|Monaco|모나코|europe|
SM|San Marino|산마리노|europe|
AD|Andorra|안도라|europe|
VA|Holy See|바티칸|europe|Vatican;Vatican City
GI|Gibraltar|지브롤터|europe|
BZ|Belize|벨리즈|latin_america|
GY|Guyana|가이아나|latin_america|
SR|Suriname|수리남|latin_america|
HT|Haiti|아이티|latin_america|
BS|Bahamas|바하마|latin_america|The Bahamas
BB|Barbados|바베이도스|latin_america|
GD|Grenada|그레나다|latin_america|
LC|Saint Lucia|세인트루시아|latin_america|
AG|Antigua and Barbuda|앤티가 바부다|latin_america|
DM|Dominica|도미니카 연방|latin_america|
KN|Saint Kitts and Nevis|세인트키츠 네비스|latin_america|
VC|Saint Vincent and the Grenadines|세인트빈센트 그레나딘|latin_america|
KY|Cayman Islands|케이맨 제도|latin_america|
BM|Bermuda|버뮤다|north_america|
VG|British Virgin Islands|영국령 버진아일랜드|latin_america|
CW|Curaçao|퀴라소|latin_america|Curacao
AW|Aruba|아루바|latin_america|
GL|Greenland|그린란드|north_america|
WS|Samoa|사모아|oceania|
TO|Tonga|통가|oceania|
VU|Vanuatu|바누아투|oceania|
SB|Solomon Islands|솔로몬 제도|oceania|
KI|Kiribati|키리바시|oceania|
FM|Micronesia|미크로네시아|oceania|Federated States of Micronesia
MH|Marshall Islands|마셜 제도|oceania|
PW|Palau|팔라우|oceania|
NR|Nauru|나우루|oceania|
TV|Tuvalu|투발루|oceania|
NC|New Caledonia|뉴칼레도니아|oceania|
PF|French Polynesia|프랑스령 폴리네시아|oceania|
GU|Guam|괌|oceania|
AI|Anguilla|앵귈라|latin_america|
AQ|Antarctica|남극|global|
AS|American Samoa|아메리칸사모아|oceania|
AX|Åland Islands|올란드 제도|europe|Aland Islands
BL|Saint Barthélemy|생바르텔레미|latin_america|Saint Barthelemy
BQ|Caribbean Netherlands|카리브 네덜란드|latin_america|Bonaire, Sint Eustatius and Saba;Bonaire
BV|Bouvet Island|부베섬|europe|
CC|Cocos (Keeling) Islands|코코스 제도|oceania|Cocos Islands
CK|Cook Islands|쿡 제도|oceania|
CX|Christmas Island|크리스마스섬|oceania|
EH|Western Sahara|서사하라|africa|
FK|Falkland Islands|포클랜드 제도|latin_america|Falkland Islands (Malvinas)
FO|Faroe Islands|페로 제도|europe|
GF|French Guiana|프랑스령 기아나|latin_america|
GG|Guernsey|건지섬|europe|
GP|Guadeloupe|과들루프|latin_america|
GS|South Georgia and the South Sandwich Islands|사우스조지아 사우스샌드위치 제도|latin_america|
HM|Heard Island and McDonald Islands|허드 맥도널드 제도|oceania|
IM|Isle of Man|맨섬|europe|
IO|British Indian Ocean Territory|영국령 인도양 지역|south_asia|
JE|Jersey|저지섬|europe|
MF|Saint Martin (French part)|생마르탱|latin_america|Saint Martin
MP|Northern Mariana Islands|북마리아나 제도|oceania|
MQ|Martinique|마르티니크|latin_america|
MS|Montserrat|몬트세랫|latin_america|
NF|Norfolk Island|노퍽섬|oceania|
NU|Niue|니우에|oceania|
PM|Saint Pierre and Miquelon|생피에르 미클롱|north_america|
PN|Pitcairn Islands|핏케언 제도|oceania|Pitcairn
RE|Réunion|레위니옹|africa|Reunion
SH|Saint Helena, Ascension and Tristan da Cunha|세인트헬레나|africa|Saint Helena
SJ|Svalbard and Jan Mayen|스발바르 얀마옌|europe|Svalbard
SX|Sint Maarten|신트마르턴|latin_america|Sint Maarten (Dutch part)
TC|Turks and Caicos Islands|터크스 케이커스 제도|latin_america|
TF|French Southern Territories|프랑스령 남방 및 남극 지역|africa|
TK|Tokelau|토켈라우|oceania|
UM|United States Minor Outlying Islands|미국령 군소 제도|oceania|
VI|U.S. Virgin Islands|미국령 버진아일랜드|latin_america|US Virgin Islands;Virgin Islands (U.S.)
WF|Wallis and Futuna|왈리스 푸투나|oceania|
YT|Mayotte|마요트|africa|
"""


def _parse_table() -> dict[str, Country]:
    countries: dict[str, Country] = {}
    for line in _TABLE.strip().splitlines():
        code, en, ko, region, aliases = line.split("|")
        countries[code] = Country(
            code, en, ko, region, tuple(a.strip() for a in aliases.split(";") if a.strip())
        )
    return countries


#: Alpha-2 code -> country, in table order.
COUNTRIES: Mapping[str, Country] = MappingProxyType(_parse_table())


def _key(text: str) -> str:
    return " ".join(text.casefold().replace(".", " ").replace(",", " ").split())


def _build_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for country in COUNTRIES.values():
        for spelling in (country.code, country.en, country.ko, *country.aliases):
            lookup.setdefault(_key(spelling), country.code)
    return lookup


_LOOKUP = _build_lookup()


class CountryError(InputError):
    """A country cell names no known country. `suggestion` is the closest code, if any."""

    def __init__(self, value: str, suggestion: str | None) -> None:
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        super().__init__(
            "column 'country'",
            f"unknown country {value!r}{hint} (use an ISO-3166 alpha-2 code such as 'KR')",
        )
        self.value = value
        self.suggestion = suggestion


def suggest_country(raw: str) -> str | None:
    matches = difflib.get_close_matches(_key(raw), list(_LOOKUP), n=1, cutoff=0.6)
    return _LOOKUP[matches[0]] if matches else None


def normalise_country(raw: str) -> str:
    """The alpha-2 code of `raw` (code, English or Korean name, any case)."""
    code = _LOOKUP.get(_key(raw))
    if code is None:
        raise CountryError(raw, suggest_country(raw))
    return code


def region_of(code: str) -> str:
    """The region code of a country code (``KR`` -> ``east_asia``)."""
    return COUNTRIES[code].region


def country_name(code: str, lang: str = "en") -> str:
    country = COUNTRIES.get(code)
    return country.name(lang) if country is not None else code
