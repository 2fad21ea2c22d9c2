"""`python -m voix`: the `voix` command, for a checkout without the console script."""

from voix.cli import main

main()
