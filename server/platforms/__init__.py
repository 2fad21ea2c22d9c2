"""Social platforms, one concept per module: `rules` (the one table of platform rules),
`counting` (length counted the way each platform counts it), `links` (URLs as X and Mastodon
find them, on their list of top-level domains) and `threads` (a long text split into a thread)."""
