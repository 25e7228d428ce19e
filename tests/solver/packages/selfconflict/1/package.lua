name = "selfconflict"
version = "1"
requires = {"python-2.5", "python-2.6"}
