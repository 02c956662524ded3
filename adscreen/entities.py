"""Entity extraction: the contacts and facts an investigator would copy out of an ad.

:func:`extract` returns an :class:`Entities` record with phone numbers in E.164 (Pakistan is
the default region; foreign numbers are kept), WhatsApp links, e-mail addresses, URLs and
their domains, OEP licence numbers, salaries with currency, destination countries and visa
types. :meth:`Entities.contacts` gives the normalised keys (``phone:+923001234567``) that
clustering uses to link ads.

Phone numbers: running ``phonenumbers.PhoneNumberMatcher`` over every ad is slow, so a cheap
regex finds digit runs first and only those are parsed and validated (``is_valid_number``).

Why one module of this size: each extractor (phones, links, licences, salaries,
destinations, visas) is small, but they share the normalised text, its offsets and the
fast pre-filters; splitting them would duplicate that plumbing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from re import _parser as sre_parse  # type: ignore[attr-defined]

import phonenumbers

from adscreen.accel import Literals
from adscreen.normalize import normalize

__all__ = ["Entities", "Salary", "extract", "contacts_of", "DEFAULT_REGION"]

DEFAULT_REGION = "PK"

# A digit run that could be a phone number: optional + or 00, then 8–15 digits with the
# separators people use. Parsing decides whether it really is one.
# Patterns start with a character class, not a look-behind, so the regex engine can skip
# ahead in C to a possible first character; the look-behind is checked in Python after.
_PHONE_CANDIDATE = re.compile(r"[+\d][\d \-().]{6,21}\d(?!\w)")
_WHATSAPP_LINK = re.compile(
    r"(?:https?://)?(?:www\.)?(?:wa\.me/(?P<wa>\+?\d{8,15})"
    r"|(?:api\.)?whatsapp\.com/send/?\?phone=(?P<api>\+?\d{8,15})"
    r"|chat\.whatsapp\.com/(?:invite/)?(?P<group>[A-Za-z0-9]{8,40}))",
    re.IGNORECASE,
)
# The same for lower-cased text, and the longest match: every match holds "wa.me" or
# "whatsapp.com", so only the stretch from _WHATSAPP_WIDTH before the first of those to
# _WHATSAPP_WIDTH after the last is searched (the pattern has no look-arounds, so the
# bounds change nothing else). Most positions of an ad are outside it.
_WHATSAPP_LOWER = re.compile(_WHATSAPP_LINK.pattern.replace("A-Za-z", "a-z"))
_WHATSAPP_WIDTH = sre_parse.parse(_WHATSAPP_LINK.pattern).getwidth()[1]
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}(?![\w-])")
_TLDS = "com|pk|net|org|info|biz|co|io|me|ae|sa|qa|uk|eu|online|site|xyz|top|example"
_URL_PATTERN = (
    r"(?:https?://|www\.)[^\s<>\"'()\[\]]+"
    # A bare domain's labels do not start or end with "-" (RFC 1035): "#-rg.info" is not one.
    r"|(?<![\w@.-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+(?:" + _TLDS + r")"
    r"(?:/[^\s<>\"'()\[\]]*)?(?![\w-])"
)
_URL = re.compile(_URL_PATTERN, re.IGNORECASE)
# The same pattern for lower-cased text: without IGNORECASE the engine is ~4x faster.
_URL_LOWER = re.compile(_URL_PATTERN.replace("A-Za-z", "a-z"))
# Every URL match contains one of these, and no URL match contains whitespace: so the URL
# regex only needs to run on the whitespace-delimited tokens that hold a hint.
_URL_HINT = re.compile(r"://|www\.|\.(?:" + _TLDS + ")")
_SPACE = re.compile(r"\s")
_URL_TRAILING = ".,;:!?)]}'\""
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?([^/:?#\s]+)", re.IGNORECASE)

# OEP licence numbers look like 0848/LHR (domain.md §2). The pattern alone is weak evidence
# ("24/7"), so we need either a known Protectorate city code or the word licence/OEP nearby.
_CITY_CODES = (
    "LHR|RWP|ISB|KHI|PSH|PEW|QTA|MLN|MTN|MUL|MLK|SKT|DGK|FSD|GRW|GRT|SGD|HYD|SKR|ABT|BAG|RWK|"
    "GWD|GLT|MZD|SWT|JHL|MBD|BWP"
)
# \d\d\d\d? rather than \d{3,4}: a pattern that starts with a plain character class lets
# the engine skip ahead to digits in C.
_LICENCE = re.compile(r"(?P<num>\d\d\d\d?)\s?/\s?(?P<city>[A-Za-z]{3})(?![\w/])")
# Characters a licence match can have before its "/" and after it, the look-ahead included.
_LICENCE_BEFORE_SLASH, _LICENCE_AFTER_SLASH = 5, 6
_LICENCE_PREFIX = re.compile(r"(?:^|[^\w/])[A-Za-z]{2,4}$")
_KNOWN_CITY = frozenset(_CITY_CODES.split("|"))
_LICENCE_WORD = re.compile(r"(?:licen[cs]e|lic\.?|oep)\s*(?:no\.?|number|#)?\s*[:#]?\s*$", re.I)

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
# Characters a currency name can end or start with: cheap tests before the regexes.
_CUR_LAST = frozenset(c[-1] for c in _CURRENCIES)
_CUR_FIRST = frozenset(c[0] for c in _CURRENCIES)
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


# Salaries: find the numbers that have a currency just before or just after them
# (_SALARY_START), then read amount, currency and period there. Matched on lower-cased text.
_AMOUNT = re.compile(_amount_pattern("amt", "mul"))
# Where a salary can start: a digit right after a currency name (or after one and a
# space), or an amount followed by a currency name. Most numbers in an ad (phones, dates,
# hours) are neither, and finding the few that are in one C scan is what makes
# _salaries fast. Why no salary is missed: every salary starts at a digit that no amount
# match can have inside it (one not after a digit, nor after "," or "." that follow a
# digit), so the amount there is the one the scan of all amounts finds; no match of this
# pattern can have such a digit inside it either, so finditer reaches each of them. A
# start found here that is not such a digit fails the checks in _salaries, as it would
# in the scan of all amounts.
_CUR_BY_LENGTH: dict[int, list[str]] = {}
for _cur in _CURRENCIES:
    _CUR_BY_LENGTH.setdefault(len(_cur), []).append(re.escape(_cur))
_CUR_LAST_CLASS = "".join(sorted(re.escape(c) for c in _CUR_LAST))
_SALARY_START = re.compile(
    r"\d(?<!\d\d)(?:"
    # The class test rejects most digits before the exact look-behinds (one per length of
    # currency name, as look-behinds need a fixed width) are tried.
    rf"(?:(?<=[{_CUR_LAST_CLASS}]\d)|(?<=[{_CUR_LAST_CLASS}]\s\d))(?:"
    + "|".join(
        rf"(?<=(?:{'|'.join(names)}){space}\d)"
        for _, names in sorted(_CUR_BY_LENGTH.items())
        for space in ("", r"\s")
    )
    + rf")|(?>\d{{0,2}}(?:,\d{{3}})+|\d*(?:\.\d+)?)(?:\s?(?:{_MULT_ALT}))?"
    rf"(?=\s?(?:{_CUR_ALT})))"
)
_CUR_BEFORE = re.compile(rf"(?<![\w$€£])(?P<cur>{_CUR_ALT})\s?$")
_CUR_AFTER = re.compile(rf"\s?(?P<cur>{_CUR_ALT})(?!\w)")
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


def _build_destination_automaton():
    try:
        import ahocorasick
    except ImportError:  # pragma: no cover - the regex below is used instead
        return None
    automaton = ahocorasick.Automaton()
    for name in _DEST_LOOKUP:
        automaton.add_word(name, name)
    automaton.make_automaton()
    return automaton


_DEST_AUTOMATON = _build_destination_automaton()
_DESTINATION = re.compile(
    r"(?<!\w)("
    + "|".join(sorted(_DEST_LOOKUP, key=len, reverse=True)).replace(".", r"\.")
    + r")(?!\w)"
)


_DEST_NAMES = tuple(_DEST_LOOKUP)


@cache
def _destination_literals() -> Literals | None:
    return Literals.build(_DEST_NAMES)  # on first use: importing stays cheap


def _destination_scan(lowered: str) -> Iterable[tuple[int, str]] | None:
    """(index of the last character, name) of every place name occurring in ``lowered``,
    overlapping ones too: one Hyperscan scan, else one Aho-Corasick pass, else None."""
    scanner = _destination_literals()
    if scanner is not None:
        found = scanner.find(lowered)
        if found is not None:
            return [(last, _DEST_NAMES[i]) for i, last in found]
    return None if _DEST_AUTOMATON is None else _DEST_AUTOMATON.iter(lowered)


def _destinations(lowered: str) -> list[str]:
    """Country codes of place names in ``lowered``, whole words only, in text order.

    One Aho-Corasick pass (the equivalent alternation regex costs ~90 µs on a 2 kB ad);
    overlapping names ("saudi" in "saudi arabia") resolve to the longest, like the regex.
    """
    occurrences = _destination_scan(lowered)
    if occurrences is None:
        return [_DEST_LOOKUP[m.group(1)] for m in _DESTINATION.finditer(lowered)]
    hits = []
    for last, name in occurrences:
        start = last - len(name) + 1
        if start and (lowered[start - 1].isalnum() or lowered[start - 1] == "_"):
            continue
        if last + 1 < len(lowered) and (lowered[last + 1].isalnum() or lowered[last + 1] == "_"):
            continue
        hits.append((start, -len(name), name))
    codes, end = [], -1
    for start, neg_len, name in sorted(hits):
        if start >= end:  # a name inside a longer one already taken does not count
            codes.append(_DEST_LOOKUP[name])
            end = start - neg_len
    return codes


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
_VISA_PATTERN = "|".join(
    rf"(?<!\w)(?P<{name}>(?:{words})\s?(?:visa|visas|ویزا|ویزہ)|(?:visa|ویزا|ویزہ)\s?(?:{words}))(?!\w)"
    for name, words in _VISA_TYPES
)
_VISA = re.compile(_VISA_PATTERN, re.IGNORECASE)
# For lower-cased text (all its literals are lower case), with the look-behind shared by
# all alternatives: it is tested once per position instead of once per alternative, which
# halves the cost. Alternatives are tried in the same order, so matches are the same.
_VISA_LOWER = re.compile(
    r"(?<!\w)(?:"
    + "|".join(
        rf"(?P<{name}>(?:{words})\s?(?:visa|visas|ویزا|ویزہ)|(?:visa|ویزا|ویزہ)\s?(?:{words}))(?!\w)"
        for name, words in _VISA_TYPES
    )
    + ")"
)
_VISA_SPOT = re.compile("visa|ویز")
_VISA_WIDTH = sre_parse.parse(_VISA_PATTERN).getwidth()[1]
_DIGIT = re.compile(r"\d")
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
        # Written out rather than dataclasses.asdict, which deep-copies and costs ~100 µs.
        return {
            "phones": list(self.phones),
            "whatsapp": list(self.whatsapp),
            "emails": list(self.emails),
            "urls": list(self.urls),
            "domains": list(self.domains),
            "licences": list(self.licences),
            "salaries": [
                {"amount": s.amount, "currency": s.currency, "period": s.period, "text": s.text}
                for s in self.salaries
            ],
            "destinations": list(self.destinations),
            "visa_types": list(self.visa_types),
            "contacts": self.contacts(),
        }


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


def _pk_mobile_test():
    """A test for "this national number is a valid Pakistani mobile number", built from the
    phonenumbers package's own metadata, so it says what is_valid_number would say."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region("PK")
    general = re.compile(metadata.general_desc.national_number_pattern)
    mobile = re.compile(metadata.mobile.national_number_pattern)
    lengths = frozenset(metadata.mobile.possible_length)

    def is_pk_mobile(national: str) -> bool:
        return (
            len(national) in lengths
            and general.fullmatch(national) is not None
            and mobile.fullmatch(national) is not None
        )

    return is_pk_mobile


