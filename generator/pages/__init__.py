"""Page views and their rendering: plain template data per page, then Markdown through Jinja."""
