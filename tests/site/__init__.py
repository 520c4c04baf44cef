"""The site pipeline: the MkDocs plugin's pages, `kbgen build`/`init`/`new`/`serve`, the theme in
Chromium, accessibility, sanitising, structured data and the site in several languages."""
