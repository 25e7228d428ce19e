name = 'b'
version = '1'
