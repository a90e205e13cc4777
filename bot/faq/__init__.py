"""The faq area of Gold Card Guide."""
