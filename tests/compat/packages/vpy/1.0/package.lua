name = 'vpy'
version = '1.0'
variants = {{"python-2.7"}, {"python-2.6"}, {"python-2.5"}}
