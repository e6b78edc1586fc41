import sys

from .verify import main

sys.exit(main(sys.argv[1:]))
