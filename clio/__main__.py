import sys

from clio.cli import main

sys.exit(main())
