"""Clearly synthetic Pakistani recruitment ads (English, Urdu, Roman Urdu) for training.

There is no public labelled corpus of Pakistani recruitment ads. These are generated from
phrase pools written for adscreen from the patterns in domain.md §5 (BE&OE and FIA
advisories, press reports), never copied from real ads, and contain no real personal data:

* phone numbers come from visibly fake blocks (``0300-00000NN``, ``+971 50 000 00NN``);
* e-mail addresses use the reserved ``example.com``/``.example`` domains;
* OEP licence numbers are drawn from ``9900``–``9999``, above the range seen in real
  licences, so a synthetic fraud ad never names a real promoter.

Each generated ad has a ``group``: variations of one base ad share it, so grouped
cross-validation never tests on a sibling of a training ad. Because every ad comes from the
same pools, scores on synthetic data are optimistic; the hand-written fixtures in
``tests/adscreen/fixtures`` are the honest check.

Labels: 1 = deceptive recruitment, 0 = legitimate (licensed overseas recruitment naming its
licence, the Protector and BE&OE; ordinary jobs inside Pakistan, which need no licence; and
warning posts that quote scam phrases, so the model learns that a trigger word alone is not
enough). Everything here is synthetic, written for adscreen.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

__all__ = ["generate", "SOURCE_NOTE"]

SOURCE_NOTE = (
    "adscreen.synthetic: generated from phrase pools written for adscreen after domain.md §5; "
    "no real ads, people, numbers or licences"
)

_JOBS = {
    "en": [
        "driver",
        "electrician",
        "cleaner",
        "security guard",
        "waiter",
        "mason",
        "plumber",
        "cook",
        "helper",
        "salesman",
        "warehouse worker",
        "call centre agent",
        "nurse",
        "data entry operator",
        "labourer",
        "tailor",
        "steel fixer",
        "house maid",
    ],
    "roman-ur": [
        "driver",
        "electrician",
        "safai wala",
        "guard",
        "waiter",
        "mistri",
        "plumber",
        "cook",
        "helper",
        "salesman",
        "mazdoor",
        "call center agent",
        "nurse",
        "computer operator",
        "darzi",
        "maid",
    ],
    "ur": [
        "ڈرائیور",
        "الیکٹریشن",
        "صفائی والا",
        "سیکیورٹی گارڈ",
        "ویٹر",
        "مستری",
        "پلمبر",
        "باورچی",
        "ہیلپر",
        "سیلز مین",
        "مزدور",
        "کال سینٹر ایجنٹ",
        "نرس",
        "کمپیوٹر آپریٹر",
    ],
}
_PLACES = {
    "en": [
        "Dubai",
        "Saudi Arabia",
        "Qatar",
        "Oman",
        "Kuwait",
        "Malaysia",
        "Italy",
        "Greece",
        "Romania",
        "Poland",
        "Turkey",
        "Europe",
        "Bahrain",
        "Riyadh",
        "Abu Dhabi",
    ],
    "roman-ur": [
        "Dubai",
        "Saudia",
        "Qatar",
        "Oman",
        "Kuwait",
        "Malaysia",
        "Italy",
        "Greece",
        "Romania",
        "Poland",
        "Turkey",
        "Europe",
        "Bahrain",
    ],
    "ur": [
        "دبئی",
        "سعودی عرب",
        "قطر",
        "عمان",
        "کویت",
        "ملائیشیا",
        "اٹلی",
        "یونان",
        "یورپ",
        "ترکی",
        "بحرین",
    ],
}
_CITIES = [
    "Lahore",
    "Rawalpindi",
    "Karachi",
    "Peshawar",
    "Sialkot",
    "Gujrat",
    "Multan",
    "Faisalabad",
    "Gujranwala",
    "Mandi Bahauddin",
]
_CITY_CODES = ["LHR", "RWP", "KHI", "PSH", "SKT", "MLN"]

# Deceptive-recruitment phrases by language. "{place}", "{job}" and "{salary}" are filled in.
_FRAUD = {
    "en": [
        "Azad visa available for {place}",
        "Free visa for {place}, apply now",
        "No interview, direct selection",
        "100% guaranteed job in {place}",
        "Visa in 2 weeks guaranteed",
        "Visit visa for work in {place}, job on arrival",
        "Pay advance fee of Rs {fee} to confirm your seat",
        "Processing fee Rs {fee} via Easypaisa or JazzCash",
        "Contact on WhatsApp only, no calls",
        "Send your original passport to our office",
        "Passport will be kept by the agent",
        "Only young girls required for hotel staff",
        "Ladies staff required, good looking",
        "Free ticket, we arrange everything",
        "Agent will arrange your travel and visa",
        "Safe route to Europe through Iran and Turkey",
        "Boat to Italy, dunki with guarantee",
        "Call centre jobs in Thailand, high salary {salary}",
        "Data entry job in Cambodia, salary {salary}",
        "Limited seats, hurry",
        "You have been selected, pay the registration fee today",
        "Umrah visa with work, earn daily",
        "Ticket cost will be deducted from your salary",
        "Huge salary {salary} for {job}",
        "Sub agent needed in every city, commission",
        "Company name will be disclosed after selection",
        "Age 18-25 girls only",
        "Cannot change employer for 3 years",
        "Jobs in {place} for {job}, visa and ticket by us",
        "Send your passport copy and fee on WhatsApp",
        "Salary {salary} for easy work, no experience needed",
        "Work visa for {place} in 15 days, pay on selection",
        "Interview on WhatsApp, selection same day",
    ],
    "roman-ur": [
        "{place} ke liye azad visa dastiyab hai",
        "muft visa {place} ke liye, jaldi rabta karein",
        "bina interview ke selection",
        "100% guarantee ke sath naukri {place} mein",
        "2 hafton mein visa milega",
        "visit visa pe kaam milega {place} mein",
        "advance fee {fee} rupay jama karwayen",
        "pehle raqam bhejein phir visa",
        "sirf WhatsApp karein, call na karein",
        "apna passport jama karwa dein",
        "larkiyan chahiye hotel staff ke liye",
        "ladies staff chahiye, khubsurat larkiyan",
        "ticket muft, sab intezam hamara",
        "Iran ke raste Europe pohanchayen ge",
        "donkey lagwa kar Greece bhejte hain",
        "kashti se Italy jana hai to rabta karein",
        "jaldi karein, sirf 10 seats",
        "select ho gaye hain, fee jama karwayen",
        "bhari tankhwah {salary}",
        "umrah visa pe kaam milega",
        "tankhwah se katoti hogi ticket ki",
        "agent ko paise dein aur visa lein",
        "company ka naam baad mein bataya jayega",
        "umar 18 se 25 larkiyan",
        "{place} ke liye {job} chahiye, visa hamari zimmedari",
        "passport aur fee WhatsApp pe bhejein",
        "{place} mein kaam, tankhwah {salary}, koi tajurba zaroori nahi",
        "azad visa lagwayen, bas 2 lakh advance",
    ],
    "ur": [
        "{place} کے لیے آزاد ویزا دستیاب ہے",
        "فری ویزا {place} کے لیے",
        "بغیر انٹرویو کے سلیکشن",
        "سو فیصد گارنٹی کے ساتھ نوکری",
        "فوری ویزا دو ہفتوں میں",
        "وزٹ ویزا پر کام {place} میں",
        "ایڈوانس فیس {fee} روپے جمع کروائیں",
        "پروسیسنگ فیس ایزی پیسہ سے بھیجیں",
        "صرف واٹس ایپ کریں",
        "اصل پاسپورٹ جمع کروائیں",
        "لیڈیز اسٹاف کی ضرورت ہے",
        "خوبصورت لڑکیوں کی ضرورت ہے",
        "فری ٹکٹ اور رہائش",
        "ایران کے راستے یورپ",
        "ڈنکی کے ذریعے یونان",
        "محدود سیٹیں، جلدی کریں",
        "بھاری تنخواہ {salary}",
        "تنخواہ سے کٹوتی ہوگی",
        "{place} کے لیے {job} کی ضرورت ہے، ویزا ہماری ذمہ داری",
        "پاسپورٹ اور فیس واٹس ایپ پر بھیجیں",
        "{place} میں نوکری، تنخواہ {salary}، کسی تجربے کی ضرورت نہیں",
    ],
}
# Legitimate recruitment phrases: named employer, licence, interview, no fee, Protector.
_LEGIT = {
    "en": [
        "{job} required for {company} in {place}",
        "Overseas Employment Promoter licence No. {licence}",
        "Interviews at our {city} office on Monday with original documents",
        "Employer-paid visa and ticket as per Emigration Ordinance 1979",
        "No fee is charged to workers other than the government-notified amount, receipt given",
        "Protector of Emigrants registration and Foreign Service Agreement before departure",
        "Permission No. {permission} from the Bureau of Emigration",
        "Salary {salary} plus accommodation and medical insurance",
        "Verify our licence on the BE&OE website before applying",
        "Two years contract, 8 hours a day, weekly day off",
        "Trade test at a government-approved centre",
        "Apply by e-mail to {email}",
        "Experience of 3 years in {job} work required",
        "Call our office {phone} (9am to 5pm)",
    ],
    "roman-ur": [
        "{company} ko {place} ke liye {job} chahiye",
        "OEP licence number {licence}",
        "interview hamare {city} daftar mein hoga",
        "koi fee nahi, sirf sarkari fees ki raseed",
        "protector aur muahida Bureau ke zariye",
        "tankhwah {salary} aur rehaish company ki",
        "apply karne se pehle BE&OE website par licence check karein",
        "3 saal ka tajurba zaroori hai",
        "daftar ka number {phone}",
    ],
    "ur": [
        "{company} کو {place} کے لیے {job} کی ضرورت ہے",
        "او ای پی لائسنس نمبر {licence}",
        "انٹرویو ہمارے {city} دفتر میں ہوگا",
        "کارکن سے کوئی فیس نہیں لی جائے گی",
        "پروٹیکٹر آف ایمیگرنٹس سے رجسٹریشن لازمی ہے",
        "تنخواہ {salary} اور رہائش کمپنی کی طرف سے",
        "تین سال کا تجربہ ضروری ہے",
        "دفتر کا نمبر {phone}",
    ],
}
# Ordinary jobs inside Pakistan: short posts like the scams, no licence needed (the
# Emigration Ordinance is about work abroad), so a short Pakistani post is not suspect as such.
_DOMESTIC = {
    "en": [
        "{djob} required in {city}",
        "{djob} needed for our {city} branch",
        "Send your CV to {email}",
        "Salary Rs {dsalary} per month plus fuel",
        "Experience of 2 years preferred",
        "Walk-in interview on Monday at our {city} office",
        "Apply before the 30th of this month",
        "Matric or Intermediate required",
        "Call {phone} between 10am and 5pm",
    ],
    "roman-ur": [
        "{city} mein {djob} ki zaroorat hai",
        "{djob} chahiye {city} ke liye",
        "tankhwah {dsalary} rupay mahana",
        "CV {email} par bhejein",
        "interview {city} office mein hoga",
        "2 saal ka tajurba ho",
        "rabta {phone}",
    ],
    "ur": [
        "{city} میں {djob} کی ضرورت ہے",
        "تنخواہ {dsalary} روپے ماہانہ",
        "سی وی {email} پر بھیجیں",
        "انٹرویو ہمارے {city} دفتر میں ہوگا",
        "دو سال کا تجربہ ضروری ہے",
        "رابطہ {phone}",
    ],
}
_DOMESTIC_JOBS = {
    "en": ["Accountant", "Receptionist", "Driver", "Teacher", "Sales officer", "Cook", "Nurse"],
    "roman-ur": ["accountant", "receptionist", "driver", "teacher", "salesman", "cook"],
    "ur": ["اکاؤنٹنٹ", "ریسپشنسٹ", "ڈرائیور", "استاد", "سیلز مین", "باورچی"],
}
# Warning posts quote scam phrases but are not recruitment: hard negatives.
_WARNINGS = {
    "en": [
        "Beware: there is no such thing as an azad visa. Do not pay any agent.",
        "FIA warns citizens about fake job ads offering free visa and no interview.",
        "Never hand over your passport to an agent. Check the OEP licence with BE&OE.",
        "Visit visas do not allow work. Report fake recruiters to FIA helpline 111-247-786.",
    ],
    "roman-ur": [
        "khabardar: azad visa naam ki koi cheez nahi, kisi agent ko paise na dein",
        "FIA ki warning: bina interview naukri ke jhanse mein na aayen",
        "apna passport kisi agent ke hawale na karein, licence check karein",
    ],
    "ur": [
        "خبردار: آزاد ویزا نام کی کوئی چیز نہیں، کسی ایجنٹ کو پیسے نہ دیں",
        "ایف آئی اے کی وارننگ: بغیر انٹرویو نوکری کے جھانسے میں نہ آئیں",
        "اپنا پاسپورٹ کسی ایجنٹ کے حوالے نہ کریں",
    ],
}
_COMPANIES = [
    "Example Gulf Contracting LLC",
    "Sample Facilities Management Co.",
    "Demo Hospitality Group",
    "Placeholder Construction WLL",
    "Fictional Logistics FZE",
]
_CURRENCY = {
    "en": ["AED {n}", "SAR {n}", "{n} QAR", "{n} euro", "Rs {n}"],
    "roman-ur": ["{n} dirham", "{n} riyal", "{n} euro", "{n} rupay"],
    "ur": ["{n} درہم", "{n} ریال", "{n} روپے"],
}


def _phone(rng: random.Random) -> str:
    n = rng.randrange(10, 99)
    return rng.choice(
        [
            f"0300-00000{n}",
            f"0321 000 00{n}",
            f"+92 345 00000{n}",
            f"+971 50 000 00{n}",
            f"+966 50 000 00{n}",
            f"wa.me/9230000000{n}",
        ]
    )


def _fill(template: str, lang: str, rng: random.Random) -> str:
    return template.format(
        place=rng.choice(_PLACES[lang]),
        job=rng.choice(_JOBS[lang]),
        salary=rng.choice(_CURRENCY[lang]).format(n=rng.choice([1500, 2500, 3000, 4500, 250000])),
        fee=rng.choice(["50,000", "80000", "1.5 lakh", "4 lakh", "4000"]),
        company=rng.choice(_COMPANIES),
        licence=f"{rng.randrange(9900, 10000)}/{rng.choice(_CITY_CODES)}",
        permission=f"{rng.randrange(100, 999)}/{rng.randrange(2023, 2027)}",
        city=rng.choice(_CITIES),
        djob=rng.choice(_DOMESTIC_JOBS[lang]),
        dsalary=rng.choice(["35,000", "45000", "60,000", "80000"]),
        email=f"hr{rng.randrange(1, 99)}@example.com",
        phone=_phone(rng),
    )


def _compose(lang: str, kind: str, rng: random.Random) -> tuple[list[str], str]:
    """Pick the phrases of one base ad (templates still unfilled) and its separator."""
    if kind == "warning":
        parts = rng.sample(_WARNINGS[lang], k=min(len(_WARNINGS[lang]), rng.randint(1, 2)))
    elif kind == "fraud":
        parts = rng.sample(_FRAUD[lang], k=rng.randint(2, 5))
        parts.insert(0, rng.choice(["{job} {place}", "{job} jobs"]))
    elif kind == "domestic":
        parts = rng.sample(_DOMESTIC[lang], k=rng.randint(2, 4))
    else:
        parts = rng.sample(_LEGIT[lang], k=rng.randint(3, 6))
    if kind != "warning" and rng.random() < 0.9:
        label = {"ur": "رابطہ", "roman-ur": "rabta"}.get(lang, "Contact")
        parts.append(label + ": {phone}")
    sep = "۔ " if lang == "ur" else rng.choice([". ", "\n", " - ", "! "])
    return parts, sep


def generate(n: int, *, seed: int = 0, variations: int = 3) -> Iterator[dict]:
    """Yield ``n`` synthetic labelled ads as dicts (id, text, label, lang, group, source).

    Parameters
    ----------
    n : int
        Number of ads.
    seed : int, default=0
        Same seed, same ads.
    variations : int, default=3
        Ads generated per base ad (same phrases, different slot values); they share a group.

    Examples
    --------
    >>> ads = list(generate(6, seed=1))
    >>> len(ads), sorted(ads[0])
    (6, ['group', 'id', 'label', 'lang', 'source', 'text'])
    """
    rng = random.Random(seed)
    made = base = 0
    while made < n:
        lang = rng.choices(["en", "roman-ur", "ur"], weights=[4, 3, 3])[0]
        kind = rng.choices(["fraud", "legit", "domestic", "warning"], weights=[5, 3, 2, 1])[0]
        parts, sep = _compose(lang, kind, rng)
        for _ in range(min(variations, n - made)):
            yield {
                "id": f"syn-{seed}-{made}",
                "text": sep.join(_fill(p, lang, rng) for p in parts),
                "label": 1 if kind == "fraud" else 0,
                "lang": lang,
                "group": f"syn-{seed}-{base}",
                "source": "synthetic",
            }
            made += 1
        base += 1
