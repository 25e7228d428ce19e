name = 'pymum'
version = '2'
