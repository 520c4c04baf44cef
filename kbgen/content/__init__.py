"""The knowledge base as every pipeline sees it: articles and site data read from content/,
validated, and typed (model.py); the site, search, check and mine all start here."""
