name = "needsnone"
version = "1"
requires = {"python-9"}
