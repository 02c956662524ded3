"""Entity extraction: the contacts and facts an investigator would copy out of an ad.

:func:`extract` returns an :class:`Entities` record with phone numbers in E.164 (Pakistan is
the default region; foreign numbers are kept), WhatsApp links, e-mail addresses, URLs and
their domains, OEP licence numbers, salaries with currency, destination countries and visa
types. :meth:`Entities.contacts` gives the normalised keys (``phone:+923001234567``) that
clustering uses to link ads.

Phone numbers: running ``phonenumbers.PhoneNumberMatcher`` over every ad is slow, so a cheap
regex finds digit runs first and only those are parsed and validated (``is_valid_number``).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

import phonenumbers

from adscreen.normalize import normalize

__all__ = ["Entities", "Salary", "extract", "contacts_of", "DEFAULT_REGION"]

DEFAULT_REGION = "PK"

# A digit run that could be a phone number: optional + or 00, then 8–15 digits with the
# separators people use. Parsing decides whether it really is one.
_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d \-().]{6,20}\d(?!\w)")
_WHATSAPP_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?(?:wa\.me/(?P<wa>\+?\d{8,15})"
    r"|(?:api\.)?whatsapp\.com/send/?\?phone=(?P<api>\+?\d{8,15})"
    r"|chat\.whatsapp\.com/(?:invite/)?(?P<group>[A-Za-z0-9]{8,40}))",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}(?![\w-])")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"'()\[\]]+"
    r"|(?<![\w@.-])(?:[A-Za-z0-9-]+\.)+(?:com|pk|net|org|info|biz|co|io|me|ae|sa|qa|uk|eu|"
    r"online|site|xyz|top|example)(?:/[^\s<>\"'()\[\]]*)?(?![\w-])",
    re.IGNORECASE,
)
_URL_TRAILING = ".,;:!?)]}'\""
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?([^/:?#\s]+)", re.IGNORECASE)

# OEP licence numbers look like 0848/LHR (domain.md §2). The pattern alone is weak evidence
# ("24/7"), so we need either a known Protectorate city code or the word licence/OEP nearby.
_CITY_CODES = (
    "LHR|RWP|ISB|KHI|PSH|PEW|QTA|MLN|MTN|MUL|MLK|SKT|DGK|FSD|GRW|GRT|SGD|HYD|SKR|ABT|BAG|RWK|"
    "GWD|GLT|MZD|SWT|JHL|MBD|BWP"
)
_LICENCE = re.compile(
    rf"(?<![\w/])(?:[A-Z]{{2,4}}/)?(?P<num>\d{{3,4}})\s?/\s?(?P<city>{_CITY_CODES})(?![\w/])"
    r"|(?:licen[cs]e|lic\.?|oep)\s*(?:no\.?|number|#)?\s*[:#]?\s*"
    r"(?P<num2>\d{3,4})\s?/\s?(?P<city2>[A-Z]{3})(?![\w/])",
    re.IGNORECASE,
)

_CURRENCIES = {
    "rs": "PKR",
    "rs.": "PKR",
    "pkr": "PKR",
    "rupees": "PKR",
    "rupay": "PKR",
    "rupaye": "PKR",
    "روپے": "PKR",
    "روپیہ": "PKR",
    "aed": "AED",
    "dirham": "AED",
    "dirhams": "AED",
    "درہم": "AED",
    "sar": "SAR",
    "riyal": "SAR",
    "riyals": "SAR",
    "ریال": "SAR",
    "qar": "QAR",
    "kwd": "KWD",
    "dinar": "KWD",
    "dinars": "KWD",
    "omr": "OMR",
    "bhd": "BHD",
    "myr": "MYR",
    "rm": "MYR",
    "ringgit": "MYR",
    "usd": "USD",
    "$": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "ڈالر": "USD",
    "eur": "EUR",
    "€": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "gbp": "GBP",
    "£": "GBP",
    "pounds": "GBP",
}
_CUR_ALT = "|".join(sorted((re.escape(c) for c in _CURRENCIES), key=len, reverse=True))
_MULTIPLIERS = {
    "k": 1_000,
    "thousand": 1_000,
    "hazar": 1_000,
    "hazaar": 1_000,
    "ہزار": 1_000,
    "lakh": 100_000,
    "lac": 100_000,
    "lakhs": 100_000,
    "لاکھ": 100_000,
    "million": 1_000_000,
}
_MULT_ALT = "|".join(sorted(_MULTIPLIERS, key=len, reverse=True))


def _amount_pattern(number_group: str, multiplier_group: str) -> str:
    return (
        rf"(?P<{number_group}>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)"
        rf"(?:\s?(?P<{multiplier_group}>{_MULT_ALT}))?"
    )


_SALARY = re.compile(
    rf"(?<![\w$€£])(?P<cur1>{_CUR_ALT})\s?{_amount_pattern('amt1', 'mul1')}(?!\w)"
    rf"|(?<![\w.,]){_amount_pattern('amt2', 'mul2')}\s?(?P<cur2>{_CUR_ALT})(?!\w)",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    r"\s?(?:/|per|a|har|\bp\.?)?\s?(?P<p>month|monthly|mahana|mahina|ماہانہ|ماہوار|week|weekly|"
    r"day|daily|hour|hourly|hr|year|yearly|annum|annual|mo)\b",
    re.IGNORECASE,
)
_PERIOD_CANON = {
    "month": "month",
    "monthly": "month",
    "mahana": "month",
    "mahina": "month",
    "ماہانہ": "month",
    "ماہوار": "month",
    "mo": "month",
    "week": "week",
    "weekly": "week",
    "day": "day",
    "daily": "day",
    "hour": "hour",
    "hourly": "hour",
    "hr": "hour",
    "year": "year",
    "yearly": "year",
    "annum": "year",
    "annual": "year",
}

# Destination names in English, Roman Urdu and Urdu script → ISO 3166-1 alpha-2 (EU for
# "Europe"/Schengen, which ads use as if it were a country).
_DESTINATIONS = {
    "SA": "saudi arabia|saudi|saudia|ksa|riyadh|jeddah|makkah|mecca|madinah|dammam"
    "|سعودی عرب|سعودیہ|سعودی|ریاض|جدہ",
    "AE": "uae|u\\.a\\.e|dubai|dubayy|abu dhabi|sharjah|ajman|emirates"
    "|دبئی|دوبئی|امارات|ابوظہبی|شارجہ",
    "QA": "qatar|doha|قطر|دوحہ",
    "OM": "oman|muscat|عمان|مسقط",
    "KW": "kuwait|کویت",
    "BH": "bahrain|بحرین",
    "MY": "malaysia|kuala lumpur|ملائیشیا|ملیشیا",
    "IR": "iran|taftan|تفتان|ایران",
    "TR": "turkey|turkiye|türkiye|istanbul|ترکی|استنبول",
    "LY": "libya|tripoli|لیبیا",
    "EG": "egypt|cairo|مصر",
    "IT": "italy|italia|اٹلی",
    "GR": "greece|یونان",
    "ES": "spain|اسپین|سپین",
    "PT": "portugal|پرتگال",
    "RO": "romania|رومانیہ",
    "PL": "poland|پولینڈ",
    "DE": "germany|جرمنی",
    "FR": "france|فرانس",
    "GB": "united kingdom|england|britain|london|برطانیہ|انگلینڈ",
    "EU": "europe|schengen|یورپ|شینگن",
    "TH": "thailand|bangkok|تھائی لینڈ",
    "KH": "cambodia|کمبوڈیا",
    "MM": "myanmar|burma|میانمار",
    "LA": "laos|لاؤس",
    "VN": "vietnam|ویتنام",
    "AZ": "azerbaijan|baku|آذربائیجان",
    "RU": "russia|moscow|روس",
    "IQ": "iraq|baghdad|karbala|najaf|عراق|کربلا",
    "JP": "japan|جاپان",
    "KR": "south korea|korea|کوریا",
    "CN": "china|چین",
    "CA": "canada|کینیڈا",
    "AU": "australia|آسٹریلیا",
    "US": "united states|usa|america|امریکہ",
    "KG": "kyrgyzstan|کرغزستان",
    "MR": "mauritania",
    "ET": "ethiopia",
    "SN": "senegal",
    "KE": "kenya",
}
_DEST_LOOKUP: dict[str, str] = {}
for _code, _names in _DESTINATIONS.items():
    for _name in _names.split("|"):
        _DEST_LOOKUP[_name.replace("\\", "")] = _code
_DESTINATION = re.compile(
    r"(?<!\w)("
    + "|".join(sorted(_DEST_LOOKUP, key=len, reverse=True)).replace(".", r"\.")
    + r")(?!\w)",
    re.IGNORECASE,
)

_VISA_TYPES = (
    ("free", r"azad|aazad|azaad|free|khula|آزاد|فری|مفت|کھلا"),
    ("visit", r"visit|visiting|وزٹ|visitor"),
    ("tourist", r"tourist|tourism|سیاحتی|ٹورسٹ"),
    ("work", r"work|employment|job|naukri|kaam|ورک|ملازمت|نوکری|کام"),
    ("umrah", r"umrah|umra|عمرہ"),
    ("ziyarat", r"ziyarat|زیارت"),
    ("student", r"student|study|اسٹوڈنٹ|سٹوڈنٹ"),
    ("business", r"business|بزنس"),
    ("family", r"family|فیملی"),
    ("transit", r"transit|ٹرانزٹ"),
)
_VISA = re.compile(
    "|".join(
        rf"(?<!\w)(?P<{name}>(?:{words})\s?(?:visa|visas|ویزا|ویزہ)|(?:visa|ویزا|ویزہ)\s?(?:{words}))(?!\w)"
        for name, words in _VISA_TYPES
    ),
    re.IGNORECASE,
)
# Saudi residence permits and the "sponsor" system name the visa type without saying "visa".
_IQAMA = re.compile(r"(?<!\w)(iqama|اقامہ)(?!\w)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Salary:
    """A pay figure found in an ad; ``period`` is None when the ad does not say."""

    amount: float
    currency: str
    period: str | None
    text: str


@dataclass(slots=True)
class Entities:
    """What :func:`extract` found in one ad. Lists keep first-seen order without duplicates."""

    phones: list[str] = field(default_factory=list)
    whatsapp: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    licences: list[str] = field(default_factory=list)
    salaries: list[Salary] = field(default_factory=list)
    destinations: list[str] = field(default_factory=list)
    visa_types: list[str] = field(default_factory=list)

    def contacts(self) -> list[str]:
        """Normalised contact keys used to link ads (``phone:+92…``, ``email:…``, …).

        WhatsApp numbers count as phones (the same person), group invites as their own key.

        Examples
        --------
        >>> extract("Call 0300-0000012 or mail HR@Example.com, licence 1234/LHR").contacts()
        ['phone:+923000000012', 'email:hr@example.com', 'domain:example.com', 'licence:1234/LHR']
        """
        keys = [f"phone:{p}" for p in self.phones]
        for link in self.whatsapp:
            key = f"phone:{link[3:]}" if link.startswith("wa:") else f"whatsapp-group:{link[6:]}"
            if key not in keys:
                keys.append(key)
        keys += [f"email:{e}" for e in self.emails]
        keys += [f"domain:{d}" for d in self.domains if d not in _COMMON_DOMAINS]
        keys += [f"licence:{lic}" for lic in self.licences]
        return keys

    def to_dict(self) -> dict:
        """Plain JSON-serialisable form."""
        data = asdict(self)
        data["contacts"] = self.contacts()
        return data


# Shared hosting and webmail domains link unrelated ads, so they are not contact keys.
_COMMON_DOMAINS = frozenset(
    {
        "gmail.com",
        "yahoo.com",
        "hotmail.com",
        "outlook.com",
        "live.com",
        "facebook.com",
        "fb.com",
        "m.facebook.com",
        "instagram.com",
        "tiktok.com",
        "youtube.com",
        "twitter.com",
        "x.com",
        "linkedin.com",
        "wa.me",
        "whatsapp.com",
        "chat.whatsapp.com",
        "api.whatsapp.com",
        "bit.ly",
        "forms.gle",
        "docs.google.com",
        "google.com",
    }
)


def _append(items: list, value) -> None:
    if value not in items:
        items.append(value)


def _to_e164(raw: str, region: str) -> str | None:
    digits = re.sub(r"[^\d+]", "", raw)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("92") and len(digits) == 12:
        digits = "+" + digits  # Pakistani number written without + or 0: 923001234567
    if not 8 <= len(digits.lstrip("+")) <= 15:
        return None
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _amount(number: str, multiplier: str | None) -> float:
    value = float(number.replace(",", ""))
    if multiplier:
        value *= _MULTIPLIERS[multiplier.lower()]
    return value


def extract(text: str, *, region: str = DEFAULT_REGION, normalized: bool = False) -> Entities:
    """Extract contacts and recruitment facts from one ad.

    Parameters
    ----------
    text : str
        The ad text.
    region : str, default="PK"
        Region assumed for phone numbers written without a country code.
    normalized : bool, default=False
        Pass True when ``text`` already went through :func:`adscreen.normalize.normalize`
        (the pipeline does), to skip normalising twice.

    Returns
    -------
    Entities

    Examples
    --------
    >>> e = extract("Dubai azad visa, salary 2500 AED/month. WhatsApp wa.me/923000000012")
    >>> e.phones, e.whatsapp, e.destinations, e.visa_types
    (['+923000000012'], ['wa:+923000000012'], ['AE'], ['free'])
    >>> e.salaries[0].amount, e.salaries[0].currency, e.salaries[0].period
    (2500.0, 'AED', 'month')
    """
    if not normalized:
        text = normalize(text)
    found = Entities()

    for m in _WHATSAPP_LINK.finditer(text):
        number = m.group("wa") or m.group("api")
        if number:
            e164 = _to_e164("+" + number.lstrip("+"), region)
            if e164:
                _append(found.whatsapp, f"wa:{e164}")
                _append(found.phones, e164)
        else:
            _append(found.whatsapp, f"group:{m.group('group')}")

    for m in _PHONE_CANDIDATE.finditer(text):
        e164 = _to_e164(m.group(0), region)
        if e164:
            _append(found.phones, e164)

    if "@" in text:
        for m in _EMAIL.finditer(text):
            email = m.group(0).lower().rstrip(".")
            _append(found.emails, email)
            _append(found.domains, email.rsplit("@", 1)[1])

    if "." in text:
        for m in _URL.finditer(text):
            url = m.group(0).rstrip(_URL_TRAILING)
            if "@" in text[max(0, m.start() - 1) : m.start()]:
                continue  # the domain part of an e-mail address, already counted
            _append(found.urls, url)
            domain = _DOMAIN.match(url)
            if domain:
                _append(found.domains, domain.group(1).lower())

    if "/" in text:
        for m in _LICENCE.finditer(text):
            num = m.group("num") or m.group("num2")
            city = (m.group("city") or m.group("city2")).upper()
            _append(found.licences, f"{num.zfill(4)}/{city}")

    for m in _SALARY.finditer(text):
        if m.group("cur1"):
            cur, amt, mul = m.group("cur1"), m.group("amt1"), m.group("mul1")
        else:
            cur, amt, mul = m.group("cur2"), m.group("amt2"), m.group("mul2")
        period = _PERIOD.match(text, m.end())
        found.salaries.append(
            Salary(
                amount=_amount(amt, mul),
                currency=_CURRENCIES[cur.lower()],
                period=_PERIOD_CANON[period.group("p").lower()] if period else None,
                text=text[m.start() : period.end() if period else m.end()],
            )
        )

    for m in _DESTINATION.finditer(text):
        _append(found.destinations, _DEST_LOOKUP[m.group(1).lower()])

    for m in _VISA.finditer(text):
        _append(found.visa_types, m.lastgroup)
    if _IQAMA.search(text):
        _append(found.visa_types, "iqama")
    return found


def contacts_of(text: str, *, region: str = DEFAULT_REGION) -> list[str]:
    """Shortcut for ``extract(text).contacts()``."""
    return extract(text, region=region).contacts()
