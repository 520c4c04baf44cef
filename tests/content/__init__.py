"""The content model and loader: front matter, YAML errors, languages, placeholders, the
example content's promises."""
