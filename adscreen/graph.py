"""Export ad networks as a graph: GraphML for Gephi/yEd/Cytoscape, JSON for the web app.

Nodes are ads, shared contacts and near-duplicate templates; edges join an ad to each
contact it shares with another ad (strong) and to its template (weak). Output is
deterministic: the same input gives byte-identical files, so exports can be diffed
and cached.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import IO

import networkx as nx

from adscreen.cluster import STRONG, WEAK, NetworkResult
from adscreen.templates import Template

__all__ = ["build_graph", "graph_to_json", "write_graph_json", "write_graphml"]

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
    """Write ``graph`` as GraphML (UTF-8)."""
    nx.write_graphml(graph, path_or_file, encoding="utf-8", prettyprint=True)


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
