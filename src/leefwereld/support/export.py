"""The support app's part of the resident's export (registered in apps.ready)."""
