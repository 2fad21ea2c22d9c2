"""The composition root: the one place that imports both `server/` and `eval/`.

`voix.app` builds the application (the API plus eval's review pages) and `voix.cli` the `voix`
command (server's command groups plus `voix eval`). Nothing imports this package.
"""
