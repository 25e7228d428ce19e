# -*- coding: utf-8 -*-

name = 'usdview'

version = '0.8.2'

requires = [
    'pyside-1.2',
    'usd-0.8.2'
]

