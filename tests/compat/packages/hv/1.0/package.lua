name = 'hv'
version = '1.0'
hashed_variants = true
variants = {{"dep-1"}}
