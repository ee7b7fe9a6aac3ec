from clio.cli import main
import sys

sys.exit(main())
