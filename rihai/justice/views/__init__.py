"""Web pages for investigations, one module per noun; thin over queries and actions."""