_is_pk_mobile = _pk_mobile_test()


# Parsing a number costs ~50 µs and recruiters repeat their numbers across many ads, so
# results are cached (bounded, so memory stays flat).
@lru_cache(maxsize=65536)
def _to_e164(raw: str, region: str) -> str | None:
    digits = re.sub(r"[^\d+]", "", raw)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("92") and len(digits) == 12:
        digits = "+" + digits  # Pakistani number written without + or 0: 923001234567
    # Most numbers in ads are Pakistani mobiles written 03XX-XXXXXXX or +92 3XX XXXXXXX:
    # those are checked against the library's mobile pattern directly (parsing costs ~50 µs;
    # tested to give what parsing gives). Anything else is parsed.
    if not digits.isascii():
        pass  # other scripts' digits: phonenumbers knows them, the shortcut does not
    elif len(digits) == 13 and digits.startswith("+923"):
        if _is_pk_mobile(digits[3:]):
            return digits
    elif len(digits) == 11 and region == "PK" and digits.startswith("03"):
        if _is_pk_mobile(digits[1:]):
            return "+92" + digits[1:]
    if not 8 <= len(digits.lstrip("+")) <= 15:
        return None
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _url_matches(lowered: str) -> list[re.Match[str]]:
    """URL matches in ``lowered``, as ``_URL.finditer`` on the text would find them.

    A URL never contains whitespace and always contains a hint (``://``, ``www.`` or a
    ``.tld``), so only the tokens around hints are searched. Lookbehinds still see the text
    before a token and a token always ends at whitespace or the end, so matches are the same.
    """
    found: list[re.Match[str]] = []
    searched_to = -1
    for hint in _URL_HINT.finditer(lowered):
        at = hint.start()
        if at < searched_to:
            continue  # inside a token already searched
        start = at
        while start and not lowered[start - 1].isspace():
            start -= 1
        space = _SPACE.search(lowered, at)
        stop = space.start() if space else len(lowered)
        found.extend(_URL_LOWER.finditer(lowered, start, stop))
        searched_to = stop
    return found


