name = 'pymum'
version = '3'
