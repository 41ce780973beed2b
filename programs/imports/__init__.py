"""Imports of the spreadsheets officers upload (clubs, indicator results); see spreadsheets.py."""
