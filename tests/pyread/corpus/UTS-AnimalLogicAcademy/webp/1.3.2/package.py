# -*- coding: utf-8 -*-

name = 'webp'

version = '1.3.2'

def commands():
    appendenv('PATH', '{root}/bin')
    appendenv('LD_LIBRARY_PATH', '{root}/lib')



