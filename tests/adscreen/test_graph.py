"""Graph export of ad networks (adscreen.graph): well-formed and deterministic."""

import io
import json
import xml.etree.ElementTree as ET

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from adscreen import graph as graph_module
from adscreen.cluster import AdNetworkIndex
from adscreen.graph import (
    build_graph,
    graph_to_json,
    write_graph_json,
    write_graphml,
    write_network_graphml,
    write_network_json,
)
from adscreen.templates import extract_templates

DRIVER = (
    "Driver required in {city} for a logistics company, salary {salary} AED per month, "
    "free visa, ticket and accommodation, duty eight hours, call {name} today"
)
GRAPHML_NS = "{http://graphml.graphdrawing.org/xmlns}"


def network_result():
    index = AdNetworkIndex(threshold=0.7, num_perm=64, seed=3)
    index.add("a1", DRIVER.format(city="Dubai", salary=1200, name="Adeel"), [])
    index.add(
        "a2", DRIVER.format(city="Sharjah", salary=1300, name="Hina"), ["phone:+923000000701"]
    )
    index.add("a3", DRIVER.format(city="Ajman", salary=1400, name="Sana"), [])
    index.add("b1", "Nurse needed at a Lahore clinic, morning shift", ["phone:+923000000701"])
    index.add("c1", "Teacher wanted in Multan, B.Ed required", ["email:lonely@example.com"])
    result = index.clusters()
    templates = extract_templates(result.template_members(), text_of=index.texts.__getitem__)
    return result, templates


def graphml_bytes(graph):
    buffer = io.BytesIO()
    write_graphml(graph, buffer)
    return buffer.getvalue()


def json_text(graph):
    buffer = io.StringIO()
    write_graph_json(graph, buffer)
    return buffer.getvalue()


def test_graph_links_ads_to_shared_contacts_and_templates():
    result, templates = network_result()
    graph = build_graph(result, templates=templates)

    assert sorted(graph.nodes) == [
        "ad:a1",
        "ad:a2",
        "ad:a3",
        "ad:b1",
        "contact:phone:+923000000701",
        "template:1",
    ]  # c1 is alone and its e-mail is not shared: neither appears
    assert graph.edges["ad:a2", "contact:phone:+923000000701"]["strength"] == "strong"
    assert graph.edges["ad:b1", "contact:phone:+923000000701"]["relation"] == "uses_contact"
    assert graph.edges["ad:a1", "template:1"]["strength"] == "weak"
    assert graph.nodes["template:1"]["text"].startswith("Driver required in {SLOT1}")
    # a2 and b1 share a phone (strong network); a1 and a3 only a template (weak network).
    assert graph.nodes["ad:b1"]["cluster_id"] == graph.nodes["ad:a2"]["cluster_id"]
    assert graph.nodes["ad:a1"]["cluster_id"] == graph.nodes["ad:a3"]["cluster_id"]
    assert graph.nodes["ad:a1"]["cluster_id"] != graph.nodes["ad:a2"]["cluster_id"]


def test_graphml_is_well_formed_and_round_trips():
    result, templates = network_result()
    graph = build_graph(result, templates=templates)
    data = graphml_bytes(graph)

    root = ET.fromstring(data)  # noqa: S314 - parsing our own export, not untrusted input
    assert root.tag == f"{GRAPHML_NS}graphml"
    assert len(root.findall(f"{GRAPHML_NS}graph/{GRAPHML_NS}node")) == 6
    assert len(root.findall(f"{GRAPHML_NS}graph/{GRAPHML_NS}edge")) == 5
    read_back = nx.read_graphml(io.BytesIO(data))
    assert dict(read_back.nodes(data=True)) == dict(graph.nodes(data=True))
    assert {frozenset(edge) for edge in read_back.edges} == {
        frozenset(edge) for edge in graph.edges
    }


def test_json_export_is_well_formed():
    result, templates = network_result()
    document = json.loads(json_text(build_graph(result, templates=templates)))

    assert document["format"] == 1
    assert {node["type"] for node in document["nodes"]} == {"ad", "contact", "template"}
    node_ids = {node["id"] for node in document["nodes"]}
    assert all(
        edge["source"] in node_ids and edge["target"] in node_ids for edge in document["edges"]
    )
    assert {(edge["relation"], edge["strength"]) for edge in document["edges"]} == {
        ("uses_contact", "strong"),
        ("matches_template", "weak"),
    }


