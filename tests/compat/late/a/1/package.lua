name = 'a'
version = '1'
