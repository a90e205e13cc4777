"""`python -m bot` runs the goldcard-bot command line."""

import sys

from bot.cli import main

sys.exit(main())
