name = 'c'
version = '1'
