"""Export ad networks as a graph: GraphML for Gephi/yEd/Cytoscape, JSON for the web app.

Nodes are ads, shared contacts and near-duplicate templates; edges join an ad to each
contact it shares with another ad (strong) and to its template (weak). Output is
deterministic: the same input gives byte-identical files, so exports can be diffed
and cached.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import IO

import networkx as nx
import numpy as np

from adscreen.cluster import STRONG, WEAK, NetworkResult
from adscreen.templates import Template

__all__ = [
    "build_graph",
    "graph_to_json",
    "write_graph_json",
    "write_graphml",
    "write_network_graphml",
    "write_network_json",
]

JSON_FORMAT_VERSION = 1


def build_graph(
    result: NetworkResult,
    *,
    templates: Mapping[int, Template] | None = None,
    min_cluster_size: int = 2,
) -> nx.Graph:
    """Build the ad–contact–template graph of the networks in ``result``.

    Parameters
    ----------
    result : NetworkResult
    templates : mapping of int to Template, optional
        Adds each template's text to its node.
    min_cluster_size : int, default=2
        Ads in smaller networks are left out; lone ads carry no links and at social-media
        volume would swamp the graph.

    Returns
    -------
    networkx.Graph
        Node ids are ``ad:<id>``, ``contact:<key>`` and ``template:<n>``.
    """
    templates = templates or {}
    graph = nx.Graph()
    contact_edges: list[tuple[str, str]] = []
    template_edges: list[tuple[str, str]] = []
    contacts: set[str] = set()
    template_ids: set[int] = set()
    for cluster_id, members in result.cluster_members(min_size=min_cluster_size).items():
        for ad in members.tolist():
            assignment = result.assignment(ad)
            node = f"ad:{assignment.ad_id}"
            attributes = {"type": "ad", "ad_id": assignment.ad_id, "cluster_id": cluster_id}
            if assignment.template_id is not None:
                attributes["template_id"] = assignment.template_id
                template_ids.add(assignment.template_id)
                template_edges.append((node, f"template:{assignment.template_id}"))
            graph.add_node(node, **attributes)
            for reason in assignment.reasons:
                if reason["link"] == "contact":
                    contacts.add(reason["contact"])
                    contact_edges.append((node, f"contact:{reason['contact']}"))

    for key in sorted(contacts):
        kind = key.split(":", 1)[0]
        graph.add_node(f"contact:{key}", type="contact", kind=kind, key=key)
    sizes = {t: len(m) for t, m in result.template_members().items() if t in template_ids}
    for template_id in sorted(template_ids):
        attributes = {"type": "template", "template_id": template_id, "size": sizes[template_id]}
        if template_id in templates:
            attributes["text"] = templates[template_id].text
        graph.add_node(f"template:{template_id}", **attributes)

    for source, target in sorted(contact_edges):
        graph.add_edge(source, target, relation="uses_contact", strength=STRONG)
    for source, target in sorted(template_edges):
        graph.add_edge(source, target, relation="matches_template", strength=WEAK)
    return graph


def write_graphml(graph: nx.Graph, path_or_file: str | IO[bytes]) -> None:
    """Write ``graph`` as GraphML (UTF-8); characters XML cannot hold become U+FFFD."""
    nx.write_graphml(_xml_safe_graph(graph), path_or_file, encoding="utf-8", prettyprint=True)


# XML 1.0 cannot carry these, not even as character references: one in an ad's id or text
# would make the whole GraphML file unreadable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(value: object) -> object:
    """``value`` with each character XML cannot hold replaced by U+FFFD (strings only)."""
    if not isinstance(value, str) or value.isprintable() or not _NOT_XML.search(value):
        return value
    return _NOT_XML.sub("\ufffd", value)


def _xml_safe_graph(graph: nx.Graph) -> nx.Graph:
    """``graph`` itself, or a copy with :func:`_xml_safe` node names and attributes."""
    attributes = itertools.chain(
        (data for _, data in graph.nodes(data=True)), (data for *_, data in graph.edges(data=True))
    )
    if all(_xml_safe(node) is node for node in graph) and all(
        _xml_safe(value) is value for data in attributes for value in data.values()
    ):
        return graph
    safe = nx.relabel_nodes(graph, _xml_safe)
    for data in itertools.chain(
        (data for _, data in safe.nodes(data=True)), (data for *_, data in safe.edges(data=True))
    ):
        data.update({key: _xml_safe(value) for key, value in data.items()})
    return safe


def graph_to_json(graph: nx.Graph) -> dict:
    """A versioned, JSON-ready ``{"format", "nodes", "edges"}`` view of ``graph``."""
    nodes = [{"id": node, **attributes} for node, attributes in graph.nodes(data=True)]
    edges = [
        {"source": source, "target": target, **attributes}
        for source, target, attributes in graph.edges(data=True)
    ]
    edges.sort(key=lambda edge: (edge["source"], edge["target"]))
    return {"format": JSON_FORMAT_VERSION, "directed": False, "nodes": nodes, "edges": edges}


def write_graph_json(graph: nx.Graph, file: IO[str]) -> None:
    """Write :func:`graph_to_json` to a text file, keeping Urdu readable (no escapes)."""
    json.dump(graph_to_json(graph), file, ensure_ascii=False, sort_keys=True, indent=1)
    file.write("\n")


# Streaming export: the same bytes as write_graphml(build_graph(...)) and
# write_graph_json(build_graph(...)), written node by node from the NetworkResult. A
# networkx graph costs about a kilobyte per ad, and networkx's GraphML writer builds a
# whole ElementTree on top of it before writing a byte (at 100k ads, over 500 MB of the
# run's peak memory).

_GRAPHML_HEADER = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'
)


def write_network_graphml(
    result: NetworkResult,
    path_or_file: str | IO[bytes],
    *,
    templates: Mapping[int, Template] | None = None,
    min_cluster_size: int = 2,
) -> None:
    """Write ``write_graphml(build_graph(result, ...))`` without building the graph.

    The output is byte-for-byte the same (tests compare them), but instead of a graph
    (about a kilobyte per ad) only the ads' positions sorted by id are held (tens of
    bytes per ad). If two ads in the graph share an id, networkx would merge their
    nodes; then the graph is built after all.
    """
    view = _GraphView(result, templates, min_cluster_size)
    if view.has_duplicate_ids():
        graph = build_graph(result, templates=templates, min_cluster_size=min_cluster_size)
        write_graphml(graph, path_or_file)
        return
    if isinstance(path_or_file, str):
        with open(path_or_file, "wb") as file:
            _write_graphml(view, file)
    else:
        _write_graphml(view, path_or_file)


def write_network_json(
    result: NetworkResult,
    file: IO[str],
    *,
    templates: Mapping[int, Template] | None = None,
    min_cluster_size: int = 2,
) -> None:
    """Write ``write_graph_json(build_graph(result, ...))`` without building the graph.

    Byte-for-byte the same text; the graph is built after all when two ads in it share
    an id.
    """
    view = _GraphView(result, templates, min_cluster_size)
    if view.has_duplicate_ids():
        graph = build_graph(result, templates=templates, min_cluster_size=min_cluster_size)
        write_graph_json(graph, file)
        return
    file.write('{\n "directed": false,\n "edges": [')
    _write_json_items(file, view.sorted_edges())
    file.write(f'],\n "format": {JSON_FORMAT_VERSION},\n "nodes": [')
    _write_json_items(file, ({"id": node, **attributes} for node, attributes in view.nodes()))
    file.write("]\n}\n")


def _write_json_items(file: IO[str], items: Iterable[dict]) -> None:
    # Laid out as json.dump(..., sort_keys=True, indent=1) lays out the flat dicts of a
    # list one level down, but formatted here: with indent, json uses its pure-Python
    # encoder, three times slower. Scalars still go through json.dumps.
    separator, buffer = "\n  ", []
    for item in items:
        fields = ",\n   ".join(
            f"{json.dumps(key, ensure_ascii=False)}: {json.dumps(item[key], ensure_ascii=False)}"
            for key in sorted(item)
        )
        buffer.append(f"{separator}{{\n   {fields}\n  }}")
        separator = ",\n  "
        if len(buffer) >= 4096:
            file.write("".join(buffer))
            buffer = []
    file.write("".join(buffer))
    if separator != "\n  ":
        file.write("\n ")


def _write_graphml(view: _GraphView, file: IO[bytes]) -> None:
    # Laid out byte for byte as networkx's GraphMLWriter (indent() then ElementTree.write).
    keys = view.graphml_keys()
    key_ids = {(name, scope): f"d{number}" for number, (name, _, scope) in enumerate(keys)}
    parts = [_GRAPHML_HEADER, "\n  "]
    for number in reversed(range(len(keys))):  # networkx inserts each new key first
        name, xml_type, scope = keys[number]
        parts.append(
            f'<key id="d{number}" for="{scope}" attr.name="{name}" attr.type="{xml_type}" />\n  '
        )
    file.write("".join(parts).encode("utf-8"))

    elements = itertools.chain(
        (("node", f'id="{_xml_attribute(node)}"', "node", data) for node, data in view.nodes()),
        (
            ("edge", f'source="{_xml_attribute(u)}" target="{_xml_attribute(v)}"', "edge", data)
            for u, v, data in view.edges()
        ),
    )
    first = next(elements, None)
    if first is None:
        file.write(b'<graph edgedefault="undirected" />\n</graphml>\n')
        return
    file.write(b'<graph edgedefault="undirected">\n    ')
    buffer: list[str] = []
    pending = first
    for element in elements:
        buffer += [_graphml_element(pending, key_ids), "\n    "]
        pending = element
        if len(buffer) >= 4096:
            file.write("".join(buffer).encode("utf-8", "xmlcharrefreplace"))
            buffer = []
    buffer += [_graphml_element(pending, key_ids), "\n  </graph>\n</graphml>\n"]
    file.write("".join(buffer).encode("utf-8", "xmlcharrefreplace"))


def _graphml_element(element, key_ids) -> str:
    tag, attributes, scope, data = element
    lines = [f"<{tag} {attributes}>"]
    for name, value in data.items():
        text = _xml_text(str(value))
        key = key_ids[name, scope]
        # ElementTree writes an element with empty text as an empty element.
        lines.append(f'<data key="{key}">{text}</data>' if text else f'<data key="{key}" />')
    lines.append(f"</{tag}>")
    return "\n      ".join(lines[:-1]) + "\n    " + lines[-1]


# The escaping of xml.etree.ElementTree (_escape_cdata and _escape_attrib), after
# _xml_safe as write_graphml does it; tests compare.
def _xml_text(text: str) -> str:
    text = _xml_safe(text)  # type: ignore[assignment]
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _xml_attribute(text: str) -> str:
    text = _xml_text(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


class _GraphView:
    """Nodes and edges of ``build_graph(result, ...)``, in its order, generated on demand
    from the compact arrays of the result."""

    def __init__(self, result: NetworkResult, templates, min_cluster_size: int):
        self.result = result
        self.templates = templates or {}
        clusters = result.cluster_members(min_size=min_cluster_size)
        self.positions = (
            np.concatenate(list(clusters.values())) if clusters else np.zeros(0, dtype=np.int64)
        )
        in_graph = np.zeros(len(result), dtype=bool)
        in_graph[self.positions] = True
        self.contacts = sorted(result.shared_contact_keys(in_graph))
        self.template_ids = sorted(set(result.template_of[self.positions].tolist()) - {0})
        self._by_id: list[int] | None = None

    def _ads_by_id(self) -> list[int]:
        if self._by_id is None:
            self._by_id = sorted(self.positions.tolist(), key=self.result.ad_ids.__getitem__)
        return self._by_id

    def has_duplicate_ids(self) -> bool:
        ids = self.result.ad_ids
        order = self._ads_by_id()
        return any(ids[a] == ids[b] for a, b in zip(order, order[1:], strict=False))

    def graphml_keys(self) -> list[tuple[str, str, str]]:
        """(name, GraphML type, scope) of each data key, in the order networkx creates
        them: the attributes of the nodes in order, then of the edges."""
        keys = []
        if len(self.positions):
            keys += [("type", "string", "node"), ("ad_id", "string", "node")]
            keys += [("cluster_id", "long", "node")]
        if self.template_ids:
            keys.append(("template_id", "long", "node"))
        if self.contacts:
            keys += [("kind", "string", "node"), ("key", "string", "node")]
        if self.template_ids:
            keys.append(("size", "long", "node"))
            if any(t in self.templates for t in self.template_ids):
                keys.append(("text", "string", "node"))
        if self.contacts or self.template_ids:
            keys += [("relation", "string", "edge"), ("strength", "string", "edge")]
        return keys

    def _ad_rows(self, positions: list[int]) -> Iterator[tuple[int, str, int, int]]:
        """(position, ad id, cluster id, template id or 0) of each ad, a block at a time."""
        ids, step = self.result.ad_ids, 1 << 14
        for start in range(0, len(positions), step):
            block = positions[start : start + step]
            clusters = self.result.cluster_of[block].tolist()
            templates = self.result.template_of[block].tolist()
            for ad, cluster_id, template_id in zip(block, clusters, templates, strict=True):
                yield ad, ids[ad], cluster_id, template_id

    def nodes(self) -> Iterator[tuple[str, dict]]:
        for _, ad_id, cluster_id, template_id in self._ad_rows(self.positions.tolist()):
            attributes = {"type": "ad", "ad_id": ad_id, "cluster_id": cluster_id}
            if template_id:
                attributes["template_id"] = template_id
            yield f"ad:{ad_id}", attributes
        for key in self.contacts:
            yield f"contact:{key}", {"type": "contact", "kind": key.split(":", 1)[0], "key": key}
        sizes = np.bincount(self.result.template_of)
        for template_id in self.template_ids:
            attributes = {
                "type": "template",
                "template_id": template_id,
                "size": int(sizes[template_id]),
            }
            if template_id in self.templates:
                attributes["text"] = self.templates[template_id].text
            yield f"template:{template_id}", attributes

    def edges(self, positions: list[int] | None = None) -> Iterator[tuple[str, str, dict]]:
        """Edges as networkx lists them: every edge has an ad end and ad nodes come
        first, so by ad in node order, each ad's contacts in order, then its template."""
        if positions is None:
            positions = self.positions.tolist()
        shared_contacts_of = self.result.shared_contacts_of
        for ad, ad_id, _, template_id in self._ad_rows(positions):
            node = f"ad:{ad_id}"
            for key in shared_contacts_of(ad):
                yield node, f"contact:{key}", _CONTACT_EDGE
            if template_id:
                yield node, f"template:{template_id}", _TEMPLATE_EDGE

    def sorted_edges(self) -> Iterator[dict]:
        """Edges sorted by (source, target), as :func:`graph_to_json` lists them: by ad
        id, then contacts in order, then the template ("contact:" < "template:")."""
        for source, target, attributes in self.edges(self._ads_by_id()):
            yield {"source": source, "target": target, **attributes}


_CONTACT_EDGE = {"relation": "uses_contact", "strength": STRONG}
_TEMPLATE_EDGE = {"relation": "matches_template", "strength": WEAK}
