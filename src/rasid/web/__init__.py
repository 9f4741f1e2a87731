"""The analyst's dashboard: static HTML, CSS and JavaScript served by `rasid.api` (no build step)."""
