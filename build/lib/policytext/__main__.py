"""``python -m policytext``."""

import sys

from policytext.cli import main

sys.exit(main())
