name = "PyYAML"
version = "6.0"
requires = {"python"}
