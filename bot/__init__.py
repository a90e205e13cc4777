"""Gold Card Guide: a bilingual assistant that prepares Taiwan Employment Gold Card applications."""
