"""`python -m pmdesk` behaves exactly like the `pmdesk` command."""

from pmdesk.cli import main

raise SystemExit(main())