def test_exports_are_byte_for_byte_deterministic():
    first_result, first_templates = network_result()
    second_result, second_templates = network_result()
    first = build_graph(first_result, templates=first_templates)
    second = build_graph(second_result, templates=second_templates)

    assert graphml_bytes(first) == graphml_bytes(second)
    assert json_text(first) == json_text(second)
    assert graph_to_json(first) == graph_to_json(second)


def test_min_cluster_size_one_includes_lone_ads():
    result, _ = network_result()
    graph = build_graph(result, min_cluster_size=1)
    assert "ad:c1" in graph.nodes
    assert graph.degree["ad:c1"] == 0


def streamed(result, templates=None, **options):
    graphml = io.BytesIO()
    write_network_graphml(result, graphml, templates=templates, **options)
    text = io.StringIO()
    write_network_json(result, text, templates=templates, **options)
    return graphml.getvalue(), text.getvalue()


def built(result, templates=None, **options):
    graph = build_graph(result, templates=templates, **options)
    return graphml_bytes(graph), json_text(graph)


def odd_result(ids, contacts_of, texts):
    index = AdNetworkIndex(threshold=0.7, num_perm=64, seed=3)
    for ad_id, contacts, text in zip(ids, contacts_of, texts, strict=True):
        index.add(ad_id, text, contacts)
    result = index.clusters()
    templates = extract_templates(result.template_members(), text_of=index.texts.__getitem__)
    return result, templates


def test_streamed_exports_equal_the_networkx_ones_byte_for_byte():
    result, templates = network_result()

    assert streamed(result, templates) == built(result, templates)
    assert streamed(result) == built(result)  # template nodes without text
    assert streamed(result, min_cluster_size=1) == built(result, min_cluster_size=1)
    assert streamed(result, min_cluster_size=99) == built(result, min_cluster_size=99)  # empty


def test_streamed_exports_escape_and_order_like_networkx():
    # Ids that need XML escaping, sort differently from input order, or are not ASCII.
    ids = ['z&"1"', "a<2>", "ب\t3", "A\r\n4", "", "x'6"]
    contacts = [["phone:+923000000001"], ["phone:+923000000001", "email:a&b@example.com"],
                ["email:a&b@example.com"], [], [], ["licence:12/<LHR>"]]  # fmt: skip
    texts = [DRIVER.format(city=f"C{n} & <co>", salary=1000 + n, name="A") for n in range(5)]
    texts.append("Nurse needed at a Lahore clinic, morning shift")
    result, templates = odd_result(ids, contacts, texts)

    assert streamed(result, templates) == built(result, templates)
    assert streamed(result, templates, min_cluster_size=1) == built(
        result, templates, min_cluster_size=1
    )


def test_streamed_exports_fall_back_to_networkx_for_repeated_ids():
    ids = ["same", "same", "other", "same"]
    contacts = [["phone:+923000000001"], [], ["phone:+923000000001"], []]
    texts = [DRIVER.format(city=c, salary=1000, name="A") for c in ("Doha", "Dubai", "Ajman")]
    texts.append("Teacher wanted in Multan, B.Ed required")
    result, templates = odd_result(ids, contacts, texts)

    assert streamed(result, templates) == built(result, templates)


def _xml_char(char):
    # XML 1.0's Char production; anything else cannot be written, not even as a reference.
    code = ord(char)
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or code >= 0x10000
    )


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec=None)))
def test_xml_escaping_is_elementtrees(text):
    # ElementTree would write characters XML cannot hold; ours are U+FFFD in their place.
    safe = "".join(char if _xml_char(char) else "\ufffd" for char in text)
    element = ET.Element("data", {"key": safe})
    element.text = safe
    expected = ET.tostring(element, encoding="unicode")
    body = graph_module._xml_text(text)
    ours = f'<data key="{graph_module._xml_attribute(text)}">{body}</data>'

    if not body:  # ElementTree writes an element with empty text as an empty element
        ours = ours.replace("></data>", " />")
    assert ours == expected
