name = 'pymum'
version = '1'
