name = "bahish"
version = "2"

requires = ["pybah-5"]
