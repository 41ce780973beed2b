"""Models arrive with this part's issue; the app is registered now so the layout is fixed."""
