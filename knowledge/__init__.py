"""A brand's knowledge: profile, sources, chunks, embeddings, index, retrieval and sync.

A library usable without the server: nothing here imports `server` or `eval`.
"""