def _amounts(lowered: str) -> Iterator[re.Match[str]]:
    """``_AMOUNT.finditer(lowered)``, ~2.5x faster.

    Every amount starts with a digit and any digit starts one, so each match begins at the
    first digit at or after the previous match's end: a plain digit search finds it in C.
    """
    search, match, pos = _DIGIT.search, _AMOUNT.match, 0
    while (digit := search(lowered, pos)) is not None:
        m = match(lowered, digit.start())
        if m is None:  # pragma: no cover - \d+ always matches at a digit
            return
        yield m
        pos = m.end()


def _whatsapp_matches(text: str, lowered: str, lower_ok: bool) -> Iterable[re.Match[str]]:
    """WhatsApp link matches; groups are read by span (the match may be on ``lowered``)."""
    first_me, first_com = lowered.find("wa.me"), lowered.find("whatsapp.com")
    if first_me < 0 and first_com < 0:
        return ()
    if not lower_ok:
        return _WHATSAPP_LINK.finditer(text)
    both = first_me >= 0 and first_com >= 0
    first = min(first_me, first_com) if both else max(first_me, first_com)
    last = max(lowered.rfind("wa.me"), lowered.rfind("whatsapp.com"))
    return _WHATSAPP_LOWER.finditer(
        lowered, max(0, first - _WHATSAPP_WIDTH), last + _WHATSAPP_WIDTH
    )


