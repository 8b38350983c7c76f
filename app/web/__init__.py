"""HTML routes: parse the form, call one service, render a page or a block."""
