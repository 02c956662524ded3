// Draws a network page's graph with Cytoscape.js (vendored, served from Rihai).
// The data comes from the page itself (json_script); no inline script (CSP: 'self' only).
// Without JavaScript the same links are in the list under the drawing.
(function () {
  "use strict";
  var box = document.getElementById("network-graph");
  var data = document.getElementById("network-graph-data");
  if (!box || !data || typeof cytoscape !== "function") { return; }
  var graph = JSON.parse(data.textContent);
  if (!graph.nodes.length) { return; }
  box.hidden = false;
  var colours = {
    "ad-high": "#b3261e", "ad-medium": "#d9822b", "ad-low": "#8a8a8a",
    phone: "#1d6fb8", wa: "#1d6fb8", email: "#5a7d9a", licence: "#7a4fb5",
    suspect: "#222222", investigation: "#1e7b4a", "case": "#c77d00", elsewhere: "#ffffff"
  };
  var shapes = { licence: "round-rectangle", investigation: "round-rectangle", elsewhere: "round-rectangle", suspect: "diamond" };
  var cy = cytoscape({
    container: box,
    elements: { nodes: graph.nodes, edges: graph.edges },
    wheelSensitivity: 0.2,
    style: [
      { selector: "node", style: {
          "label": "data(label)", "font-size": 9, "text-valign": "bottom", "text-margin-y": 3,
          "width": 14, "height": 14, "color": "#222", "text-wrap": "ellipsis", "text-max-width": 120,
          "background-color": function (n) { return colours[n.data("kind")] || "#888"; },
          "shape": function (n) { return shapes[n.data("kind")] || "ellipse"; } } },
      { selector: "node[kind = 'elsewhere']", style: { "border-width": 2, "border-style": "dashed", "border-color": "#666", "width": 22, "height": 16 } },
      { selector: "node[kind = 'suspect'], node[kind = 'investigation'], node[kind = 'case']", style: { "width": 20, "height": 20, "font-size": 10 } },
      { selector: "edge", style: { "width": 1, "line-color": "#b8bcc8", "curve-style": "haystack" } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#000" } }
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 9000, idealEdgeLength: 60, padding: 20 }
  });
  cy.on("tap", "node", function (event) {
    var href = event.target.data("href");
    if (href) { window.location.assign(href); }
  });
})();
