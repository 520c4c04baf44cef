"""The site pipeline (kbgen/site/): the MkDocs plugin's pages, `kbgen build`/`init`/`new`/
`serve`, the theme in Chromium, accessibility, sanitising, structured data, unwritten
placeholders, the install source `kbgen init` pins and the site in several languages."""
