name = "merged"
version = "1"
requires = {"python"}
variants = {{"python-2.6"}, {"python-2.5"}}