def _visa_matches(lowered: str) -> list[re.Match[str]]:
    r"""``_VISA_LOWER.finditer(lowered)``, searching only around "visa"/"ویز".

    Every match contains one of them and is at most ``_VISA_WIDTH`` long, so windows of
    that size around each occurrence, widened to whitespace (where the trailing ``(?!\w)``
    behaves as at the end of the text), hold all matches; overlapping windows are merged.
    """
    spots = sorted(m.start() for m in _VISA_SPOT.finditer(lowered))
    found: list[re.Match[str]] = []
    size = len(lowered)
    window_start = window_end = -1
    for at in spots:
        start = max(0, at - _VISA_WIDTH)
        while start and not lowered[start - 1].isspace():
            start -= 1
        space = _SPACE.search(lowered, min(size, at + _VISA_WIDTH))
        stop = space.start() if space else size
        if start <= window_end:
            window_end = max(window_end, stop)
            continue
        if window_end >= 0:
            found.extend(_VISA_LOWER.finditer(lowered, window_start, window_end))
        window_start, window_end = start, stop
    if window_end >= 0:
        found.extend(_VISA_LOWER.finditer(lowered, window_start, window_end))
    return found


def _salaries(text: str, lowered: str) -> list[Salary]:
    found = []
    match = _AMOUNT.match
    for spot in _SALARY_START.finditer(lowered):
        m = match(lowered, spot.start())
        start, end = m.span()
        # A currency written before the amount ends at the character before it, or before
        # one space: when that character cannot end a currency name, skip the regex.
        last = lowered[start - 1] if start else ""
        if last.isspace() and start > 1:
            last = lowered[start - 2]
        before = (
            _CUR_BEFORE.search(lowered, max(0, start - 12), start) if last in _CUR_LAST else None
        )
        if before is not None:
            if end < len(lowered) and (lowered[end].isalnum() or lowered[end] == "_"):
                continue
            cur, start = before.group("cur"), before.start()
        else:
            if start and (lowered[start - 1].isalnum() or lowered[start - 1] in "_.,"):
                continue
            first = lowered[end : end + 1]
            if first.isspace():
                first = lowered[end + 1 : end + 2]
            after = _CUR_AFTER.match(lowered, end) if first and first in _CUR_FIRST else None
            if after is None:
                continue
            cur, end = after.group("cur"), after.end()
        period = _PERIOD.match(text, end)
        found.append(
            Salary(
                amount=_amount(m.group("amt"), m.group("mul")),
                currency=_CURRENCIES[cur],
                period=_PERIOD_CANON[period.group("p").lower()] if period else None,
                text=text[start : period.end() if period else end],
            )
        )
    return found


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
    return _extract(text, text.lower(), region)


