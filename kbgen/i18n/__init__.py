"""kbgen in the site's language: interface strings (catalog)."""

from kbgen.i18n.catalog import Catalog, load_catalog, shipped_languages

__all__ = ["Catalog", "load_catalog", "shipped_languages"]
