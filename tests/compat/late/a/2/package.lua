name = 'a'
version = '2'
