"""Pure rules applied to generated text after the model speaks: it is never trusted to obey.

No I/O, no model, no embeddings here: every rule is a plain function of the draft and what the
draft was grounded in, and every fix or refusal becomes a warning a person can read. One
concept per module: `output` (shaping the model's raw text), `text` (primitives the rules and
the eval checks share), `marks` (hashtags, emoji, links), `facts`, `pii` (finding personal
data), `privacy`, `injection` (spotting instructions injected in a comment), `style`, `safety`,
`sense`, and `guard`, the entry point that applies them all."""
