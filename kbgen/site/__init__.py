"""The site pipeline: the MkDocs plugin, the safe build, `kbgen build/serve/init/new`, and the
parts of the pages kbgen generates."""
