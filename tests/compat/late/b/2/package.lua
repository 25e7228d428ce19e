name = 'b'
version = '2'
