"""Triage of an incoming comment, one concept per module: `types` (what triage decides),
`examples` (the labelled examples), `lexicon` (the EN/FR patterns), `text`, `rules` (crisis,
abuse, spam), `questions`, `cues`, `neighbours` (the vote), `policy` (nudges, sentiment,
severity, action), `explanations` (the `why`) and `triager` (the `Triager` that runs them)."""
