"""Results out of the store: CSV, Excel, JSON (which `results import` reads back) and xAPI."""
