"""Views of this area are added by its issue work; see programs/urls.py."""
