"""The screens a facilitator sees. They hold no data of their own."""
