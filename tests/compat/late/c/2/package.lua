name = 'c'
version = '2'
