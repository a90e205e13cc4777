"""The documents area of Gold Card Guide."""