def _extract(text: str, lowered: str, region: str = DEFAULT_REGION) -> Entities:
    """:func:`extract` of normalised ``text`` given ``lowered == text.lower()``."""
    found = Entities()
    same_length = len(lowered) == len(text)  # then offsets are shared by text and lowered
    # Patterns compiled for lower-case text match it as their IGNORECASE versions match the
    # text, except on two letters that case-fold to ASCII without lower-casing to it.
    lower_ok = same_length and "ı" not in lowered and "ſ" not in lowered
    for m in _whatsapp_matches(text, lowered, lower_ok):
        number = m.group("wa") or m.group("api")
        if number:
            e164 = _to_e164("+" + number.lstrip("+"), region)
            if e164:
                _append(found.whatsapp, f"wa:{e164}")
                _append(found.phones, e164)
        else:
            _append(found.whatsapp, f"group:{text[m.start('group') : m.end('group')]}")

    for m in _PHONE_CANDIDATE.finditer(text):
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "_+"):
            continue
        e164 = _to_e164(m.group(0), region)
        if e164:
            _append(found.phones, e164)

    if "@" in text:
        for m in _EMAIL.finditer(text):
            email = m.group(0).lower().rstrip(".")
            _append(found.emails, email)
            _append(found.domains, email.rsplit("@", 1)[1])

    if lower_ok:
        url_matches = _url_matches(lowered)
    elif "://" in text or _URL_HINT.search(lowered):
        url_matches = _URL.finditer(text)
    else:
        url_matches = ()
    for m in url_matches:
        url = text[m.start() : m.end()].rstrip(_URL_TRAILING)
        if "@" in text[max(0, m.start() - 1) : m.start()]:
            continue  # the domain part of an e-mail address, already counted
        _append(found.urls, url)
        domain = _DOMAIN.match(url)
        if domain:
            _append(found.domains, domain.group(1).lower())

    slash = text.find("/")
    if slash >= 0:
        # Every match holds a "/": the text before the first and after the last is skipped.
        for m in _LICENCE.finditer(
            text,
            max(0, slash - _LICENCE_BEFORE_SLASH),
            text.rfind("/") + _LICENCE_AFTER_SLASH,
        ):
            before = text[m.start() - 1] if m.start() else " "
            prefix = text[max(0, m.start() - 6) : m.start() - 1]
            if before.isalnum() or (before == "/" and not _LICENCE_PREFIX.search(prefix)):
                continue  # part of a longer number or path; "MPD/2671/LHR" prefixes are fine
            city = m.group("city").upper()
            known = city in _KNOWN_CITY and m.group("city").isupper()
            if known or _LICENCE_WORD.search(text[max(0, m.start() - 30) : m.start()]):
                _append(found.licences, f"{m.group('num').zfill(4)}/{city}")

    if same_length:
        for salary in _salaries(text, lowered):
            found.salaries.append(salary)

    for code in _destinations(lowered):
        _append(found.destinations, code)

    if "visa" in lowered or "ویز" in text:
        for m in _visa_matches(lowered) if lower_ok else _VISA.finditer(text):
            _append(found.visa_types, m.lastgroup)
    if ("iqama" in lowered or "اقامہ" in text) and _IQAMA.search(text):
        _append(found.visa_types, "iqama")
    return found


def contacts_of(text: str, *, region: str = DEFAULT_REGION) -> list[str]:
    """Shortcut for ``extract(text).contacts()``."""
    return extract(text, region=region).contacts()
