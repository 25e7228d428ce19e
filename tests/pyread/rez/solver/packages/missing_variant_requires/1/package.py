name = "missing_variant_requires"
version = "1"

def commands() -> None:
    pass

variants = [
    ["noexist"],
    ["nada"]
]
