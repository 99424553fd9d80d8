"""The web views: a FastAPI app with the dashboard pages and their JSON twins under /api."""
