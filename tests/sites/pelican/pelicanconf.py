# A small original Pelican site for quire's tests. quire reads the plain
# assignments below and runs none of it.
import os
from datetime import date

AUTHOR = 'Kofi Mensah'
SITENAME = "Birds " 'at Dawn'
SITESUBTITLE = 'Early notes from the marsh'
SITEURL = 'https://dawn.example.org'
PATH = 'content'
PAGE_PATHS = ['pages', 'people']
TIMEZONE = 'Europe/London'
DEFAULT_LANG = 'en'
STATIC_PATHS = [
    'images',
    'extra/robots.txt',
]
ARTICLE_URL = '{date:%Y}/{slug}.html'
ARTICLE_SAVE_AS = ARTICLE_URL
THEME_COLOUR = compute_colour()   # an expression: not read
YEAR = date.today().year


def helper():
    SITENAME = 'never this'
    return SITENAME
