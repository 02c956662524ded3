"""A network as a graph a person can read: ads ↔ phone numbers, WhatsApp and e-mail ↔
advertisers (the OEP licences the ads cite) ↔ suspects in investigations ↔ the survivors'
cases those investigations are linked to.

Only what the viewer may see is drawn: suspects, investigations and cases of other agencies
become one node per agency saying how many records it holds and whom to ask. The same
structure feeds the drawing (Cytoscape.js elements) and the list printed for readers without
JavaScript.
"""

import json
from collections import Counter, defaultdict

from django.urls import reverse

from .models import Ad, Promoter

MAX_ADS = 150  # a drawing of more ads is unreadable; the list below it has them all
CONTACT_KINDS = ("phone", "wa", "email")


def _contacts_of(ad) -> list[str]:
    entities = json.loads(ad.entities or "{}")
    keys = [f"phone:{p}" for p in entities.get("phones", [])]
    keys += [w if w.startswith("wa:") else f"wa:{w}" for w in entities.get("whatsapp", [])]
    keys += [f"email:{e}" for e in entities.get("emails", [])]
    return list(dict.fromkeys(keys))


def _licence_variants(licence: str) -> list[str]:
    """``0848/LHR`` as a suspect's record may write it (the leading zero dropped)."""
    number, _slash, city = licence.partition("/")
    return list(dict.fromkeys([licence, f"{number.lstrip('0')}/{city}"]))


def build(user, ads, *, links=None) -> dict:
    """{"nodes", "edges", "suspects", "elsewhere"} for ``ads`` (already access-checked and
    audited by the caller). ``links``: the justice app's answer for the contacts; looked up
    here when not given."""
    from rihai.justice.queries_screening import suspects_for_contacts

    ads = sorted(ads, key=lambda a: (-a.score, a.pk))[:MAX_ADS]
    contacts = {ad.pk: _contacts_of(ad) for ad in ads}
    licences = {ad.pk: Ad.split(ad.licences) for ad in ads}
    counts = Counter(k for keys in contacts.values() for k in keys)
    phones = sorted({k.split(":", 1)[1] for k in counts if k.startswith(("phone:", "wa:"))})
    cited = sorted({lic for lics in licences.values() for lic in lics})
    if links is None:
        variants = [v for lic in cited for v in _licence_variants(lic)]
        links = suspects_for_contacts(user, phones=phones, licences=variants)
    matched = {k for s in links["visible"] for k in s["keys"]}
    matched |= {k for e in links["elsewhere"] for k in e["keys"]}
    # A WhatsApp number is a phone number: a suspect's phone matches either key.
    matched |= {f"wa:{k.split(':', 1)[1]}" for k in matched if k.startswith("phone:")}

    nodes, edges = [], []

    def node(node_id, label, kind, href=""):
        nodes.append({"data": {"id": node_id, "label": label, "kind": kind, "href": href}})

    def edge(a, b):
        edges.append({"data": {"id": f"{a}--{b}", "source": a, "target": b}})

    for ad in ads:
        node(
            f"ad-{ad.pk}",
            f"#{ad.pk} · {ad.score:.2f}",
            f"ad-{ad.band}",
            reverse("screening:ad", args=[ad.pk]),
        )
    shown = {k for k, n in counts.items() if n > 1 or k in matched}
    for key in sorted(shown):
        node(key, key.split(":", 1)[1], key.split(":", 1)[0])
    for ad in ads:
        for key in contacts[ad.pk]:
            if key in shown:
                edge(f"ad-{ad.pk}", key)
    names = dict(Promoter.objects.filter(licence__in=cited).values_list("licence", "name"))
    for lic in cited:
        node(f"licence:{lic}", f"{lic} {names.get(lic, '')}".strip(), "licence")
    for ad in ads:
        for lic in licences[ad.pk]:
            edge(f"ad-{ad.pk}", f"licence:{lic}")
    known = {n["data"]["id"] for n in nodes}

    def attach(source_keys, target):
        for key in source_keys:
            for candidate in (key, f"wa:{key.split(':', 1)[1]}"):
                if candidate in known:
                    edge(candidate, target)
            if key.startswith("licence:"):
                canonical = _canonical(key.split(":", 1)[1], cited)
                if canonical:
                    edge(f"licence:{canonical}", target)

    for entry in links["visible"]:
        suspect = entry["suspect"]
        sid = f"suspect-{suspect.pk}"
        node(
            sid,
            f"{suspect.display_name} ({suspect.get_role_display()})",
            "suspect",
            reverse("justice:suspect", args=[suspect.pk]),
        )
        attach(entry["keys"], sid)
        for inv_id, reference in entry["investigations"]:
            iid = f"investigation-{inv_id}"
            if iid not in {n["data"]["id"] for n in nodes}:
                node(iid, reference, "investigation", reverse("justice:detail", args=[inv_id]))
            edge(sid, iid)
        for case_id, reference in entry["cases"]:
            cid = f"case-{case_id}"
            if cid not in {n["data"]["id"] for n in nodes}:
                node(cid, reference, "case", reverse("cases:detail", args=[case_id]))
            edge(sid, cid)
    for i, entry in enumerate(links["elsewhere"]):
        eid = f"elsewhere-{i}"
        node(eid, f"{entry['agency']} · {entry['suspects']}", "elsewhere")
        attach(entry["keys"], eid)
    # One edge per pair, whatever found it twice.
    unique = list({e["data"]["id"]: e for e in edges}.values())
    return {
        "nodes": nodes,
        "edges": unique,
        "suspects": links["visible"],
        "elsewhere": links["elsewhere"],
    }


def _canonical(written: str, cited: list[str]) -> str:
    for lic in cited:
        if written in _licence_variants(lic):
            return lic
    return ""


def by_kind(graph: dict) -> dict:
    """The nodes grouped by kind, for the list printed without JavaScript."""
    grouped = defaultdict(list)
    for n in graph["nodes"]:
        grouped[n["data"]["kind"]].append(n["data"])
    return dict(grouped)
