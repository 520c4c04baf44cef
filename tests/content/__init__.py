"""The content model and loader (kbgen/content/): front matter, YAML errors, safe addresses,
languages, the example content's promises."""
