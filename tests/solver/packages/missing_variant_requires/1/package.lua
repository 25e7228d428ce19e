name = "missing_variant_requires"
version = "1"
variants = {{"noexist"}, {"nada"}}
