"""`kbgen check`: the rules, their settings, languages, output formats and the CI recipe."""
