"""Layout-only page modules, registered with dash.register_page."""
